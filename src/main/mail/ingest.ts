/**
 * Storing raw messages that did not come over IMAP (the shipped demo mailbox, imports) through
 * the same pipeline an IMAP sync uses: envelope rows and placements by `MailStore`, tickets by
 * `rebuildTickets`, bodies by the `ParserPool` workers. What the console shows for an ingested
 * message is therefore exactly what it would show had the message been synced from a server.
 *
 * A local mailbox has no server: its rows in `mail_mailboxes` carry the reserved host
 * `LOCAL_MAILBOX_HOST` (the `.invalid` TLD of RFC 2606 never resolves), so the mail service
 * never tries to connect to it, and UIDs are assigned here, ascending per folder, as an IMAP
 * server would (RFC 3501 §2.3.1.1).
 */
import PostalMime from 'postal-mime'
import type { Clock } from '../../shared/clock'
import { normaliseMessageId, parseIdList } from '../../shared/mail/message-id'
import type { DbHandle } from '../db/open'
import { ownAddresses, saveMailbox, type MailboxConfig } from './mailboxes'
import { isAutoReply } from './envelope'
import { PARSE_LIMITS } from './parse-limits'
import type { ParserPool } from './parser'
import { MailStore, type EnvelopeRecord } from './store'
import { rebuildTickets, updateTickets } from './tickets'

/** The IMAP host of a mailbox that lives only in this store (see the module comment). */
export const LOCAL_MAILBOX_HOST = 'local.invalid'

/** A local mailbox's UIDVALIDITY: fixed, since its UIDs are never renumbered. */
const LOCAL_UID_VALIDITY = '1'

export function isLocalMailbox(mailbox: Pick<MailboxConfig, 'imap'>): boolean {
  return mailbox.imap.host === LOCAL_MAILBOX_HOST
}

/** Creates (or updates) a local mailbox with its folders. */
export function saveLocalMailbox(
  db: DbHandle,
  clock: Clock,
  mailbox: { id: string; address: string; displayName: string | null; folders: string[] },
): MailboxConfig {
  return saveMailbox(db, clock, {
    id: mailbox.id,
    address: mailbox.address,
    displayName: mailbox.displayName,
    imap: { host: LOCAL_MAILBOX_HOST, port: 143, security: 'plain', user: mailbox.address },
    smtp: null,
    folders: mailbox.folders,
  })
}

export interface RawMessage {
  /** Folder path within the mailbox (configured, e.g. INBOX or Sent). */
  folder: string
  raw: Buffer
  internalDate: Date
  flags: readonly string[]
}

export interface IngestResult {
  messages: number
  bodies: number
  tickets: number
}

type Address = { name: string | null; address: string }

function person(a: { name?: string; address?: string } | undefined): Address | null {
  if (!a?.address) return null
  return { name: a.name || null, address: a.address }
}

/** Mailbox lists, with RFC 5322 groups flattened to their members. */
function people(list: { name?: string; address?: string; group?: unknown[] }[] | undefined) {
  const out: Address[] = []
  for (const a of list ?? []) {
    const members = Array.isArray(a.group)
      ? (a.group as { name?: string; address?: string }[])
      : [a]
    for (const m of members) {
      const p = person(m)
      if (p) out.push(p)
    }
  }
  return out
}

/**
 * What phase 1 of an IMAP sync reads from ENVELOPE (RFC 3501 §7.4.2), read here from the
 * header block alone: the same decoded subject and addresses, without parsing the body on
 * the main thread (bodies go to the parser workers).
 */
async function envelopeOf(msg: RawMessage, uid: number): Promise<EnvelopeRecord> {
  const text = msg.raw.toString('latin1')
  const end = text.search(/\r?\n\r?\n/)
  const head = msg.raw.subarray(0, end < 0 ? msg.raw.length : end)
  const parsed = await PostalMime.parse(Buffer.concat([head, Buffer.from('\r\n\r\n')]), {
    maxHeadersSize: PARSE_LIMITS.maxHeadersSize,
  })
  const header = (name: string) =>
    parsed.headers
      .filter((h) => h.key === name)
      .map((h) => h.value)
      .join(' ')
  const sent = parsed.date ? new Date(parsed.date) : null
  return {
    uid,
    flags: [...msg.flags].sort(),
    modseq: null,
    messageId: normaliseMessageId(parsed.messageId),
    inReplyTo: parseIdList(header('in-reply-to')),
    references: parseIdList(header('references')),
    subject: parsed.subject ?? '',
    from: person(parsed.from),
    to: people(parsed.to),
    cc: people(parsed.cc),
    replyTo: people(parsed.replyTo),
    sentAt: sent && !Number.isNaN(sent.getTime()) ? sent.toISOString() : null,
    autoReply: isAutoReply((name) => parsed.headers.find((h) => h.key === name)?.value),
    internalDate: msg.internalDate.toISOString(),
    size: msg.raw.length,
    // Known once the body is parsed (storeBodies sets it from the attachments found).
    hasAttachments: false,
  }
}

/**
 * Stores raw messages in a local mailbox: envelopes and placements (one transaction per
 * folder, the folder's UID cursor with them), tickets rebuilt, then bodies parsed in the
 * workers and stored. Messages whose identity is already stored get one more placement, as
 * the same mail met in a second folder would.
 */
export async function ingestRawMessages(
  db: DbHandle,
  options: { mailboxId: string; messages: Iterable<RawMessage>; parser: ParserPool; clock: Clock },
): Promise<IngestResult> {
  const store = new MailStore(db, ownAddresses(db))
  const byFolder = new Map<string, RawMessage[]>()
  for (const m of options.messages) {
    const list = byFolder.get(m.folder) ?? []
    list.push(m)
    byFolder.set(m.folder, list)
  }
  let messages = 0
  const bodyJobs: { folderId: number; raws: Map<number, Buffer> }[] = []
  for (const [path, list] of byFolder) {
    const folder = store.folder(options.mailboxId, path)
    if (folder.uidValidity === null) {
      store.setUidValidity(folder.id, LOCAL_UID_VALIDITY)
      folder.uidValidity = LOCAL_UID_VALIDITY
    }
    // INTERNALDATE order, so UIDs ascend with arrival as on a server.
    const sorted = [...list].sort((a, b) => a.internalDate.getTime() - b.internalDate.getTime())
    const raws = new Map<number, Buffer>()
    const envelopes: EnvelopeRecord[] = []
    for (const [i, m] of sorted.entries()) {
      const uid = folder.lastUid + i + 1
      envelopes.push(await envelopeOf(m, uid))
      raws.set(uid, m.raw)
    }
    store.storeEnvelopes(folder, folder.uidValidity, envelopes)
    store.applyChanges(folder, [], [], null, options.clock.now().toISOString())
    messages += envelopes.length
    bodyJobs.push({ folderId: folder.id, raws })
  }
  rebuildTickets(db)
  let bodies = 0
  for (const job of bodyJobs) {
    for (;;) {
      const pending = store.pendingBodies(job.folderId, 200).filter((p) => job.raws.has(p.uid))
      if (pending.length === 0) break
      const parsed = await options.parser.parseMany(
        pending.map((p) => ({ raw: job.raws.get(p.uid) as Buffer, truncated: false })),
      )
      store.storeBodies(
        pending.map((p, i) => ({ id: p.id, body: parsed[i] as (typeof parsed)[number] })),
      )
      for (const p of pending) job.raws.delete(p.uid)
      bodies += pending.length
    }
  }
  // Business references found in the bodies may join threads (as after a sync's phase 2).
  const { tickets } = updateTickets(db)
  return { messages, bodies, tickets }
}
