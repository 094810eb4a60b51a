PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_provider_messages` (
	`provider_message_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`room_id` text,
	`direction` text NOT NULL,
	`stored_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`organization_id`, `provider_message_id`)
);
--> statement-breakpoint
INSERT INTO `__new_provider_messages`("provider_message_id", "organization_id", "room_id", "direction", "stored_at", "created_at") SELECT "provider_message_id", "organization_id", "room_id", "direction", "stored_at", "created_at" FROM `provider_messages`;--> statement-breakpoint
DROP TABLE `provider_messages`;--> statement-breakpoint
ALTER TABLE `__new_provider_messages` RENAME TO `provider_messages`;--> statement-breakpoint
PRAGMA foreign_keys=ON;