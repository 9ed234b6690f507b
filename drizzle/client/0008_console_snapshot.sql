CREATE TABLE `console_snapshot` (
	`ticket_id` text PRIMARY KEY NOT NULL,
	`subject` text NOT NULL,
	`account_id` text,
	`account_name` text,
	`tier` text,
	`assignee_id` text,
	`assignee_name` text,
	`order_type` text,
	`status` text NOT NULL,
	`pause_reason` text,
	`customer_address` text,
	`last_message_at` text NOT NULL,
	`solved` integer NOT NULL,
	`mailboxes` text NOT NULL,
	`sla_metric` text,
	`sla_state` text,
	`sla_due_at` real,
	`sla_at_risk_at` real,
	`sla_remaining` real,
	`risk_at` real,
	`breach_at` real,
	`rank` integer NOT NULL,
	`sort_key` real NOT NULL,
	`last_ms` real NOT NULL
);
--> statement-breakpoint
CREATE INDEX `console_snapshot_sla` ON `console_snapshot` (`solved`,`rank`,`sort_key`,`ticket_id`);--> statement-breakpoint
CREATE INDEX `console_snapshot_activity` ON `console_snapshot` (`solved`,`last_ms`,`ticket_id`);--> statement-breakpoint
CREATE TABLE `console_snapshot_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
