CREATE TABLE `domain_events` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`type` text NOT NULL,
	`room_id` text,
	`at` integer NOT NULL,
	`payload` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `domain_events_org_at` ON `domain_events` (`organization_id`,`at`);--> statement-breakpoint
CREATE INDEX `domain_events_room` ON `domain_events` (`room_id`);