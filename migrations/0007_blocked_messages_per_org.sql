PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_blocked_messages` (
	`provider_message_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`kind` text NOT NULL,
	`text` text,
	`sent_at` integer NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`organization_id`, `provider_message_id`)
);
--> statement-breakpoint
INSERT INTO `__new_blocked_messages`("provider_message_id", "organization_id", "channel_id", "contact_id", "kind", "text", "sent_at", "payload", "created_at") SELECT "provider_message_id", "organization_id", "channel_id", "contact_id", "kind", "text", "sent_at", "payload", "created_at" FROM `blocked_messages`;--> statement-breakpoint
DROP TABLE `blocked_messages`;--> statement-breakpoint
ALTER TABLE `__new_blocked_messages` RENAME TO `blocked_messages`;--> statement-breakpoint
PRAGMA foreign_keys=ON;