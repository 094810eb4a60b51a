CREATE TABLE `blocked_messages` (
	`provider_message_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`kind` text NOT NULL,
	`text` text,
	`sent_at` integer NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`kind` text DEFAULT 'whatsapp' NOT NULL,
	`name` text NOT NULL,
	`phone_number_id` text NOT NULL,
	`display_phone_number` text NOT NULL,
	`waba_id` text NOT NULL,
	`access_token` text NOT NULL,
	`app_secret` text NOT NULL,
	`verify_token` text NOT NULL,
	`connected` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_phone_number_id` ON `channels` (`phone_number_id`);--> statement-breakpoint
CREATE INDEX `channels_org` ON `channels` (`organization_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`kind` text DEFAULT 'whatsapp' NOT NULL,
	`external_id` text NOT NULL,
	`name` text,
	`blocked_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_org_external` ON `contacts` (`organization_id`,`kind`,`external_id`);--> statement-breakpoint
CREATE TABLE `organization_settings` (
	`organization_id` text PRIMARY KEY NOT NULL,
	`auto_resolve_expired` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `provider_messages` (
	`provider_message_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`room_id` text,
	`direction` text NOT NULL,
	`stored_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `realtime_tickets` (
	`ticket_hash` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`identity_id` text,
	`role` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rooms` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`status` text DEFAULT 'unassigned' NOT NULL,
	`assignee_id` text,
	`last_message_preview` text,
	`last_message_at` integer NOT NULL,
	`last_customer_message_at` integer,
	`window_expires_at` integer,
	`unread_count` integer DEFAULT 0 NOT NULL,
	`opened_at` integer NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rooms_one_open_per_contact` ON `rooms` (`channel_id`,`contact_id`) WHERE status <> 'resolved';--> statement-breakpoint
CREATE INDEX `rooms_org_activity` ON `rooms` (`organization_id`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `rooms_org_status` ON `rooms` (`organization_id`,`status`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `rooms_window` ON `rooms` (`status`,`window_expires_at`);--> statement-breakpoint
CREATE TABLE `templates` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`name` text NOT NULL,
	`language` text NOT NULL,
	`category` text NOT NULL,
	`status` text DEFAULT 'PENDING' NOT NULL,
	`components` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `templates_channel_name_language` ON `templates` (`channel_id`,`name`,`language`);