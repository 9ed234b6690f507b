/**
 * SQLite FTS5 parses MATCH input as its own query language (AND/OR/NOT/NEAR, column filters,
 * `*`, `^`, parentheses). User input is therefore quoted token by token (FTS5 §3.1: a string
 * in double quotes, with `""` for a quote inside) so that no input raises a syntax error.
 * Tokens are ANDed; the last one (of three or more characters) also matches as a prefix so
 * search-as-you-type works.
 */
/** Shortest last token that is also matched as a prefix (search-as-you-type). */
export const MIN_PREFIX_CHARS = 3

export function ftsQuery(input: string, options: { prefixLast?: boolean } = {}): string | null {
  const tokens = searchTokens(input)
  if (tokens.length === 0) return null
  const quoted = tokens.map((t) => `"${t.replace(/"/g, '""')}"`)
  // A prefix query scans every term that starts with it (the table has no prefix index, FTS5
  // §4.2): a one- or two-letter prefix ("po*") can expand to thousands of terms, so it is
  // matched as a whole word.
  const last = tokens[tokens.length - 1] as string
  if ((options.prefixLast ?? true) && [...last].length >= MIN_PREFIX_CHARS)
    quoted[quoted.length - 1] += '*'
  return quoted.join(' ')
}

/** The words of a search input (at most 32), as ftsQuery quotes them. */
export function searchTokens(input: string): string[] {
  return (
    input
      .normalize('NFC')
      // Characters the unicode61 tokenizer would treat as separators anyway; splitting here
      // keeps each quoted string a simple phrase.
      .replace(/\p{Cc}/gu, ' ')
      .split(/[\s"'`()[\]{}<>,;:!?*^+=|\\/]+/)
      .map((t) => t.trim())
      .filter((t) => t.length > 0)
      .slice(0, 32)
  )
}
