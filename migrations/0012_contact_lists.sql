CREATE TABLE `contact_list_rows` (
	`list_id` text NOT NULL,
	`row_no` integer NOT NULL,
	`phone` text NOT NULL,
	`cells` text NOT NULL,
	PRIMARY KEY(`list_id`, `row_no`),
	FOREIGN KEY (`list_id`) REFERENCES `contact_lists`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `contact_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`columns` text NOT NULL,
	`row_count` integer NOT NULL,
	`duplicate_count` integer NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_lists_org_created` ON `contact_lists` (`organization_id`,`created_at`);