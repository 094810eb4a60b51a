CREATE TABLE `deleted_template_names` (
	`organization_id` text NOT NULL,
	`waba_id` text NOT NULL,
	`name` text NOT NULL,
	`language` text NOT NULL,
	`deleted_at` integer NOT NULL,
	PRIMARY KEY(`waba_id`, `name`, `language`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
