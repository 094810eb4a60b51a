-- Channels get a provider key (unique per kind) and a per-kind JSON config instead of NOT NULL WhatsApp
-- columns. Done in place (add, copy, drop columns) rather than by a table rebuild: rooms and templates
-- reference channels(id), and dropping the parent table would trip their foreign keys. Every channel
-- keeps its id, so every room, template and secret stays with it.
ALTER TABLE `channels` ADD `provider_key` text NOT NULL DEFAULT '';--> statement-breakpoint
ALTER TABLE `channels` ADD `config` text NOT NULL DEFAULT '{}';--> statement-breakpoint
UPDATE `channels` SET `provider_key` = `phone_number_id`, `config` = json_object('displayPhoneNumber', `display_phone_number`, 'wabaId', `waba_id`, 'accessToken', `access_token`, 'appSecret', `app_secret`, 'verifyToken', `verify_token`, 'metaAppId', `meta_app_id`);--> statement-breakpoint
DROP INDEX `channels_phone_number_id`;--> statement-breakpoint
CREATE UNIQUE INDEX `channels_kind_provider_key` ON `channels` (`kind`,`provider_key`);--> statement-breakpoint
ALTER TABLE `channels` DROP COLUMN `phone_number_id`;--> statement-breakpoint
ALTER TABLE `channels` DROP COLUMN `display_phone_number`;--> statement-breakpoint
ALTER TABLE `channels` DROP COLUMN `waba_id`;--> statement-breakpoint
ALTER TABLE `channels` DROP COLUMN `access_token`;--> statement-breakpoint
ALTER TABLE `channels` DROP COLUMN `app_secret`;--> statement-breakpoint
ALTER TABLE `channels` DROP COLUMN `verify_token`;--> statement-breakpoint
ALTER TABLE `channels` DROP COLUMN `meta_app_id`;
