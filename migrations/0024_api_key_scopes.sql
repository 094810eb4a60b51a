ALTER TABLE `api_keys` ADD `scopes` text DEFAULT '["read","write","admin"]' NOT NULL;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `rate_limit_per_minute` integer DEFAULT 600 NOT NULL;