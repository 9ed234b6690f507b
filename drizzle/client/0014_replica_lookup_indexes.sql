-- Lookups the Triage form makes (mail/account-hints.ts): an order, quote or invoice by its
-- number, a contact by its name. Without these, each is a scan of the whole replica (40 ms a
-- pair among 120,000 rows). Partial: only the rows looked up pay for the index at a pull; the
-- queries repeat each WHERE term so that SQLite may use them.
CREATE INDEX IF NOT EXISTS `replica_entities_number` ON `replica_entities` (`entity`, upper(json_extract(`data`, '$.number'))) WHERE `entity` IN ('order', 'quote', 'invoice');
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `replica_entities_contact_name` ON `replica_entities` (lower(trim(json_extract(`data`, '$.name')))) WHERE `entity` = 'contact';
