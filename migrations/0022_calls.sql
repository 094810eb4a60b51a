CREATE TABLE `agent_calls` (
	`organization_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`call_id` text NOT NULL,
	`since` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `agent_id`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `call_permission_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`room_id` text NOT NULL,
	`provider_message_id` text,
	`sent_at` integer NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `call_permission_requests_contact` ON `call_permission_requests` (`channel_id`,`contact_id`,`sent_at`);--> statement-breakpoint
CREATE TABLE `call_permissions` (
	`channel_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`state` text DEFAULT 'none' NOT NULL,
	`expires_at` integer,
	`answered_at` integer,
	`last_connected_at` integer,
	`unanswered_in_a_row` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`channel_id`, `contact_id`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `call_settings` (
	`channel_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`inbound` integer DEFAULT false NOT NULL,
	`outbound` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `calls` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`provider_call_id` text NOT NULL,
	`contact_id` text,
	`room_id` text,
	`direction` text NOT NULL,
	`state` text NOT NULL,
	`outcome` text,
	`agent_id` text,
	`started_at` integer NOT NULL,
	`connected_at` integer,
	`ended_at` integer,
	`duration_seconds` integer DEFAULT 0 NOT NULL,
	`cost` integer DEFAULT 0 NOT NULL,
	`end_reason` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calls_channel_provider` ON `calls` (`channel_id`,`provider_call_id`);--> statement-breakpoint
CREATE INDEX `calls_org_started` ON `calls` (`organization_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `calls_contact` ON `calls` (`channel_id`,`contact_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `ring_group_members` (
	`ring_group_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`ring_group_id`, `agent_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ring_group_members_channel_agent` ON `ring_group_members` (`channel_id`,`agent_id`);--> statement-breakpoint
CREATE TABLE `ring_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`name` text NOT NULL,
	`mode` text NOT NULL,
	`ring_timeout_seconds` integer DEFAULT 45 NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ring_groups_org_channel` ON `ring_groups` (`organization_id`,`channel_id`);