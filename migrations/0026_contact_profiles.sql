ALTER TABLE `contacts` ADD `email` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `notes` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `attributes` text DEFAULT '{}' NOT NULL;