CREATE TABLE `campaign_engagement_blocks` (
	`organization_id` text NOT NULL,
	`phone` text NOT NULL,
	`until` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`organization_id`, `phone`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `channel_messaging_limits` (
	`channel_id` text PRIMARY KEY NOT NULL,
	`tier` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `messaging_limit_usage` (
	`channel_id` text NOT NULL,
	`phone` text NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`channel_id`, `phone`)
);
--> statement-breakpoint
CREATE INDEX `messaging_limit_usage_window` ON `messaging_limit_usage` (`channel_id`,`last_at`);