CREATE TABLE `campaign_opt_outs` (
	`organization_id` text NOT NULL,
	`phone` text NOT NULL,
	`source` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`organization_id`, `phone`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`channel_id` text NOT NULL,
	`template_id` text NOT NULL,
	`template_name` text NOT NULL,
	`language` text NOT NULL,
	`category` text NOT NULL,
	`target` text NOT NULL,
	`status` text NOT NULL,
	`stop_reason` text,
	`total` integer NOT NULL,
	`counts` text NOT NULL,
	`cost` integer DEFAULT 0 NOT NULL,
	`estimate` integer NOT NULL,
	`allow_partial` integer DEFAULT false NOT NULL,
	`scheduled_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`progress_at` integer NOT NULL,
	`idempotency_key` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `campaigns_org_created` ON `campaigns` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `campaigns_status` ON `campaigns` (`status`,`scheduled_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_org_idempotency` ON `campaigns` (`organization_id`,`idempotency_key`);--> statement-breakpoint
CREATE TABLE `channel_throughput` (
	`channel_id` text PRIMARY KEY NOT NULL,
	`messages_per_second` integer NOT NULL,
	`updated_at` integer NOT NULL
);
