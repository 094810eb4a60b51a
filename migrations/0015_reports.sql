CREATE TABLE `report_messages` (
	`message_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`room_id` text NOT NULL,
	`direction` text NOT NULL,
	`author_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_messages_room` ON `report_messages` (`room_id`,`at`);--> statement-breakpoint
CREATE INDEX `report_messages_org_at` ON `report_messages` (`organization_id`,`at`);--> statement-breakpoint
CREATE TABLE `report_rooms` (
	`room_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`opened_at` integer NOT NULL,
	`assignee_id` text,
	`assigned_at` integer,
	`resolved_at` integer,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_rooms_org_opened` ON `report_rooms` (`organization_id`,`opened_at`);