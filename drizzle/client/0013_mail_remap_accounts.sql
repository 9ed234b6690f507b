-- Tickets map to accounts by a new rule since 0012 (the sync server's contacts and account
-- domains, a portal's Reply-To). Tickets stored before keep their old account until mapped
-- again: ask the core to do that once, at its next start (remapTicketAccountsIfAsked).
INSERT OR REPLACE INTO `app_settings` (`key`, `value`, `updated_at`)
VALUES ('mail.remapAccounts', 'true', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
