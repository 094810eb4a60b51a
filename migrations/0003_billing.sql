CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`room_id` text NOT NULL,
	`message_id` text NOT NULL,
	`category` text NOT NULL,
	`opened_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`month` text NOT NULL,
	`day` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `conversations_contact` ON `conversations` (`channel_id`,`contact_id`,`expires_at`);--> statement-breakpoint
CREATE INDEX `conversations_org_month` ON `conversations` (`organization_id`,`month`);--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`wallet` text NOT NULL,
	`amount` integer NOT NULL,
	`reason` text NOT NULL,
	`category` text,
	`conversation_id` text,
	`room_id` text,
	`message_id` text,
	`contact_id` text,
	`month` text NOT NULL,
	`day` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_idempotency_key` ON `ledger_entries` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `ledger_org_id` ON `ledger_entries` (`organization_id`,`id`);--> statement-breakpoint
CREATE INDEX `ledger_org_month` ON `ledger_entries` (`organization_id`,`month`);--> statement-breakpoint
CREATE TABLE `packages` (
	`organization_id` text PRIMARY KEY NOT NULL,
	`monthly_conversation_credit` integer NOT NULL,
	`muv_quota` integer NOT NULL,
	`package_balance` integer NOT NULL,
	`price_service` integer DEFAULT 275 NOT NULL,
	`price_marketing` integer DEFAULT 460 NOT NULL,
	`price_utility` integer DEFAULT 460 NOT NULL,
	`price_authentication` integer DEFAULT 460 NOT NULL,
	`price_muv` integer DEFAULT 600 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `unique_visitors` (
	`organization_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`external_id` text NOT NULL,
	`month` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	PRIMARY KEY(`channel_id`, `external_id`, `month`)
);
--> statement-breakpoint
CREATE INDEX `unique_visitors_org_month` ON `unique_visitors` (`organization_id`,`month`);--> statement-breakpoint
CREATE TABLE `wallets` (
	`organization_id` text PRIMARY KEY NOT NULL,
	`period` text NOT NULL,
	`conversation_credit` integer NOT NULL,
	`muv_quota` integer NOT NULL,
	`package_balance` integer NOT NULL,
	`topup_balance` integer DEFAULT 0 NOT NULL,
	`voice_balance` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "wallets_conversation_credit_nonnegative" CHECK("wallets"."conversation_credit" >= 0),
	CONSTRAINT "wallets_muv_quota_nonnegative" CHECK("wallets"."muv_quota" >= 0),
	CONSTRAINT "wallets_package_balance_nonnegative" CHECK("wallets"."package_balance" >= 0),
	CONSTRAINT "wallets_topup_balance_nonnegative" CHECK("wallets"."topup_balance" >= 0),
	CONSTRAINT "wallets_voice_balance_nonnegative" CHECK("wallets"."voice_balance" >= 0)
);
