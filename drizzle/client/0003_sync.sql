CREATE TABLE `replica_entities` (
	`entity` text NOT NULL,
	`id` text NOT NULL,
	`account_id` text,
	`version` integer NOT NULL,
	`data` text NOT NULL,
	`pulled_at` text NOT NULL,
	PRIMARY KEY(`entity`, `id`)
);
--> statement-breakpoint
CREATE INDEX `replica_entities_account` ON `replica_entities` (`account_id`,`entity`);--> statement-breakpoint
CREATE TABLE `sync_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`args` text NOT NULL,
	`base_version` integer,
	`status` text NOT NULL,
	`error` text,
	`applied_version` integer,
	`created_at` text NOT NULL,
	`settled_at` text
);
--> statement-breakpoint
CREATE INDEX `sync_outbox_status` ON `sync_outbox` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `sync_outbox_entity` ON `sync_outbox` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
