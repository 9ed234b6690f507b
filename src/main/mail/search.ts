import type { SearchHit } from '../../shared/contract/mail'
import { ftsQuery, searchTokens } from '../../shared/mail/fts-query'
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
  // FTS5 sorts by its `rank` column itself when the query says ORDER BY rank (FTS5 §3.6.2,
  // `rank MATCH` sets the function for this query only), so rows leave the virtual table best
  // first and LIMIT stops the scan: snippet() runs only for the rows returned. Joining the top
  // rows back to mail_fts with a second MATCH made SQLite re-run the full-text query.
  const limit = Math.min(options.limit ?? 50, 500)
  const hits = db.sqlite
    .prepare(
      `SELECT m.ticket_id AS ticketId, m.message_id AS messageId, m.id AS messageRowId, m.subject AS subject,
              m.from_address AS fromAddress, m.internal_date AS internalDate, top.snippet AS snippet, top.rank AS rank
         FROM (SELECT rowid AS id, rank, snippet(mail_fts, -1, '[', ']', '…', 12) AS snippet FROM mail_fts
                WHERE mail_fts MATCH ? AND rank MATCH 'bm25(5.0, 2.0, 1.0)' ORDER BY rank LIMIT ?) AS top
         JOIN mail_messages m ON m.id = top.id
        ORDER BY top.rank, m.internal_date DESC`,
    )
    .all(match, limit) as SearchHit[]
  return hits.length < limit ? hits.concat(pendingHits(db, input, limit - hits.length)) : hits
}

/**
 * Messages whose body has not arrived yet are not in the index (it is written once, with the
 * body): match them by subject and participants, every word as a substring, newest first.
 * Only the pending rows are scanned (index on body_status).
 */
function pendingHits(db: DbHandle, input: string, limit: number): SearchHit[] {
  const words = searchTokens(input).slice(0, 8)
  if (words.length === 0) return []
  const like = (w: string) => `%${w.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`
  const where = words
    .map(() => `lower(m.subject || ' ' || m.participants) LIKE ? ESCAPE '\\'`)
    .join(' AND ')
  // rank 0: after every FTS hit (bm25 ranks are negative, best first).
  return db.sqlite
    .prepare(
      `SELECT m.ticket_id AS ticketId, m.message_id AS messageId, m.id AS messageRowId, m.subject AS subject,
                m.from_address AS fromAddress, m.internal_date AS internalDate, m.subject AS snippet, 0 AS rank
           FROM mail_messages m
          WHERE m.body_status = 'pending' AND ${where}
          ORDER BY m.internal_date DESC LIMIT ?`,
    )
    .all(...words.map(like), limit) as SearchHit[]
}

export type { SearchHit }
