CREATE TABLE `labels` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`colour` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `labels_org_name` ON `labels` (`organization_id`,`name`);--> statement-breakpoint
CREATE TABLE `room_labels` (
	`room_id` text NOT NULL,
	`label_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`room_id`, `label_id`),
	FOREIGN KEY (`label_id`) REFERENCES `labels`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `room_labels_label` ON `room_labels` (`label_id`,`room_id`);--> statement-breakpoint
CREATE TABLE `room_snoozes` (
	`room_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`until` integer NOT NULL,
	`snoozed_by` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `room_snoozes_until` ON `room_snoozes` (`until`);--> statement-breakpoint
CREATE TABLE `room_unread_marks` (
	`room_id` text NOT NULL,
	`user_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`room_id`, `user_id`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `search_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_key` text NOT NULL,
	`organization_id` text NOT NULL,
	`tenant` text NOT NULL,
	`room_id` text NOT NULL,
	`body` text NOT NULL,
	`version` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_documents_key` ON `search_documents` (`doc_key`);--> statement-breakpoint
CREATE INDEX `search_documents_room` ON `search_documents` (`room_id`);--> statement-breakpoint
CREATE INDEX `rooms_contact` ON `rooms` (`contact_id`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts` USING fts5(tenant, body, content='search_documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `search_documents_ai` AFTER INSERT ON `search_documents` BEGIN
  INSERT INTO search_fts(rowid, tenant, body) VALUES (new.id, new.tenant, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_ad` AFTER DELETE ON `search_documents` BEGIN
  INSERT INTO search_fts(search_fts, rowid, tenant, body) VALUES ('delete', old.id, old.tenant, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_au` AFTER UPDATE OF `body`, `tenant` ON `search_documents` BEGIN
  INSERT INTO search_fts(search_fts, rowid, tenant, body) VALUES ('delete', old.id, old.tenant, old.body);
  INSERT INTO search_fts(rowid, tenant, body) VALUES (new.id, new.tenant, new.body);
END;
--> statement-breakpoint
INSERT INTO `search_documents` (`doc_key`, `organization_id`, `tenant`, `room_id`, `body`, `version`)
  SELECT 'name:' || r.id, r.organization_id, 't' || lower(hex(r.organization_id)), r.id, c.name, 0
  FROM rooms r JOIN contacts c ON c.id = r.contact_id WHERE c.name IS NOT NULL AND c.name <> '';
--> statement-breakpoint
INSERT INTO `search_documents` (`doc_key`, `organization_id`, `tenant`, `room_id`, `body`, `version`)
  SELECT 'phone:' || r.id, r.organization_id, 't' || lower(hex(r.organization_id)), r.id,
    c.external_id || CASE WHEN c.external_id LIKE '62%' THEN ' 0' || substr(c.external_id, 3) ELSE '' END, 0
  FROM rooms r JOIN contacts c ON c.id = r.contact_id;
--> statement-breakpoint
INSERT INTO `search_documents` (`doc_key`, `organization_id`, `tenant`, `room_id`, `body`, `version`)
  SELECT 'preview:' || r.id, r.organization_id, 't' || lower(hex(r.organization_id)), r.id, r.last_message_preview, 0
  FROM rooms r WHERE r.last_message_preview IS NOT NULL AND r.last_message_preview <> '';
