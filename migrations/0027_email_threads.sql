CREATE TABLE `email_threads` (
	`channel_id` text NOT NULL,
	`address` text NOT NULL,
	`organization_id` text NOT NULL,
	`subject` text NOT NULL,
	`last_message_id` text NOT NULL,
	`references` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`channel_id`, `address`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
