CREATE TABLE `otp_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`identity_id` text NOT NULL,
	`purpose` text NOT NULL,
	`salt` text NOT NULL,
	`code_hash` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`locked_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`identity_id`) REFERENCES `identities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `otp_codes_owner` ON `otp_codes` (`organization_id`,`identity_id`,`purpose`,`created_at`);--> statement-breakpoint
CREATE INDEX `otp_codes_expires` ON `otp_codes` (`expires_at`);--> statement-breakpoint
CREATE TABLE `security_settings` (
	`organization_id` text PRIMARY KEY NOT NULL,
	`template_otp` integer DEFAULT false NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
DROP INDEX `templates_channel_name_language`;--> statement-breakpoint
ALTER TABLE `templates` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `templates` ADD `quality` text DEFAULT 'NEUTRAL' NOT NULL;--> statement-breakpoint
ALTER TABLE `templates` ADD `provider_template_id` text;--> statement-breakpoint
ALTER TABLE `templates` ADD `submitted_by` text;--> statement-breakpoint
ALTER TABLE `templates` ADD `updated_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `templates_channel_name` ON `templates` (`channel_id`,`name`);--> statement-breakpoint
CREATE INDEX `templates_org_created` ON `templates` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `templates_provider_id` ON `templates` (`provider_template_id`);