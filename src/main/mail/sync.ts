import { randomUUID } from 'node:crypto'
import { availableParallelism } from 'node:os'
import {
  ImapFlow,
  type FetchMessageObject,
  type FetchQueryObject,
  type MessageStructureObject,
} from 'imapflow'
import type { Clock } from '../../shared/clock'
import type { BusinessRefPattern } from '../../shared/mail/business-refs'
import type { Logger } from '../core/logger'
import type { DbHandle } from '../db/open'
import type { MailboxConfig } from './mailboxes'
import { ownAddresses } from './mailboxes'
import { ENVELOPE_HEADERS, headerBytes, type FetchedEnvelope } from './envelope'
import { PARSE_LIMITS } from './parse-limits'
import { ParserPool } from './parser'
import { InlineWriter, WorkerWriter, type StoreWriter } from './store-writer'
import type { SecretStore } from './secrets'
import { decodeTextPart, planBody, readBodyPlan, type BodyPlan } from './body-plan'
import { MailStore, type BodyRecord, type FlagChange, type PendingBody } from './store'

export interface SyncOptions {
  db: DbHandle
  mailbox: MailboxConfig
  secrets: SecretStore
  clock: Clock
  log: Logger
  /**
   * Which extensions the engine may use even if the server offers more: 'qresync' (default,
   * RFC 7162 QRESYNC+CONDSTORE), 'condstore' (no VANISHED: expunges by UID diff) or 'none'
   * (UID ranges plus a full flag scan). Lets tests cover every path against one server.
   */
  extensions?: 'qresync' | 'condstore' | 'none'
  /** UIDs per envelope FETCH (default 500). */
  envelopeBatch?: number
  /** Envelopes per store transaction (default: storeBatchFor, from the folder's new mail). */
  envelopeStoreBatch?: number
  bodyBatch?: number
  /**
   * New envelopes (or pending bodies) in one folder from which a sync writes through a writer
   * thread instead of this one (default 2,000; 0: always; Infinity: never). See store-writer.ts.
   */
  writerThreshold?: number
  parser?: ParserPool
  /** Business reference patterns of the workspace (default: DEFAULT_BUSINESS_REF_PATTERNS). */
  businessRefPatterns?: BusinessRefPattern[]
  /** Called after each committed step (tickets rebuilt, bodies stored ...). */
  /** `ticketIds`: the tickets re-threaded, when known (see updateTickets). */
  onChange?: (what: { tables: string[]; folder: string; ticketIds?: string[] }) => void
}

export interface FolderSyncResult {
  folder: string
  mode: 'initial' | 'qresync' | 'condstore' | 'full-scan'
  uidValidityReset: boolean
  newMessages: number
  flagChanges: number
  removed: number
}

export interface SyncResult {
  folders: FolderSyncResult[]
  bodies: number
  tickets: number
}

/** Phase 1's FETCH items: header fields, not ENVELOPE (see envelope.ts). */
export const ENVELOPE_QUERY: FetchQueryObject = {
  uid: true,
  flags: true,
  size: true,
  internalDate: true,
  bodyStructure: true,
  headers: ENVELOPE_HEADERS,
}

function hasAttachment(node: MessageStructureObject | undefined, depth = 0): boolean {
  if (!node || depth > 32) return false
  if (node.disposition?.toLowerCase() === 'attachment') return true
  return (node.childNodes ?? []).some((c) => hasAttachment(c, depth + 1))
}

function toFetched(msg: FetchMessageObject): FetchedEnvelope {
  const plan = planBody(msg.bodyStructure, msg.size ?? 0)
  const internal =
    msg.internalDate instanceof Date ? msg.internalDate : new Date(msg.internalDate ?? 0)
  return {
    uid: msg.uid,
    flags: [...(msg.flags ?? [])].sort(),
    modseq: msg.modseq !== undefined ? msg.modseq.toString() : null,
    header: headerBytes(msg.headers),
    internalDate: Number.isNaN(internal.getTime())
      ? new Date(0).toISOString()
      : internal.toISOString(),
    size: msg.size ?? 0,
    hasAttachments: hasAttachment(msg.bodyStructure),
    bodyPlan: plan ? JSON.stringify(plan) : null,
  }
}

