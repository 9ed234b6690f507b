import {
  extractBusinessRefs,
  htmlToRefText,
  ownBodyText,
  type BusinessRefPattern,
} from '../../shared/mail/business-refs'
import { normaliseMessageId } from '../../shared/mail/message-id'
import { repairC1 } from '../../shared/mail/c1'
import { normaliseSubject } from '../../shared/mail/subject'
import { addressKey } from '../../shared/mail/address'
import { provisionalThread, threadKeys, type ThreadInput } from '../../shared/mail/threading'
import { ticketIdFor } from '../../shared/mail/ticket-id'
import type { DbHandle } from '../db/open'
import { sha256Hex } from './hash'
import { fillThreadKeys, ThreadMirror, type MessageRow } from './tickets'

/** What phase 1 of a sync knows about a message (RFC 3501 ENVELOPE and friends). */
export interface EnvelopeRecord {
  uid: number
  flags: string[]
  modseq: string | null
  messageId: string | null
  inReplyTo: string[]
  references: string[]
  subject: string
  from: { name: string | null; address: string } | null
  to: { name: string | null; address: string }[]
  cc: { name: string | null; address: string }[]
  sentAt: string | null
  internalDate: string
  size: number
  hasAttachments: boolean
  /** JSON of the phase-2 plan from BODYSTRUCTURE (body-plan.ts); null/absent: fetch whole. */
  bodyPlan?: string | null
  /** An automatic reply (envelope.ts `isAutoReply`); absent: no. */
  autoReply?: boolean
  /** The Reply-To field's mailboxes; absent: none. */
  replyTo?: { name: string | null; address: string }[]
}

/** A flag change reported by the server (CONDSTORE CHANGEDSINCE or a full flag scan). */
export interface FlagChange {
  uid: number
  flags: string[]
  modseq: string | null
}

/** A message of a folder still without its body (phase 2). */
export interface PendingBody {
  uid: number
  id: number
  size: number
  /** The phase-1 body plan (JSON), if any. */
  plan: string | null
}

export interface FolderRow {
  id: number
  mailboxId: string
  path: string
  role: 'inbox' | 'sent' | 'other'
  uidValidity: string | null
  highestModseq: string | null
  lastUid: number
}

export interface BodyRecord {
  text: string | null
  html: string | null
  attachments: { filename: string | null; mimeType: string; size: number }[]
  parseError: string | null
  raw: Buffer | null
  truncated: boolean
}

/**
 * The message identity: Message-ID plus Date, sender and subject, so that the copy in Sent
 * and the copy a colleague's CC brought into INBOX are one message, while two different mails
 * that happen to share a Message-ID stay two. A message without Message-ID is identified by
 * its placement.
 */
export function messageIdentity(
  env: Pick<EnvelopeRecord, 'messageId' | 'sentAt' | 'from' | 'subject' | 'uid'>,
  placement: { mailboxId: string; path: string; uidValidity: string },
): string {
  if (env.messageId) {
    return sha256Hex(
      [
        'mid',
        env.messageId,
        env.sentAt ?? '',
        env.from?.address.toLowerCase() ?? '',
        env.subject,
      ].join('\u0000'),
    )
  }
  return sha256Hex(
    ['placement', placement.mailboxId, placement.path, placement.uidValidity, String(env.uid)].join(
      '\u0000',
    ),
  )
}

