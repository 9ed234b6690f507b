-- Index each message once, when its body is stored (phase 2), instead of inserting subject and
-- participants at phase 1 and rewriting the row with the body at phase 2: an FTS5 UPDATE is a
-- delete plus a re-insert, and the phase-1 insert was most of the cost of storing an envelope.
-- Messages still waiting for their body are found by subject and participants without FTS
-- (see mail/search.ts). Rows indexed by the old triggers stay valid: the body triggers below
-- replace a message's row whether or not it has one.
DROP TRIGGER IF EXISTS `mail_fts_message_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `mail_fts_body_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `mail_fts_body_update`;
--> statement-breakpoint
CREATE TRIGGER `mail_fts_body_insert` AFTER INSERT ON `mail_bodies` BEGIN
  DELETE FROM `mail_fts` WHERE rowid = new.message_row_id;
  INSERT INTO `mail_fts`(rowid, subject, participants, body)
    SELECT id, subject, participants, coalesce(new.text, '') FROM `mail_messages` WHERE id = new.message_row_id;
END;
--> statement-breakpoint
CREATE TRIGGER `mail_fts_body_update` AFTER UPDATE OF `text` ON `mail_bodies` BEGIN
  DELETE FROM `mail_fts` WHERE rowid = new.message_row_id;
  INSERT INTO `mail_fts`(rowid, subject, participants, body)
    SELECT id, subject, participants, coalesce(new.text, '') FROM `mail_messages` WHERE id = new.message_row_id;
END;
