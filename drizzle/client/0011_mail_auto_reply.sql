-- Automatic replies (out of office and the like) are marked at phase 1 from their header fields.
-- Messages stored before keep 0: their header fields were not fetched.
ALTER TABLE `mail_messages` ADD `auto_reply` integer DEFAULT false NOT NULL;