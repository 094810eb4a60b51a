DROP INDEX `quick_replies_org_title`;--> statement-breakpoint
ALTER TABLE `quick_replies` ADD `owner_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `quick_replies_org_owner_title` ON `quick_replies` (`organization_id`,`owner_id`,`title`);