function prepareStatements(db: DbHandle) {
  const q = (sql: string) => db.sqlite.prepare(sql)
  return {
    folder: q(
      'SELECT id, mailbox_id AS mailboxId, path, role, uid_validity AS uidValidity, highest_modseq AS highestModseq, last_uid AS lastUid FROM mail_folders WHERE mailbox_id = ? AND path = ?',
    ),
    findIdentity: q('SELECT id FROM mail_messages WHERE identity = ?'),
    insertMessage:
      q(`INSERT INTO mail_messages (identity, message_id, in_reply_to, "references", subject, subject_key,
      subject_is_reply, from_address, from_name, "to", cc, reply_to, participants, sent_at, internal_date, size, direction,
      auto_reply, has_attachments, body_status, business_refs, body_plan, ticket_id, join_reason, join_detail) VALUES (@identity, @messageId,
      @inReplyTo, @references, @subject, @subjectKey, @subjectIsReply, @fromAddress, @fromName, @to, @cc, @replyTo, @participants, @sentAt,
      @internalDate, @size, @direction, @autoReply, @hasAttachments, 'pending', @businessRefs, @bodyPlan, @ticketId, @joinReason, @joinDetail)`),
    markOut: q("UPDATE mail_messages SET direction = 'out' WHERE id = ? AND direction <> 'out'"),
    insertKey: q('INSERT OR IGNORE INTO mail_thread_keys (key, message_row_id) VALUES (?, ?)'),
    markDirty: q('INSERT OR IGNORE INTO mail_thread_dirty (key) VALUES (?)'),
    markTicketDirty: q(
      "INSERT OR IGNORE INTO mail_thread_dirty (key) SELECT 't:' || ticket_id FROM mail_messages WHERE id = ? AND ticket_id IS NOT NULL",
    ),
    orphans: q(
      `SELECT id FROM mail_messages WHERE NOT EXISTS (SELECT 1 FROM mail_placements p WHERE p.message_row_id = mail_messages.id)`,
    ),
    markKeysDirty: q(
      'INSERT OR IGNORE INTO mail_thread_dirty (key) SELECT key FROM mail_thread_keys WHERE message_row_id = ?',
    ),
    deleteMessage: q('DELETE FROM mail_messages WHERE id = ?'),
    upsertPlacement:
      q(`INSERT INTO mail_placements (folder_id, uid, message_row_id, flags, modseq) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (folder_id, uid) DO UPDATE SET message_row_id = excluded.message_row_id, flags = excluded.flags, modseq = excluded.modseq`),
    updateFlags: q(
      'UPDATE mail_placements SET flags = ?, modseq = ? WHERE folder_id = ? AND uid = ?',
    ),
    deletePlacement: q('DELETE FROM mail_placements WHERE folder_id = ? AND uid = ?'),
    deleteFolderPlacements: q('DELETE FROM mail_placements WHERE folder_id = ?'),
    setLastUid: q('UPDATE mail_folders SET last_uid = ? WHERE id = ? AND last_uid < ?'),
    setValidity: q(
      'UPDATE mail_folders SET uid_validity = ?, highest_modseq = NULL, last_uid = 0 WHERE id = ?',
    ),
    setModseq: q('UPDATE mail_folders SET highest_modseq = ?, synced_at = ? WHERE id = ?'),
    setSynced: q('UPDATE mail_folders SET synced_at = ? WHERE id = ?'),
    localUids: q('SELECT uid FROM mail_placements WHERE folder_id = ?'),
    pendingBodies:
      q(`SELECT p.uid AS uid, m.id AS id, m.size AS size, m.body_plan AS plan FROM mail_placements p JOIN mail_messages m ON m.id = p.message_row_id
      WHERE p.folder_id = ? AND m.body_status = 'pending' ORDER BY m.internal_date DESC, p.uid DESC LIMIT ?`),
    pendingBodyCount: q(
      `SELECT count(*) FROM mail_placements p JOIN mail_messages m ON m.id = p.message_row_id
        WHERE p.folder_id = ? AND m.body_status = 'pending'`,
    ),
    insertBody:
      q(`INSERT INTO mail_bodies (message_row_id, text, html, attachments, parse_error, raw, truncated)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_row_id) DO UPDATE SET text = excluded.text, html = excluded.html,
      attachments = excluded.attachments, parse_error = excluded.parse_error, raw = excluded.raw, truncated = excluded.truncated`),
    setBodyStatus: q('UPDATE mail_messages SET body_status = ?, has_attachments = ? WHERE id = ?'),
    bodyTarget: q(
      'SELECT subject, participants, business_refs AS refs FROM mail_messages WHERE id = ?',
    ),
    ftsDelete: q('DELETE FROM mail_fts WHERE rowid = ?'),
    ftsInsert: q('INSERT INTO mail_fts (rowid, subject, participants, body) VALUES (?, ?, ?, ?)'),
    setRefs: q('UPDATE mail_messages SET business_refs = ? WHERE id = ?'),
    deleteKey: q('DELETE FROM mail_thread_keys WHERE key = ? AND message_row_id = ?'),
    hasKeys: q('SELECT 1 FROM mail_thread_keys WHERE message_row_id = ? LIMIT 1'),
  }
}

