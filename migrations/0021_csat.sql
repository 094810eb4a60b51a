CREATE TABLE `csat_settings` (
	`organization_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`question` text NOT NULL,
	`template_name` text,
	`template_language` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `csat_surveys` (
	`room_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`contact_external_id` text NOT NULL,
	`agent_id` text,
	`resolved_at` integer NOT NULL,
	`outcome` text,
	`message_id` text,
	`sent_at` integer,
	`rating` integer,
	`rated_at` integer,
	`comment` text,
	`commented_at` integer,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `csat_surveys_org_resolved` ON `csat_surveys` (`organization_id`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `csat_surveys_contact_rated` ON `csat_surveys` (`channel_id`,`contact_external_id`,`rated_at`);