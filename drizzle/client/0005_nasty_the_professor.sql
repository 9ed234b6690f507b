CREATE TABLE `mail_thread_dirty` (
	`key` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mail_thread_keys` (
	`key` text NOT NULL,
	`message_row_id` integer NOT NULL,
	PRIMARY KEY(`key`, `message_row_id`),
	FOREIGN KEY (`message_row_id`) REFERENCES `mail_messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mail_thread_keys_message` ON `mail_thread_keys` (`message_row_id`);