type Statements = ReturnType<typeof prepareStatements>

/**
 * Synchronous writes of the mail engine (better-sqlite3 is synchronous: one transaction is one
 * call, nothing else interleaves). Prepared once per store.
 */
export class MailStore {
  private readonly s: Statements
  /**
   * The writer thread's ThreadMirror (option `threadMirror`): undefined until the first
   * envelope batch decides (only an empty table is mirrored), null when there is none.
   */
  private mirror: ThreadMirror | null | undefined
  /** Rows were stored without their link keys (with a mirror): fillDeferredKeys owes them. */
  private keysDeferred = false

  constructor(
    readonly db: DbHandle,
    private readonly ownAddresses: Set<string>,
    private readonly refPatterns?: BusinessRefPattern[],
    options: { threadMirror?: boolean } = {},
  ) {
    this.s = prepareStatements(db)
    this.mirror = options.threadMirror ? undefined : null
  }

  /** The mirror for updateTickets (which checks that it is still fresh), if one is kept. */
  threadMirror(): ThreadMirror | null {
    if (this.mirror?.dropped) this.mirror = null
    return this.mirror ?? null
  }

  /** In a write transaction: start, keep or drop the mirror (see ThreadMirror). */
  private checkMirror(): ThreadMirror | null {
    if (this.mirror === undefined) this.mirror = ThreadMirror.startIfEmpty(this.db)
    else if (this.mirror && !this.mirror.fresh(this.db)) this.dropMirror()
    return this.mirror
  }

  /**
   * After the re-thread that follows a mirrored bulk sync: write the link keys its rows were
   * stored without (see fillThreadKeys). Nothing to do otherwise. Returns the keys written.
   */
  fillDeferredKeys(): number {
    if (!this.keysDeferred) return 0
    const mirror = this.mirror ?? null
    this.mirror = null
    const written = fillThreadKeys(this.db, mirror)
    this.keysDeferred = false
    return written
  }

  /** A write the mirror does not follow. */
  private dropMirror(): void {
    this.mirror?.drop()
    this.mirror = null
  }

  folder(mailboxId: string, path: string): FolderRow {
    const row = this.s.folder.get(mailboxId, path) as FolderRow | undefined
    if (!row) throw new Error(`folder ${path} of ${mailboxId} is not configured`)
    return row
  }

  /**
   * UIDVALIDITY changed (RFC 3501 §2.3.1.1: every cached UID of the folder is void): drop this
   * folder's placements and the messages left without any, and restart its cursor. Other
   * folders and mailboxes are untouched.
   */
  resetFolder(folderId: number, uidValidity: string): void {
    this.db.sqlite
      .transaction(() => {
        this.checkMirror()
        this.s.deleteFolderPlacements.run(folderId)
        if (this.deleteOrphans() > 0) this.dropMirror()
        this.s.setValidity.run(uidValidity, folderId)
      })
      .immediate()
  }

  /**
   * Delete messages left without any placement. Their thread keys and ticket are marked dirty
   * first, in the caller's transaction, so that the next updateTickets re-threads what they
   * linked (a removed message may have been the only link between two parts of a thread).
   */
  private deleteOrphans(): number {
    const ids = this.s.orphans.pluck().all() as number[]
    for (const id of ids) {
      this.s.markKeysDirty.run(id)
      this.s.markTicketDirty.run(id)
      this.s.deleteMessage.run(id)
    }
    return ids.length
  }

  setUidValidity(folderId: number, uidValidity: string): void {
    this.s.setValidity.run(uidValidity, folderId)
  }