/**
 * Envelopes per store transaction. Every commit writes each index page it touched to the WAL,
 * and new rows land all over the identity, Message-ID and thread-key indexes: with a fixed 500
 * a 20,000-message folder wrote 212 MB of WAL (52 MB in batches of 5,000), and the volume grows
 * with the square of the folder. So a large folder is stored in about ten transactions (at
 * most 5,000 rows: a kill loses at most that much work, the cursor stays consistent), a small
 * one in batches of `fetchBatch`.
 */
export function storeBatchFor(newMessages: number, fetchBatch: number, fixed?: number): number {
  if (fixed !== undefined) return Math.max(1, fixed)
  return Math.max(fetchBatch, Math.min(5000, Math.ceil(newMessages / 10)))
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** A compact IMAP sequence set of UIDs (RFC 3501 §9 sequence-set), e.g. `1:5,9,12:13`. */
export function uidSet(uids: number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length;) {
    let j = i
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}:${sorted[j]}`)
    i = j + 1
  }
  return parts.join(',')
}

/**
 * Syncs one shared mailbox. Every connection is a new ImapFlow (a closed one is never
 * reused). Each call to `syncOnce` runs phase 1 (envelopes, flags, expunges) for every folder,
 * rebuilds tickets, then phase 2 (bodies, newest first). Cursors only advance inside the
 * transaction that stores what they cover, so a kill at any point resumes cleanly.
 */
export class MailboxSync {
  readonly store: MailStore
  private readonly parser: ParserPool
  private readonly ownParser: boolean
  /** UIDs reported by EXPUNGE/VANISHED, per folder path, not yet applied. */
  private readonly expunged = new Map<string, Set<number>>()
  private readonly inline: InlineWriter
  private readonly own: Set<string>
  /** The writer thread of a large sync, started on demand and stopped when the sync ends. */
  private worker: WorkerWriter | null = null

  constructor(private readonly o: SyncOptions) {
    this.own = ownAddresses(o.db)
    this.store = new MailStore(o.db, this.own, o.businessRefPatterns)
    this.inline = new InlineWriter(this.store)
    this.parser = o.parser ?? new ParserPool(Math.max(1, Math.min(2, availableParallelism() - 1)))
    this.ownParser = !o.parser
  }

  get extensions(): 'qresync' | 'condstore' | 'none' {
    return this.o.extensions ?? 'qresync'
  }

  /** A fresh client (imapflow clients cannot be reconnected). */
  newClient(extra: { autoIdleDelay?: number } = {}): ImapFlow {
    const { imap } = this.o.mailbox
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.security === 'tls',
      doSTARTTLS: imap.security === 'starttls',
      auth: { user: imap.user, pass: this.o.secrets.get(`imap:${this.o.mailbox.id}`) },
      logger: false,
      qresync: this.extensions === 'qresync',
      ...(extra.autoIdleDelay !== undefined ? { autoIdleDelay: extra.autoIdleDelay } : {}),
      // EXPUNGE (RFC 3501 §7.4.1) gives sequence numbers only; VANISHED (RFC 7162 §3.2.10)
      // gives UIDs. Collect UIDs; sequence-number expunges are caught by the UID diff.
      expungeHandler: (ev) => {
        if (ev.uid === undefined || !ev.path) return
        let set = this.expunged.get(ev.path)
        if (!set) {
          set = new Set()
          this.expunged.set(ev.path, set)
        }
        set.add(ev.uid)
      },
    })
    client.on('error', (err: Error) =>
      this.o.log.warn('imap connection error', { mailbox: this.o.mailbox.id, error: err.message }),
    )
    return client
  }

  async close(): Promise<void> {
    await this.stopWriter()
    if (this.ownParser) await this.parser.close()
  }

  /** The writer for `count` rows: a thread for big batches of work, else this thread. */
  private writerFor(count: number): StoreWriter {
    if (this.worker) return this.worker
    if (count < (this.o.writerThreshold ?? 2000) || this.o.db.path === ':memory:')
      return this.inline
    this.worker = new WorkerWriter({
      dbPath: this.o.db.path,
      ownAddresses: [...this.own],
      ...(this.o.businessRefPatterns ? { refPatterns: this.o.businessRefPatterns } : {}),
    })
    return this.worker
  }

  private async stopWriter(): Promise<void> {
    const w = this.worker
    this.worker = null
    if (w) await w.close()
  }

  /** Connect, sync every configured folder (both phases), log out. */
  async syncOnce(options: { bodies?: boolean } = {}): Promise<SyncResult> {
    const client = this.newClient()
    await client.connect()
    try {
      return await this.syncWith(client, this.o.mailbox.folders, options)
    } finally {
      await client.logout().catch(() => client.close())
    }
  }

  async syncWith(
    client: ImapFlow,
    folders: string[],
    options: { bodies?: boolean } = {},
  ): Promise<SyncResult> {
    try {
      return await this.syncPhases(client, folders, options)
    } finally {
      await this.stopWriter()
    }
  }

  private async syncPhases(
    client: ImapFlow,
    folders: string[],
    options: { bodies?: boolean },
  ): Promise<SyncResult> {
    const results: FolderSyncResult[] = []
    for (const path of folders) results.push(await this.syncFolderEnvelopes(client, path))
    // Tickets depend on the set of messages only (not on flags). The store marked the thread
    // keys of every new, removed or redirected message dirty in the transaction that changed
    // it; re-thread just their connected components.
    const withBodies = options.bodies ?? true
    // With phase 2 to follow, the link keys a bulk phase 1 deferred wait for the re-thread
    // after the bodies (a full one while keys are missing, which writes them): they would
    // otherwise hold up the first body batches.
    let tickets = (await this.retickets(folders, !withBodies)) ?? this.store.ticketCount()
    let bodies = 0
    if (withBodies) {
      const phase2 = await this.syncBodies(client, folders)
      bodies = phase2.bodies
      tickets = phase2.tickets ?? tickets
    }
    return { folders: results, bodies, tickets }
  }

  /**
   * Phase 2 for the folders, then re-threading: business references found in the bodies may
   * join threads. `tickets` is null when no thread changed.
   */
  async syncBodies(
    client: ImapFlow,
    folders: string[],
  ): Promise<{ bodies: number; tickets: number | null }> {
    let bodies = 0
    try {
      for (const path of folders) bodies += await this.syncFolderBodies(client, path)
      return { bodies, tickets: await this.retickets(folders) }
    } finally {
      await this.stopWriter()
    }
  }

  /**
   * Re-thread dirty components; the ticket count, or null when nothing was dirty. After a
   * large sync the writer thread does it (a full rebuild of 50,000 messages takes seconds).
   */
  private async retickets(folders: string[], fillKeys = true): Promise<number | null> {
    const writer = this.worker ?? this.inline
    let tickets: number | null = null
    if (this.store.hasDirtyThreads()) {
      const update = await writer.updateTickets()
      tickets = update.tickets
      this.o.onChange?.({
        tables: ['mail_messages', 'mail_tickets'],
        folder: folders.join(','),
        ...(update.changedTicketIds ? { ticketIds: update.changedTicketIds } : {}),
      })
    }
    // A bulk sync stored its messages without link keys, which only later incremental
    // re-threads read: the writer adds them once the tickets are out (else nothing to do).
    if (fillKeys) await writer.fillThreadKeys()
    return tickets
  }

  /** Phase 1 for one folder: UIDVALIDITY check, changes and expunges, then new envelopes. */
  async syncFolderEnvelopes(client: ImapFlow, path: string): Promise<FolderSyncResult> {
    const folder = this.store.folder(this.o.mailbox.id, path)
    const lock = await client.getMailboxLock(path)
    try {
      const box = client.mailbox
      if (!box) throw new Error(`mailbox ${path} not open`)
      const serverValidity = box.uidValidity.toString()
      const result: FolderSyncResult = {
        folder: path,
        mode: 'initial',
        uidValidityReset: false,
        newMessages: 0,
        flagChanges: 0,
        removed: 0,
      }
      // While a writer thread runs (a large sync's later folders), it makes every write.
      const current = () => this.worker ?? this.inline
      if (folder.uidValidity !== serverValidity) {
        if (folder.uidValidity !== null) result.uidValidityReset = true
        await current().resetFolder(folder.id, serverValidity)
        folder.uidValidity = serverValidity
        folder.highestModseq = null
        folder.lastUid = 0
        this.expunged.delete(path)
      }
      const condstore =
        this.extensions !== 'none' &&
        client.enabled.has('CONDSTORE') &&
        box.highestModseq !== undefined
      const qresync = this.extensions === 'qresync' && client.enabled.has('QRESYNC')
      // The HIGHESTMODSEQ as of SELECT: everything up to it is covered by what we fetch below;
      // later changes have higher modseqs and are picked up next time.
      const serverModseq =
        condstore && box.highestModseq !== undefined ? box.highestModseq.toString() : null

      if (folder.lastUid > 0) {
        const changes: FlagChange[] = []
        if (condstore && folder.highestModseq) {
          result.mode = qresync ? 'qresync' : 'condstore'
          // RFC 7162 §3.1.4 CHANGEDSINCE (+ §3.2.6 VANISHED with QRESYNC): only what changed.
          for await (const msg of client.fetch(
            `1:${folder.lastUid}`,
            { uid: true, flags: true },
            { uid: true, changedSince: BigInt(folder.highestModseq) },
          )) {
            changes.push({
              uid: msg.uid,
              flags: [...(msg.flags ?? [])].sort(),
              modseq: msg.modseq?.toString() ?? null,
            })
          }
        } else {
          result.mode = 'full-scan'
          for await (const msg of client.fetch(
            `1:${folder.lastUid}`,
            { uid: true, flags: true },
            { uid: true },
          )) {
            changes.push({
              uid: msg.uid,
              flags: [...(msg.flags ?? [])].sort(),
              modseq: msg.modseq?.toString() ?? null,
            })
          }
        }
        let vanished = [...(this.expunged.get(path) ?? [])]
        if (!qresync) {
          // Without VANISHED the only reliable expunge signal is what is missing from UID SEARCH.
          const present = await client.search({ uid: `1:${folder.lastUid}` }, { uid: true })
          if (present === false) throw new Error(`UID SEARCH failed in ${path}`)
          const live = new Set(present)
          vanished = vanished.concat(this.store.localUids(folder.id).filter((u) => !live.has(u)))
        }
        const applied = await current().applyChanges(
          folder,
          changes,
          vanished,
          serverModseq,
          this.o.clock.now().toISOString(),
        )
        this.expunged.delete(path)
        result.flagChanges = changes.length
        result.removed = applied.removed
      }

      // New messages: UIDs above the cursor (RFC 3501 §2.3.1.1: UIDs only grow within one
      // UIDVALIDITY). `n:*` always matches the last message, so filter.
      const criteria: { uid: string; since?: Date } = { uid: `${folder.lastUid + 1}:*` }
      if (this.o.mailbox.syncWindowDays) {
        criteria.since = new Date(
          this.o.clock.now().getTime() - this.o.mailbox.syncWindowDays * 86_400_000,
        )
      }
      const found = box.exists === 0 ? [] : await client.search(criteria, { uid: true })
      if (found === false) throw new Error(`UID SEARCH failed in ${path}`)
      const fresh = (found ?? []).filter((u) => u > folder.lastUid).sort((a, b) => a - b)
      const writer = this.writerFor(fresh.length)
      const fetchBatch = this.o.envelopeBatch ?? 500
      const storeBatch = storeBatchFor(fresh.length, fetchBatch, this.o.envelopeStoreBatch)
      // Batch n is stored while batch n+1 is fetched (with the writer thread, on two cores).
      let storing: Promise<void> | null = null
      let collected: FetchedEnvelope[] = []
      const store = async () => {
        const envelopes = collected
        collected = []
        if (storing) await storing
        storing = writer.storeEnvelopes(folder, folder.uidValidity ?? serverValidity, envelopes)
        // Handled where it is awaited (next batch or below); never an unhandled rejection.
        storing.catch(() => undefined)
        result.newMessages += envelopes.length
      }
      try {
        for (const batch of chunk(fresh, fetchBatch)) {
          // Collect first, store after: no IMAP command is issued inside the fetch loop.
          for await (const msg of client.fetch(uidSet(batch), ENVELOPE_QUERY, { uid: true }))
            collected.push(toFetched(msg))
          if (collected.length >= storeBatch) await store()
        }
        if (collected.length) await store()
        if (storing) await storing
      } finally {
        if (storing) await (storing as Promise<void>).catch(() => undefined)
      }
      if (result.mode === 'initial') {
        await current().applyChanges(folder, [], [], serverModseq, this.o.clock.now().toISOString())
      }
      return result
    } finally {
      lock.release()
    }
  }

  /**
   * Phase 2 for one folder: bodies of messages without one, newest first, in batches, each
   * stored in its own transaction (a kill loses at most the batches in flight). Messages with a
   * body plan get just their text and HTML parts, decoded here (body-plan.ts); the others are
   * fetched whole and parsed in the workers, overlapping with the next batch.
   */
  async syncFolderBodies(client: ImapFlow, path: string): Promise<number> {
    const folder = this.store.folder(this.o.mailbox.id, path)
    const batchSize = this.o.bodyBatch ?? 500
    let total = 0
    const inFlight = new Set<number>()
    let parsing: Promise<void> | null = null
    let storing: Promise<void> | null = null
    const writer = this.writerFor(this.store.pendingBodyCount(folder.id))
    const lock = await client.getMailboxLock(path)
    try {
      // The folder's pending list is read once, newest first, and worked through in batches
      // (sorting it again for every batch made phase 2 quadratic); read again at the end for
      // anything that arrived meanwhile.
      let queue: PendingBody[] = []
      for (;;) {
        if (queue.length === 0)
          queue = this.store.pendingBodies(folder.id, 10_000_000).filter((p) => !inFlight.has(p.id))
        const pending = queue.splice(0, batchSize)
        if (pending.length === 0) break
        const whole: PendingBody[] = []
        const planned: { p: PendingBody; plan: BodyPlan }[] = []
        for (const p of pending) {
          const plan = readBodyPlan(p.plan)
          if (plan) planned.push({ p, plan })
          else whole.push(p)
        }
        if (planned.length) {
          const { decoded, ids, rendered } = await this.fetchPlanned(client, planned, whole)
          ids.forEach((id) => inFlight.add(id))
          if (storing) await storing
          // HTML-only mail is rendered as text in the workers while the next batch is
          // fetched; the batch is stored when both are done.
          storing = rendered.then(async (texts) => {
            const done = [...decoded, ...texts]
            await writer.storeBodies(done)
            ids.forEach((id) => inFlight.delete(id))
            total += done.length
            this.o.onChange?.({ tables: ['mail_bodies'], folder: path })
          })
          storing.catch(() => undefined)
        }
        if (whole.length === 0) continue
        const byUid = new Map(whole.map((p) => [p.uid, p]))
        const sources: { id: number; raw: Buffer; truncated: boolean }[] = []
        for await (const msg of client.fetch(
          uidSet(whole.map((p) => p.uid)),
          { uid: true, source: { maxLength: PARSE_LIMITS.maxFetchBytes } },
          { uid: true },
        )) {
          const p = byUid.get(msg.uid)
          if (p && msg.source)
            sources.push({
              id: p.id,
              raw: msg.source,
              truncated: p.size > PARSE_LIMITS.maxFetchBytes,
            })
          byUid.delete(msg.uid)
        }
        // Messages that vanished between listing and fetching: mark failed so the loop ends;
        // the next phase 1 removes their placement.
        const gone = [...byUid.values()].map((g) => ({ id: g.id, body: notOnServer() }))
        whole.forEach((p) => inFlight.add(p.id))
        if (parsing) await parsing
        parsing = this.parser.parseMany(sources).then(async (parsed) => {
          const items = sources.map((src, i) => ({
            id: src.id,
            body: parsed[i] as NonNullable<(typeof parsed)[number]>,
          }))
          await writer.storeBodies([...items, ...gone])
          whole.forEach((p) => inFlight.delete(p.id))
          total += sources.length
          this.o.onChange?.({ tables: ['mail_bodies'], folder: path })
        })
        parsing.catch(() => undefined)
      }
      if (parsing) await parsing
      if (storing) await storing
      parsing = null
      storing = null
    } finally {
      // A fetch error must not leave a batch being parsed or stored unobserved.
      if (parsing) await (parsing as Promise<void>).catch(() => undefined)
      if (storing) await (storing as Promise<void>).catch(() => undefined)
      lock.release()
    }
    return total
  }

  /**
   * Fetch the text and HTML parts of planned messages, one FETCH per distinct set of part
   * numbers (ordinary mail has a handful: `1`, `1 2`, `1.1 1.2` ...), and decode them. A message
   * whose parts cannot be decoded is moved to `whole` (full fetch and parse). HTML-only mail
   * comes back later (`rendered`): its text is made in the workers, and the caller fetches the
   * next batch meanwhile. `ids`: every message in `decoded` and `rendered`.
   */
  private async fetchPlanned(
    client: ImapFlow,
    planned: { p: PendingBody; plan: BodyPlan }[],
    whole: PendingBody[],
  ): Promise<{
    decoded: { id: number; body: BodyRecord }[]
    ids: number[]
    rendered: Promise<{ id: number; body: BodyRecord }[]>
  }> {
    const out: { id: number; body: BodyRecord }[] = []
    const groups = new Map<string, { p: PendingBody; plan: BodyPlan }[]>()
    for (const item of planned) {
      const key = item.plan.text.map((t) => t.part).join(' ')
      const group = groups.get(key)
      if (group) group.push(item)
      else groups.set(key, [item])
    }
    const htmlOnly: { id: number; html: string; plan: BodyPlan }[] = []
    for (const [key, items] of groups) {
      if (key === '') {
        // Nothing but attachments (or an empty body): the structure says it all.
        for (const { p, plan } of items) out.push({ id: p.id, body: decoded(null, null, plan) })
        continue
      }
      const parts = key.split(' ')
      const byUid = new Map(items.map((i) => [i.p.uid, i]))
      for await (const msg of client.fetch(
        uidSet(items.map((i) => i.p.uid)),
        { uid: true, bodyParts: parts },
        { uid: true },
      )) {
        const item = byUid.get(msg.uid)
        if (!item) continue
        byUid.delete(msg.uid)
        try {
          const text: string[] = []
          const html: string[] = []
          for (const t of item.plan.text) {
            const raw = msg.bodyParts?.get(t.part)
            if (!raw) throw new Error(`part ${t.part} missing`)
            ;(t.kind === 'html' ? html : text).push(decodeTextPart(raw, t))
          }
          if (text.length === 0 && html.length > 0)
            htmlOnly.push({ id: item.p.id, html: html.join('\n'), plan: item.plan })
          else
            out.push({
              id: item.p.id,
              body: decoded(text.join('\n'), html.length ? html.join('\n') : null, item.plan),
            })
        } catch {
          whole.push(item.p)
        }
      }
      for (const missing of byUid.values()) out.push({ id: missing.p.id, body: notOnServer() })
    }
    // HTML-only mail: its text (for search, snippets and quoting) is the parser's rendering of
    // the HTML, made off this thread. The parser renders HTML as text only beside a text part,
    // hence the empty one; the boundary is random so the HTML cannot close the part.
    const boundary = `kontor-${randomUUID()}`
    const texts = this.parser.parseMany(
      htmlOnly.map((h) => ({
        raw: Buffer.from(
          `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n` +
            `Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${h.html}\r\n` +
            `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\r\n--${boundary}--\r\n`,
        ),
        truncated: false,
      })),
    )
    const rendered = texts.then((parsed) =>
      htmlOnly.map((h, i) => ({
        id: h.id,
        body: decoded(parsed[i]?.text?.trim() || null, h.html, h.plan),
      })),
    )
    // Observed now: the caller may first wait for the previous batch's store.
    rendered.catch(() => undefined)
    return {
      decoded: out,
      ids: [...out.map((o) => o.id), ...htmlOnly.map((h) => h.id)],
      rendered,
    }
  }
}

function decoded(text: string | null, html: string | null, plan: BodyPlan): BodyRecord {
  return {
    text,
    html,
    attachments: plan.attachments.map((a) => ({
      filename: a.filename,
      mimeType: a.mimeType,
      size: a.size,
    })),
    parseError: null,
    raw: null,
    truncated: false,
  }
}

function notOnServer(): BodyRecord {
  return {
    text: null,
    html: null,
    attachments: [],
    parseError: 'not on server',
    raw: null,
    truncated: false,
  }
}
