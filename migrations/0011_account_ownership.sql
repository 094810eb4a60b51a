CREATE TABLE `invitations` (
	`organization_id` text NOT NULL,
	`identity_id` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `identity_id`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`identity_id`) REFERENCES `identities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_identity` ON `invitations` (`identity_id`);--> statement-breakpoint
ALTER TABLE `failed_logins` ADD `client` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `identities` ADD `email_verified_at` integer;--> statement-breakpoint
ALTER TABLE `identities` ADD `pending_email` text;--> statement-breakpoint
ALTER TABLE `password_reset_tokens` ADD `purpose` text DEFAULT 'reset' NOT NULL;--> statement-breakpoint
ALTER TABLE `password_reset_tokens` ADD `email` text;
--> statement-breakpoint
UPDATE `identities` SET `email_verified_at` = `updated_at`;