  /**
   * Store one batch of envelopes and advance the folder's UID cursor in the same transaction:
   * after a crash the cursor never points past a message that is not stored.
   */
  storeEnvelopes(folder: FolderRow, uidValidity: string, batch: EnvelopeRecord[]): number[] {
    const inserted: number[] = []
    // For the mirror, applied once the transaction has committed.
    const added: { row: MessageRow; input: ThreadInput }[] = []
    const turnedOut: number[] = []
    // One ticket id per thread root in a batch.
    const ticketIds = new Map<string, string>()
    // IMMEDIATE: the write lock from the start, so the first read's snapshot can never be
    // overtaken by another connection's commit before the first write (SQLITE_BUSY_SNAPSHOT).
    const store = this.db.sqlite.transaction(() => {
      const mirror = this.checkMirror()
      let maxUid = 0
      for (const received of batch) {
        const env = repairEnvelopeText(received)
        maxUid = Math.max(maxUid, env.uid)
        // Identity from the subject as received: the same mail must hash the same as before.
        const identity = messageIdentity(received, {
          mailboxId: folder.mailboxId,
          path: folder.path,
          uidValidity,
        })
        const fromAddr = env.from?.address.toLowerCase() ?? null
        const outgoing =
          folder.role === 'sent' || (fromAddr !== null && this.ownAddresses.has(fromAddr))
        let rowId = (this.s.findIdentity.get(identity) as { id: number } | undefined)?.id
        if (rowId === undefined) {
          const subject = normaliseSubject(env.subject)
          const replyTo = env.replyTo ?? []
          const people = [env.from, ...env.to, ...env.cc, ...replyTo].filter(
            (p): p is NonNullable<typeof p> => !!p,
          )
          const businessRefs = extractBusinessRefs(env.subject, this.refPatterns)
          const links = {
            key: identity,
            messageId: env.messageId,
            inReplyTo: env.inReplyTo,
            references: env.references,
          }
          // The thread its own headers give (provisionalThread); the re-thread that follows
          // in this sync rewrites it only where other messages say otherwise.
          const thread = provisionalThread(links)
          let ticketId = ticketIds.get(thread.rootId)
          if (ticketId === undefined) {
            ticketId = ticketIdFor(thread.rootId, sha256Hex)
            ticketIds.set(thread.rootId, ticketId)
          }
          const inReplyTo = JSON.stringify(env.inReplyTo)
          const references = JSON.stringify(env.references)
          const to = JSON.stringify(env.to)
          const cc = JSON.stringify(env.cc)
          // Most mail has none: one shared '[]' instead of a string per row in the mirror.
          const replyToJson = replyTo.length > 0 ? JSON.stringify(replyTo) : '[]'
          const refs = JSON.stringify(businessRefs)
          const direction = outgoing ? 'out' : 'in'
          // A literal, not a spread of the mirror's row below: storing 50,000 envelopes took
          // 3.2 s this way and 4.2 s with the spread-built parameter object.
          const info = this.s.insertMessage.run({
            identity,
            messageId: env.messageId,
            inReplyTo,
            references,
            subject: env.subject,
            subjectKey: subject.key,
            subjectIsReply: subject.isReply ? 1 : 0,
            fromAddress: fromAddr,
            fromName: env.from?.name ?? null,
            to,
            cc,
            replyTo: replyToJson,
            participants: people
              .map((p) => (p.name ? `${p.name} ${p.address}` : p.address))
              .join(' '),
            sentAt: env.sentAt,
            internalDate: env.internalDate,
            size: env.size,
            direction,
            autoReply: env.autoReply ? 1 : 0,
            hasAttachments: env.hasAttachments ? 1 : 0,
            businessRefs: refs,
            bodyPlan: env.bodyPlan ?? null,
            ticketId,
            joinReason: thread.reason,
            joinDetail: thread.detail,
          })
          rowId = Number(info.lastInsertRowid)
          inserted.push(rowId)
          const input: ThreadInput = {
            ...links,
            subjectKey: subject.key,
            subjectIsReply: subject.isReply,
            businessRefs,
            // As threadInput reads them back from the row.
            date: Date.parse(env.internalDate),
            participants: [
              ...(fromAddr ? [fromAddr] : []),
              ...env.to.map((p) => addressKey(p.address)),
              ...env.cc.map((p) => addressKey(p.address)),
            ],
          }
          if (mirror) {
            // Mirrored rows get their link keys after the re-thread (see ThreadMirror),
            // and the batch one dirty mark: rows without keys make the next re-thread a full one.
            if (inserted.length === 1) this.s.markDirty.run('r:' + rowId)
            this.keysDeferred = true
            added.push({
              row: {
                id: rowId,
                identity,
                messageId: env.messageId,
                inReplyTo,
                references,
                subject: env.subject,
                subjectKey: subject.key,
                subjectIsReply: subject.isReply ? 1 : 0,
                fromAddress: fromAddr,
                to,
                cc,
                internalDate: env.internalDate,
                direction,
                autoReply: env.autoReply ? 1 : 0,
                replyTo: replyToJson,
                businessRefs: refs,
                ticketId,
                joinReason: thread.reason,
                joinDetail: thread.detail,
              },
              input,
            })
          } else {
            // Its link keys; the message itself is dirty (`r:ROW`): updateTickets threads the
            // component of its keys.
            this.s.markDirty.run('r:' + rowId)
            for (const key of threadKeys(input)) this.s.insertKey.run(key, rowId)
          }
        } else if (outgoing && this.s.markOut.run(rowId).changes > 0) {
          // The same mail found in Sent: it is ours, whatever folder we met it in first. Its
          // ticket's status and customer may change.
          this.s.markTicketDirty.run(rowId)
          turnedOut.push(rowId)
        }
        this.s.upsertPlacement.run(folder.id, env.uid, rowId, JSON.stringify(env.flags), env.modseq)
      }
      if (maxUid > 0) this.s.setLastUid.run(maxUid, folder.id, maxUid)
    })
    try {
      store.immediate()
    } catch (error) {
      // Rolled back: the rows gathered for the mirror are not in the table.
      this.dropMirror()
      throw error
    }
    if (this.mirror) {
      for (const a of added) this.mirror.add(a.row, a.input)
      for (const id of turnedOut) this.mirror.setDirection(id, 'out')
    }
    if (batch.length) folder.lastUid = Math.max(folder.lastUid, ...batch.map((b) => b.uid))
    return inserted
  }

