/**
 * Message-ID handling (RFC 5322 §3.6.4). A msg-id is `<id-left@id-right>`; References is a
 * list of them, In-Reply-To usually one. Real mail carries junk around them (comments,
 * missing brackets, folded whitespace), so parsing is lenient and yields bare ids.
 */

/** Strip brackets and whitespace; `null` for an empty or absurd value. */
export function normaliseMessageId(raw: string | null | undefined): string | null {
  if (!raw) return null
  const m = /<([^<>\s]+)>/.exec(raw)
  const id = ((m ? m[1] : raw.trim().split(/\s+/)[0]) ?? '').trim()
  if (!id || id.length > 998) return null
  return id
}

/** All ids in a References or In-Reply-To header, in order, de-duplicated. */
export function parseIdList(raw: string | string[] | null | undefined): string[] {
  if (!raw) return []
  const text = Array.isArray(raw) ? raw.join(' ') : raw
  const out: string[] = []
  const seen = new Set<string>()
  const bracketed = text.match(/<[^<>\s]+>/g)
  const parts = bracketed ?? text.split(/[\s,]+/)
  for (const part of parts) {
    const id = normaliseMessageId(part)
    if (id && !seen.has(id)) {
      seen.add(id)
      out.push(id)
    }
  }
  return out
}

/** The form written into headers. */
export function bracketId(id: string): string {
  return `<${id}>`
}
