CREATE TABLE `local_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`domains` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `local_contacts` (
	`email` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text,
	`role` text,
	FOREIGN KEY (`account_id`) REFERENCES `local_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `local_contacts_account` ON `local_contacts` (`account_id`);--> statement-breakpoint
CREATE TABLE `mail_bodies` (
	`message_row_id` integer PRIMARY KEY NOT NULL,
	`text` text,
	`html` text,
	`attachments` text DEFAULT '[]' NOT NULL,
	`parse_error` text,
	`raw` blob,
	`truncated` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`message_row_id`) REFERENCES `mail_messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `mail_folders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mailbox_id` text NOT NULL,
	`path` text NOT NULL,
	`role` text NOT NULL,
	`uid_validity` text,
	`highest_modseq` text,
	`last_uid` integer DEFAULT 0 NOT NULL,
	`synced_at` text,
	FOREIGN KEY (`mailbox_id`) REFERENCES `mail_mailboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_folders_mailbox_path` ON `mail_folders` (`mailbox_id`,`path`);--> statement-breakpoint
CREATE TABLE `mail_mailboxes` (
	`id` text PRIMARY KEY NOT NULL,
	`address` text NOT NULL,
	`display_name` text,
	`imap_host` text NOT NULL,
	`imap_port` integer NOT NULL,
	`imap_security` text NOT NULL,
	`imap_user` text NOT NULL,
	`smtp_host` text,
	`smtp_port` integer,
	`smtp_security` text,
	`smtp_user` text,
	`folders` text NOT NULL,
	`sync_window_days` integer,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mail_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`identity` text NOT NULL,
	`message_id` text,
	`in_reply_to` text DEFAULT '[]' NOT NULL,
	`references` text DEFAULT '[]' NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`subject_key` text DEFAULT '' NOT NULL,
	`subject_is_reply` integer DEFAULT false NOT NULL,
	`from_address` text,
	`from_name` text,
	`to` text DEFAULT '[]' NOT NULL,
	`cc` text DEFAULT '[]' NOT NULL,
	`participants` text DEFAULT '' NOT NULL,
	`sent_at` text,
	`internal_date` text NOT NULL,
	`size` integer DEFAULT 0 NOT NULL,
	`direction` text DEFAULT 'in' NOT NULL,
	`has_attachments` integer DEFAULT false NOT NULL,
	`body_status` text DEFAULT 'pending' NOT NULL,
	`business_refs` text DEFAULT '[]' NOT NULL,
	`ticket_id` text,
	`join_reason` text,
	`join_detail` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_messages_identity` ON `mail_messages` (`identity`);--> statement-breakpoint
CREATE INDEX `mail_messages_message_id` ON `mail_messages` (`message_id`);--> statement-breakpoint
CREATE INDEX `mail_messages_ticket` ON `mail_messages` (`ticket_id`,`internal_date`);--> statement-breakpoint
CREATE INDEX `mail_messages_body_status` ON `mail_messages` (`body_status`,`internal_date`);--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`ticket_id` text NOT NULL,
	`mailbox_id` text NOT NULL,
	`message_id` text NOT NULL,
	`in_reply_to` text,
	`references` text DEFAULT '[]' NOT NULL,
	`from` text NOT NULL,
	`to` text NOT NULL,
	`cc` text DEFAULT '[]' NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`raw` blob NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`accepted_at` text,
	FOREIGN KEY (`mailbox_id`) REFERENCES `mail_mailboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_outbox_message_id` ON `mail_outbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `mail_outbox_state` ON `mail_outbox` (`state`,`seq`);--> statement-breakpoint
CREATE TABLE `mail_placements` (
	`folder_id` integer NOT NULL,
	`uid` integer NOT NULL,
	`message_row_id` integer NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`modseq` text,
	PRIMARY KEY(`folder_id`, `uid`),
	FOREIGN KEY (`folder_id`) REFERENCES `mail_folders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_row_id`) REFERENCES `mail_messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mail_placements_message` ON `mail_placements` (`message_row_id`);--> statement-breakpoint
CREATE TABLE `mail_tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`root_message_id` text NOT NULL,
	`subject` text NOT NULL,
	`account_id` text,
	`account_match` text,
	`status` text NOT NULL,
	`message_count` integer NOT NULL,
	`first_customer_message_at` text,
	`last_message_at` text NOT NULL,
	`last_customer_message_at` text,
	`customer_address` text
);
--> statement-breakpoint
CREATE INDEX `mail_tickets_account` ON `mail_tickets` (`account_id`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `mail_tickets_last` ON `mail_tickets` (`last_message_at`);