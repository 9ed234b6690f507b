CREATE TABLE `console_escalations` (
	`key` text PRIMARY KEY NOT NULL,
	`ticket_id` text NOT NULL,
	`metric` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`recorded_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `console_escalations_ticket` ON `console_escalations` (`ticket_id`);