ALTER TABLE `contacts` ADD `user_id` text;--> statement-breakpoint
CREATE INDEX `contacts_org_user_id` ON `contacts` (`organization_id`,`kind`,`user_id`);