  /**
   * Apply flag changes and expunges (VANISHED or a UID diff), then record the HIGHESTMODSEQ they
   * cover. One transaction: RFC 7162 §3.2.10 requires removals to be applied before the client
   * stores the new HIGHESTMODSEQ, or a crash in between would lose them for good.
   */
  applyChanges(
    folder: FolderRow,
    changes: FlagChange[],
    vanished: number[],
    highestModseq: string | null,
    now: string,
  ): { flagged: number; removed: number } {
    let flagged = 0
    let removed = 0
    this.db.sqlite
      .transaction(() => {
        this.checkMirror()
        for (const c of changes)
          flagged += this.s.updateFlags.run(
            JSON.stringify(c.flags),
            c.modseq,
            folder.id,
            c.uid,
          ).changes
        for (const uid of vanished) removed += this.s.deletePlacement.run(folder.id, uid).changes
        if (removed && this.deleteOrphans() > 0) this.dropMirror()
        if (highestModseq !== null) this.s.setModseq.run(highestModseq, now, folder.id)
        else this.s.setSynced.run(now, folder.id)
      })
      .immediate()
    if (highestModseq !== null) folder.highestModseq = highestModseq
    return { flagged, removed }
  }

  /** Whether some message change still waits for updateTickets. */
  hasDirtyThreads(): boolean {
    return this.db.sqlite.prepare('SELECT 1 FROM mail_thread_dirty LIMIT 1').get() !== undefined
  }

  ticketCount(): number {
    return (this.db.sqlite.prepare('SELECT count(*) AS n FROM mail_tickets').get() as { n: number })
      .n
  }

  localUids(folderId: number): number[] {
    return (this.s.localUids.all(folderId) as { uid: number }[]).map((r) => r.uid)
  }

  /** How many messages of this folder still wait for their body. */
  pendingBodyCount(folderId: number): number {
    return this.s.pendingBodyCount.pluck().get(folderId) as number
  }

  /** Messages of this folder still without a body, newest first (phase 2 order). */
  pendingBodies(folderId: number, limit: number): PendingBody[] {
    return this.s.pendingBodies.all(folderId, limit) as PendingBody[]
  }

