/**
 * SQLite FTS5 parses MATCH input as its own query language (AND/OR/NOT/NEAR, column filters,
 * `*`, `^`, parentheses). User input is therefore quoted token by token (FTS5 §3.1: a string
 * in double quotes, with `""` for a quote inside) so that no input raises a syntax error.
 * Tokens are ANDed; the last one also matches as a prefix so search-as-you-type works.
 */
export function ftsQuery(input: string, options: { prefixLast?: boolean } = {}): string | null {
  const tokens = input
    .normalize('NFC')
    // Characters the unicode61 tokenizer would treat as separators anyway; splitting here
    // keeps each quoted string a simple phrase.
    .replace(/\p{Cc}/gu, ' ')
    .split(/[\s"'`()[\]{}<>,;:!?*^+=|\\/]+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .slice(0, 32)
  if (tokens.length === 0) return null
  const quoted = tokens.map((t) => `"${t.replace(/"/g, '""')}"`)
  if (options.prefixLast ?? true) quoted[quoted.length - 1] += '*'
  return quoted.join(' ')
}
