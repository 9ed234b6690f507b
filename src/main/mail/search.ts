import type { SearchHit } from '../../shared/contract/mail'
import { ftsQuery } from '../../shared/mail/fts-query'
import type { DbHandle } from '../db/open'

/**
 * Full-text search (FTS5) over subject, participants and body. User input never reaches MATCH
 * unquoted (see ftsQuery), so any string is a valid search. Ranked by bm25 with the subject
 * weighted above participants and body.
 */
export function searchMail(
  db: DbHandle,
  input: string,
  options: { limit?: number } = {},
): SearchHit[] {
  const match = ftsQuery(input)
  if (match === null) return []
  return db.sqlite
    .prepare(
      `SELECT m.ticket_id AS ticketId, m.message_id AS messageId, m.id AS messageRowId, m.subject AS subject,
              m.from_address AS fromAddress, m.internal_date AS internalDate,
              snippet(mail_fts, -1, '[', ']', '…', 12) AS snippet, bm25(mail_fts, 5.0, 2.0, 1.0) AS rank
         FROM mail_fts JOIN mail_messages m ON m.id = mail_fts.rowid
        WHERE mail_fts MATCH ?
        ORDER BY rank, m.internal_date DESC
        LIMIT ?`,
    )
    .all(match, Math.min(options.limit ?? 50, 500)) as SearchHit[]
}

export type { SearchHit }
