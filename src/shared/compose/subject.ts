/**
 * Subjects of replies and forwards: exactly one prefix of our own (`Re: ` / `Fwd: `), whatever
 * the customer's client put there before (`RE:`, `AW:`, `SV:`, `Re[2]:`, `WG:`, `Fwd:` ...,
 * the list shared with threading, src/shared/mail/subject.ts). Tags in square brackets
 * (`[Case 4711]`, a ticket number the customer's system added) are kept, after our prefix.
 */
const REPLY_OR_FORWARD =
  /^\s*(?:re|aw|sv|vs|odp|rif|r|ref|antwort|antw|wg|fwd?|fw|tr|enc|doorst|vl|rv)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/i
const TAG = /^\s*(\[[^\]]{1,40}\])\s*/

/** Line breaks and other controls in a stored subject become one space (a draft must be sendable). */
function oneLine(subject: string): string {
  let out = ''
  for (const ch of subject) {
    const c = ch.codePointAt(0) ?? 0
    out += c < 0x20 || c === 0x7f || c === 0x85 || c === 0x2028 || c === 0x2029 ? ' ' : ch
  }
  return out.replace(/\s+/g, ' ').trim()
}

/** The subject without any leading reply/forward prefixes; bracket tags kept in order. */
export function stripSubjectPrefixes(subject: string): string {
  let s = oneLine(subject.normalize('NFC'))
  const tags: string[] = []
  for (let i = 0; i < 50; i++) {
    const prefix = REPLY_OR_FORWARD.exec(s)
    if (prefix) {
      s = s.slice(prefix[0].length)
      continue
    }
    const tag = TAG.exec(s)
    // A tag is kept only when a prefix or more text follows it (`[x] Re: y` → `[x] y`).
    if (tag && s.length > tag[0].length) {
      tags.push(tag[1] as string)
      s = s.slice(tag[0].length)
      continue
    }
    break
  }
  return [...tags, s].filter(Boolean).join(' ')
}

export function replySubject(subject: string): string {
  const rest = stripSubjectPrefixes(subject)
  return rest ? `Re: ${rest}` : 'Re:'
}

export function forwardSubject(subject: string): string {
  const rest = stripSubjectPrefixes(subject)
  return rest ? `Fwd: ${rest}` : 'Fwd:'
}
