/**
 * The envelope of a message from its header fields. Phase 1 fetches the fields it needs
 * (`BODY.PEEK[HEADER.FIELDS (...)]`, RFC 3501 §6.4.5) rather than ENVELOPE (§7.4.2): the same
 * information, plus References, which ENVELOPE lacks, and imapflow hands a header literal over
 * as bytes where it would otherwise tokenise and decode every ENVELOPE structure on the thread
 * that also reads the socket. Decoding (RFC 2047 words, RFC 5322 address lists and groups) is
 * postal-mime's.
 */
import { addressParser, decodeWords } from 'postal-mime'
import { normaliseMessageId, parseIdList } from '../../shared/mail/message-id'
import type { EnvelopeRecord } from './store'

/** The header fields phase 1 fetches. */
export const ENVELOPE_HEADERS = [
  'from',
  'to',
  'cc',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'auto-submitted',
  'x-autoreply',
  'x-autorespond',
  'precedence',
]

/** The part of an EnvelopeRecord that comes from the header fields. */
export type HeaderEnvelope = Pick<
  EnvelopeRecord,
  'messageId' | 'inReplyTo' | 'references' | 'subject' | 'from' | 'to' | 'cc' | 'sentAt'
> & { autoReply: boolean; replyTo: Person[] }

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Header bytes (as a binary string: one char per byte, see `headerBytes`) as text: UTF-8
 * (RFC 6532), else, for raw 8-bit legacy bytes, Latin-1, which keeps every byte (repairC1
 * later restores what windows-1252 meant).
 */
function headerText(bytes: string): string {
  if (!/[\u0080-\u00ff]/.test(bytes)) return bytes
  try {
    return utf8.decode(Buffer.from(bytes, 'latin1'))
  } catch {
    return bytes
  }
}

/**
 * The fetched header block as a binary string: cheap to make, and cheap to post to the writer
 * thread (a Buffer from imapflow may be a view of a much larger one, all of which a post would
 * copy).
 */
export function headerBytes(raw: Buffer | undefined): string {
  return raw ? raw.toString('latin1') : ''
}

/** Field name (lower case) → its values in order, unfolded (RFC 5322 §2.2.3). */
function fields(bytes: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const text = headerText(bytes).replace(/\r?\n[ \t]+/g, ' ')
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    const list = out.get(name)
    if (list) list.push(value)
    else out.set(name, [value])
  }
  return out
}

type Person = NonNullable<EnvelopeRecord['from']>

const ADDR = String.raw`[^\s<>"(),;:\\@\[\]]+@[^\s<>"(),;:\\@\[\]]+`
/** One plain mailbox (`addr`, `Name <addr>`, `"Name" <addr>`), then a comma or the end. */
const PLAIN_MAILBOX = new RegExp(
  String.raw`[ \t]*(?:(?:"([^"\\=]*)"|([^",;:<>()\\@"\[\]=]*?))[ \t]*<(${ADDR})>|(${ADDR}))[ \t]*(?:,|$)`,
  'y',
)

/**
 * The common case without the general parser: a list of plain mailboxes whose names carry no
 * encoded words, comments or groups (what most mail has). Null: let addressParser decide.
 * A test holds it equal to addressParser on what it accepts.
 */
export function plainAddresses(value: string): Person[] | null {
  const out: Person[] = []
  let pos = 0
  while (pos < value.length) {
    PLAIN_MAILBOX.lastIndex = pos
    const m = PLAIN_MAILBOX.exec(value)
    if (!m || PLAIN_MAILBOX.lastIndex === pos) return null
    pos = PLAIN_MAILBOX.lastIndex
    const name = (m[1] ?? m[2] ?? '').trim()
    out.push({ name: name || null, address: (m[3] ?? m[4]) as string })
  }
  return out
}

function addresses(values: string[] | undefined): Person[] {
  const out: Person[] = []
  if (!values) return out
  for (const value of values) {
    const plain = plainAddresses(value)
    if (plain) {
      out.push(...plain)
      continue
    }
    let parsed: ReturnType<typeof addressParser>
    try {
      parsed = addressParser(value)
    } catch {
      continue
    }
    for (const entry of parsed) {
      const members = 'group' in entry && Array.isArray(entry.group) ? entry.group : [entry]
      for (const m of members) {
        const address = 'address' in m && typeof m.address === 'string' ? m.address.trim() : ''
        if (!address) continue
        out.push({ name: m.name ? m.name : null, address })
      }
    }
  }
  return out
}

function decoded(value: string | undefined): string {
  if (!value) return ''
  try {
    return decodeWords(value)
  } catch {
    return value
  }
}

/**
 * Whether header fields (name in lower case → values) say the message was sent automatically
 * in reply to another: RFC 3834 `Auto-Submitted` other than `no` (out-of-office notices from
 * Exchange, Gmail, Dovecot's vacation...), or the older `X-Autoreply`/`X-Autorespond` and
 * `Precedence: auto_reply`. Bulk and list mail (`Precedence: bulk|list`) is not a reply.
 */
export function isAutoReply(field: (name: string) => string | undefined): boolean {
  const submitted = field('auto-submitted')?.trim().toLowerCase()
  if (submitted && !submitted.startsWith('no')) return true
  const flag = (name: string) => {
    const v = field(name)?.trim().toLowerCase()
    return v !== undefined && v !== 'no' && v !== 'false' && v !== '0'
  }
  if (flag('x-autoreply') || flag('x-autorespond')) return true
  return field('precedence')?.trim().toLowerCase() === 'auto_reply'
}

/** The envelope in a header block given by `headerBytes`. */
export function parseEnvelopeHeaders(bytes: string): HeaderEnvelope {
  const f = fields(bytes)
  const first = (name: string) => f.get(name)?.[0]
  const date = first('date')
  const sent = date ? new Date(date.replace(/\([^)]*\)/g, ' ').trim()) : null
  return {
    messageId: normaliseMessageId(first('message-id')),
    inReplyTo: parseIdList((f.get('in-reply-to') ?? []).join(' ')),
    references: parseIdList((f.get('references') ?? []).join(' ')),
    subject: decoded(first('subject')),
    from: addresses(f.get('from'))[0] ?? null,
    to: addresses(f.get('to')),
    cc: addresses(f.get('cc')),
    replyTo: addresses(f.get('reply-to')),
    sentAt: sent && !Number.isNaN(sent.getTime()) ? sent.toISOString() : null,
    autoReply: isAutoReply(first),
  }
}

/** What phase 1 hands the store writer: an envelope whose header fields are still bytes. */
export type FetchedEnvelope = Omit<EnvelopeRecord, keyof HeaderEnvelope> & { header: string }

/** Decode a fetched envelope (on the writer thread during a large sync). */
export function envelopeOf(fetched: FetchedEnvelope): EnvelopeRecord {
  const { header, ...rest } = fetched
  return { ...rest, ...parseEnvelopeHeaders(header) }
}
