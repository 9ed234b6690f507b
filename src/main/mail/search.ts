import type { SearchHit } from '../../shared/contract/mail'
import { ftsQuery, searchTokens } from '../../shared/mail/fts-query'
import type { DbHandle } from '../db/open'

/** Marks FTS5's snippet() puts around a match: private use, and never indexed (migration 0009). */
const MARK_START = '\uE000'
const MARK_END = '\uE001'

/**
 * A snippet as FTS5 returns it, with MARK_START … MARK_END around each match, as plain text and
 * the ranges of the matches (UTF-16 offsets). Marks out of order are dropped.
 */
export function unmarkSnippet(marked: string): { snippet: string; highlights: [number, number][] } {
  let snippet = ''
  const highlights: [number, number][] = []
  let start: number | null = null
  let from = 0
  for (let i = 0; i < marked.length; i++) {
    const c = marked[i]
    if (c !== MARK_START && c !== MARK_END) continue
    snippet += marked.slice(from, i)
    from = i + 1
    if (c === MARK_START) start = snippet.length
    else if (start !== null) {
      if (snippet.length > start) highlights.push([start, snippet.length])
      start = null
    }
  }
  snippet += marked.slice(from)
  return { snippet, highlights }
}

/**
 * Full-text search (FTS5) over subject, participants and body. User input never reaches MATCH
 * unquoted (see ftsQuery), so any string is a valid search. Ranked by bm25 with the subject
 * weighted above participants and body. Snippets are plain text with the matches as ranges.
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
  const rows = db.sqlite
    .prepare(
      `SELECT m.ticket_id AS ticketId, m.message_id AS messageId, m.id AS messageRowId, m.subject AS subject,
              m.from_address AS fromAddress, m.internal_date AS internalDate, top.snippet AS snippet, top.rank AS rank
         FROM (SELECT rowid AS id, rank, snippet(mail_fts, -1, char(57344), char(57345), '…', 12) AS snippet FROM mail_fts
                WHERE mail_fts MATCH ? AND rank MATCH 'bm25(5.0, 2.0, 1.0)' ORDER BY rank LIMIT ?) AS top
         JOIN mail_messages m ON m.id = top.id
        ORDER BY top.rank, m.internal_date DESC`,
    )
    .all(match, limit) as (Omit<SearchHit, 'highlights'> & { snippet: string })[]
  const hits: SearchHit[] = rows.map((r) => ({ ...r, ...unmarkSnippet(r.snippet) }))
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
  const rows = db.sqlite
    .prepare(
      `SELECT m.ticket_id AS ticketId, m.message_id AS messageId, m.id AS messageRowId, m.subject AS subject,
                m.from_address AS fromAddress, m.internal_date AS internalDate, m.subject AS snippet, 0 AS rank
           FROM mail_messages m
          WHERE m.body_status = 'pending' AND ${where}
          ORDER BY m.internal_date DESC LIMIT ?`,
    )
    .all(...words.map(like), limit) as Omit<SearchHit, 'highlights'>[]
  return rows.map((r) => ({ ...r, highlights: wordRanges(r.snippet, words) }))
}

/** Where the words occur in `text`, case-insensitively, as sorted, disjoint ranges. */
function wordRanges(text: string, words: string[]): [number, number][] {
  const lower = text.toLowerCase()
  // Lower-casing may change lengths (İ): then offsets would not fit the text; mark nothing.
  if (lower.length !== text.length) return []
  const ranges: [number, number][] = []
  for (const w of words) {
    const needle = w.toLowerCase()
    if (!needle) continue
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length))
      ranges.push([i, i + needle.length])
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged: [number, number][] = []
  for (const r of ranges) {
    const last = merged[merged.length - 1]
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push([r[0], r[1]])
  }
  return merged
}

export type { SearchHit }
