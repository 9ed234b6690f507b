-- Full-text search over subject, participants and body text (SQLite FTS5).
-- rowid = mail_messages.id. Kept in step by triggers, so every write path (sync, tests, CLI)
-- indexes the same way inside the same transaction as the row it indexes.
CREATE VIRTUAL TABLE `mail_fts` USING fts5(subject, participants, body, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `mail_fts_message_insert` AFTER INSERT ON `mail_messages` BEGIN
  INSERT INTO `mail_fts`(rowid, subject, participants, body) VALUES (new.id, new.subject, new.participants, '');
END;
--> statement-breakpoint
CREATE TRIGGER `mail_fts_message_delete` AFTER DELETE ON `mail_messages` BEGIN
  DELETE FROM `mail_fts` WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `mail_fts_body_insert` AFTER INSERT ON `mail_bodies` BEGIN
  UPDATE `mail_fts` SET body = coalesce(new.text, '') WHERE rowid = new.message_row_id;
END;
--> statement-breakpoint
CREATE TRIGGER `mail_fts_body_update` AFTER UPDATE OF `text` ON `mail_bodies` BEGIN
  UPDATE `mail_fts` SET body = coalesce(new.text, '') WHERE rowid = new.message_row_id;
END;