  storeBodies(items: { id: number; body: BodyRecord }[]): void {
    // Body references change thread keys and tickets: writes the mirror does not follow.
    this.dropMirror()
    this.db.sqlite.transaction(() => {
      const indexed: { id: number; target: BodyTarget; text: string }[] = []
      for (const { id, body } of items) {
        const target = this.s.bodyTarget.get(id) as BodyTarget | undefined
        // Expunged by another client since the batch was listed: nothing to attach it to.
        if (!target) continue
        this.s.insertBody.run(
          id,
          body.text,
          body.html,
          JSON.stringify(body.attachments),
          body.parseError,
          body.raw,
          body.truncated ? 1 : 0,
        )
        this.s.setBodyStatus.run(
          body.parseError ? 'failed' : 'done',
          body.attachments.length > 0 ? 1 : 0,
          id,
        )
        this.addBodyRefs(id, target, body)
        indexed.push({ id, target, text: body.text ?? '' })
      }
      // The search index last, and in rowid order (migration 0010): FTS5 holds a transaction's
      // terms in memory and writes them as one segment at commit, unless a statement savepoint
      // (any of the statements above may open one) or a rowid lower than the last one makes it
      // write them out early. Deleting first replaces a body stored before.
      for (const { id } of indexed) this.s.ftsDelete.run(id)
      indexed.sort((a, b) => a.id - b.id)
      for (const { id, target, text } of indexed)
        this.s.ftsInsert.run(
          id,
          unmarked(target.subject),
          unmarked(target.participants),
          unmarked(text),
        )
    })()
  }

  /**
   * References in the body's own text (not its quoted replies) join the subject's. A changed
   * set changes the message's `b:` thread keys; old and new keys are marked dirty so that
   * updateTickets re-threads both the component it leaves and the one it joins.
   */
  private addBodyRefs(id: number, row: BodyTarget, body: BodyRecord): void {
    const source = body.text ?? (body.html ? htmlToRefText(body.html) : '')
    if (!source) return
    const refs = [
      ...new Set([
        ...extractBusinessRefs(row.subject, this.refPatterns),
        ...extractBusinessRefs(ownBodyText(source), this.refPatterns),
      ]),
    ].sort()
    const old = JSON.parse(row.refs) as string[]
    if (refs.length === old.length && refs.every((r, i) => r === old[i])) return
    this.s.setRefs.run(JSON.stringify(refs), id)
    // A message stored without its link keys (a bulk sync defers them) gets them all, from
    // its row, by the next re-thread, which such rows make a full one: adding some here
    // would make it look keyed.
    if (this.s.hasKeys.get(id) === undefined) {
      this.s.markDirty.run('r:' + id)
      return
    }
    for (const r of old) {
      if (refs.includes(r)) continue
      this.s.deleteKey.run('b:' + r, id)
      this.s.markDirty.run('b:' + r)
    }
    for (const r of refs) {
      if (old.includes(r)) continue
      this.s.insertKey.run('b:' + r, id)
      this.s.markDirty.run('b:' + r)
    }
    this.s.markTicketDirty.run(id)
  }
}

/** What storing a body reads of its message. */
interface BodyTarget {
  subject: string
  participants: string
  refs: string
}

/**
 * Text as the search index gets it: without the private-use characters that mark matches in
 * snippets (U+E000/U+E001, see search.ts), so that a mark can only be a mark.
 */
function unmarked(text: string): string {
  return text.includes('\uE000') || text.includes('\uE001')
    ? text.replace(/[\uE000\uE001]/g, '')
    : text
}

/**
 * Subjects and display names come from MIME encoded-words (RFC 2047) decoded by imapflow or
 * postal-mime; a windows-1252 word may arrive with C1 controls where its dashes and quotes
 * were (see repairC1).
 */
function repairEnvelopeText(env: EnvelopeRecord): EnvelopeRecord {
  const person = <P extends { name: string | null } | null>(p: P): P =>
    p && p.name ? { ...p, name: repairC1(p.name) } : p
  return {
    ...env,
    subject: repairC1(env.subject),
    from: person(env.from),
    to: env.to.map(person),
    cc: env.cc.map(person),
    ...(env.replyTo ? { replyTo: env.replyTo.map(person) } : {}),
  }
}

export { normaliseMessageId }
