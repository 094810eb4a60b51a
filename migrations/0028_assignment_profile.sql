CREATE TABLE `agent_availability` (
	`organization_id` text NOT NULL,
	`user_id` text NOT NULL,
	`availability` text NOT NULL,
	`changed_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `user_id`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `assignment_settings` (
	`organization_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`max_open_per_agent` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_preferences` (
	`identity_id` text PRIMARY KEY NOT NULL,
	`language` text NOT NULL,
	`notification_sound` integer NOT NULL,
	`desktop_notifications` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`identity_id`) REFERENCES `identities`(`id`) ON UPDATE no action ON DELETE cascade
);
