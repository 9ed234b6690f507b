-- Search snippets mark matches with U+E000 … U+E001 (private use: never meaningful in mail),
-- and the core turns them into highlight ranges (mail/search.ts). So that a mark can only be
-- a mark, those two characters are removed from what is indexed.
DROP TRIGGER IF EXISTS `mail_fts_body_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `mail_fts_body_update`;
--> statement-breakpoint
CREATE TRIGGER `mail_fts_body_insert` AFTER INSERT ON `mail_bodies` BEGIN
  DELETE FROM `mail_fts` WHERE rowid = new.message_row_id;
  INSERT INTO `mail_fts`(rowid, subject, participants, body)
    SELECT id,
      replace(replace(subject, char(57344), ''), char(57345), ''),
      replace(replace(participants, char(57344), ''), char(57345), ''),
      replace(replace(coalesce(new.text, ''), char(57344), ''), char(57345), '')
    FROM `mail_messages` WHERE id = new.message_row_id;
END;
--> statement-breakpoint
CREATE TRIGGER `mail_fts_body_update` AFTER UPDATE OF `text` ON `mail_bodies` BEGIN
  DELETE FROM `mail_fts` WHERE rowid = new.message_row_id;
  INSERT INTO `mail_fts`(rowid, subject, participants, body)
    SELECT id,
      replace(replace(subject, char(57344), ''), char(57345), ''),
      replace(replace(participants, char(57344), ''), char(57345), ''),
      replace(replace(coalesce(new.text, ''), char(57344), ''), char(57345), '')
    FROM `mail_messages` WHERE id = new.message_row_id;
END;
