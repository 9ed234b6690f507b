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
  // Rank every match (cheap), but build snippets only for the rows returned: a select-list
  // expression is evaluated for every row that enters the sorter, and snippet() is not cheap.
  return db.sqlite
    .prepare(
      `WITH top AS (
         SELECT rowid AS id, bm25(mail_fts, 5.0, 2.0, 1.0) AS rank FROM mail_fts WHERE mail_fts MATCH ?
          ORDER BY rank LIMIT ?)
       SELECT m.ticket_id AS ticketId, m.message_id AS messageId, m.id AS messageRowId, m.subject AS subject,
              m.from_address AS fromAddress, m.internal_date AS internalDate,
              snippet(mail_fts, -1, '[', ']', '…', 12) AS snippet, top.rank AS rank
         FROM top JOIN mail_fts ON mail_fts.rowid = top.id JOIN mail_messages m ON m.id = top.id
        WHERE mail_fts MATCH ?
        ORDER BY top.rank, m.internal_date DESC`,
    )
    .all(match, Math.min(options.limit ?? 50, 500), match) as SearchHit[]
}

export type { SearchHit }
