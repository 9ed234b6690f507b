import { addressKey, domainOf, isFreeMailDomain } from '../../shared/mail/address'
import {
  buildThreads,
  linkedKeys,
  subjectSourceKey,
  threadKeys,
  type ThreadAssignment,
  type ThreadInput,
} from '../../shared/mail/threading'
import { ticketIdFor } from '../../shared/mail/ticket-id'
import type { DbHandle } from '../db/open'
import { sha256Hex } from './hash'

/** What re-threading reads of a message (MESSAGE_COLUMNS). */
export interface MessageRow {
  id: number
  identity: string
  messageId: string | null
  inReplyTo: string
  references: string
  subject: string
  subjectKey: string
  subjectIsReply: number
  fromAddress: string | null
  to: string
  cc: string
  internalDate: string
  direction: string
  /** 1: an automatic reply (out of office ...), which neither reopens nor answers a ticket. */
  autoReply: number
  /** JSON array of {name, address}: the Reply-To field. */
  replyTo: string
  businessRefs: string
  ticketId: string | null
  joinReason: string | null
  joinDetail: string | null
}

interface TicketRow {
  id: string
  root: string
  subject: string
  accountId: string | null
  accountMatch: string | null
  status: string
  count: number
  firstCustomer: string | null
  last: string
  lastCustomer: string | null
  customer: string | null
}

/**
 * Which account a customer address belongs to (issue 3 §4): contact, else company domain. The
 * sync server's contacts and account domains (its replica) come first; the local import
 * (`kontor accounts import`, for a workspace without a server) fills what the server does not
 * know. Free-mail domains never identify a company, even if someone listed one.
 */
export class AccountResolver {
  private readonly contacts = new Map<string, string>()
  private readonly domains = new Map<string, string>()

  constructor(db: DbHandle) {
    const server = db.sqlite
      .prepare(
        `SELECT entity, id, account_id AS accountId, json_extract(data, '$.email') AS email,
                json_extract(data, '$.domain') AS domain
           FROM replica_entities WHERE entity IN ('account', 'contact') ORDER BY entity, id`,
      )
      .all() as {
      entity: string
      id: string
      accountId: string | null
      email: unknown
      domain: unknown
    }[]
    for (const r of server) {
      if (r.entity === 'contact' && typeof r.email === 'string' && r.accountId)
        this.addContact(r.email, r.accountId)
      if (r.entity === 'account' && typeof r.domain === 'string') this.addDomain(r.domain, r.id)
    }
    for (const c of db.sqlite
      .prepare('SELECT email, account_id AS accountId FROM local_contacts ORDER BY email')
      .all() as { email: string; accountId: string }[])
      this.addContact(c.email, c.accountId)
    for (const a of db.sqlite
      .prepare('SELECT id, domains FROM local_accounts ORDER BY id')
      .all() as {
      id: string
      domains: string
    }[])
      for (const d of JSON.parse(a.domains) as string[]) this.addDomain(d, a.id)
  }

  private addContact(email: string, accountId: string): void {
    const key = addressKey(email)
    if (key && !this.contacts.has(key)) this.contacts.set(key, accountId)
  }

  private addDomain(domain: string, accountId: string): void {
    const key = domain.trim().toLowerCase()
    if (key && !isFreeMailDomain(key) && !this.domains.has(key)) this.domains.set(key, accountId)
  }

  resolve(address: string | null): {
    accountId: string | null
    match: 'contact' | 'domain' | null
  } {
    if (!address) return { accountId: null, match: null }
    const contact = this.contacts.get(addressKey(address))
    if (contact) return { accountId: contact, match: 'contact' }
    const domain = domainOf(address)
    const byDomain = isFreeMailDomain(domain) ? undefined : this.domains.get(domain)
    if (byDomain) return { accountId: byDomain, match: 'domain' }
    return { accountId: null, match: null }
  }

  /**
   * A customer message's sender and account. A Reply-To speaks for the sender when the From
   * is no known contact: a procurement platform or an ERP mails from its own no-reply address
   * and names the buyer there. Contacts first (From, then Reply-To), then domains in the same
   * order; nothing matched: the From, in Triage.
   */
  resolveSender(
    from: string | null,
    replyTo: readonly string[],
  ): { address: string | null; accountId: string | null; match: 'contact' | 'domain' | null } {
    const candidates = [...(from ? [from] : []), ...replyTo]
    for (const match of ['contact', 'domain'] as const)
      for (const address of candidates) {
        const found = this.resolve(address)
        if (found.match === match) return { address, ...found }
      }
    return { address: from, accountId: null, match: null }
  }
}

const MESSAGE_COLUMNS = `id, identity, message_id AS messageId, in_reply_to AS inReplyTo, "references", subject, subject_key AS subjectKey,
  subject_is_reply AS subjectIsReply, from_address AS fromAddress, "to", cc, internal_date AS internalDate, direction,
  auto_reply AS autoReply, reply_to AS replyTo, business_refs AS businessRefs, ticket_id AS ticketId, join_reason AS joinReason, join_detail AS joinDetail`

const UNKEYED = 'NOT EXISTS (SELECT 1 FROM mail_thread_keys k WHERE k.message_row_id = m.id)'

const TICKET_COLUMNS = `id, root_message_id AS root, subject, account_id AS accountId, account_match AS accountMatch, status, message_count AS count,
  first_customer_message_at AS firstCustomer, last_message_at AS last, last_customer_message_at AS lastCustomer, customer_address AS customer`

const addrs = (json: string) =>
  (JSON.parse(json) as { address: string }[]).map((a) => addressKey(a.address))

export function threadInput(r: MessageRow): ThreadInput {
  return {
    key: r.identity,
    messageId: r.messageId,
    inReplyTo: JSON.parse(r.inReplyTo) as string[],
    references: JSON.parse(r.references) as string[],
    subjectKey: r.subjectKey,
    subjectIsReply: r.subjectIsReply === 1,
    date: Date.parse(r.internalDate),
    participants: [...(r.fromAddress ? [r.fromAddress] : []), ...addrs(r.to), ...addrs(r.cc)],
    businessRefs: JSON.parse(r.businessRefs) as string[],
  }
}

/**
 * The writer thread's copy of what a full re-thread reads of every message: its row
 * (MESSAGE_COLUMNS) and its thread input, kept during a large initial sync so that the
 * re-thread after the last envelope need not read 50,000 rows back and parse them again.
 *
 * It is used only while it provably equals the table. It starts on an empty mail_messages
 * table, inside a write transaction of the connection that keeps it, and follows every write
 * that connection makes to those columns: inserts, direction and ticket assignments; a write
 * it does not follow drops it. `PRAGMA data_version` changes when any other connection
 * commits; it is read inside this connection's write transactions (where no other can
 * commit), and a changed value drops the mirror too. A dropped mirror is never used again:
 * the re-thread reads the table as before.
 *
 * Mirrored rows are stored without their link keys (mail_thread_keys), which only incremental
 * re-threading reads: fillThreadKeys writes them once the tickets are committed, and drops the
 * mirror.
 */
export class ThreadMirror {
  readonly rows: MessageRow[] = []
  readonly inputs: ThreadInput[] = []
  private readonly index = new Map<number, number>()
  private version: number | null

  private constructor(version: number) {
    this.version = version
  }

  private static dataVersion(db: DbHandle): number {
    return db.sqlite.pragma('data_version', { simple: true }) as number
  }

  /** A mirror of the (empty) table, or null if it holds messages. In a write transaction. */
  static startIfEmpty(db: DbHandle): ThreadMirror | null {
    if (db.sqlite.prepare('SELECT 1 FROM mail_messages LIMIT 1').get() !== undefined) return null
    return new ThreadMirror(ThreadMirror.dataVersion(db))
  }

  /** Whether it still equals the table. In a write transaction of its connection. */
  fresh(db: DbHandle): boolean {
    return this.version !== null && this.version === ThreadMirror.dataVersion(db)
  }

  get dropped(): boolean {
    return this.version === null
  }

  drop(): void {
    this.version = null
    this.rows.length = 0
    this.inputs.length = 0
    this.index.clear()
  }

  /** After the commit that inserted it. */
  add(row: MessageRow, input: ThreadInput): void {
    this.index.set(row.id, this.rows.length)
    this.rows.push(row)
    this.inputs.push(input)
  }

  /** After the commit that changed it. */
  setDirection(id: number, direction: string): void {
    const i = this.index.get(id)
    if (i === undefined) this.drop()
    else (this.rows[i] as MessageRow).direction = direction
  }
}

/**
 * A ticket's customer and account: the sender of its first customer message (or its Reply-To,
 * see resolveSender); for a thread we started, the first recipient of our first message.
 */
function customerOf(
  first: Pick<MessageRow, 'to'>,
  firstCustomer: Pick<MessageRow, 'fromAddress' | 'replyTo'> | undefined,
  resolver: AccountResolver,
): { address: string | null; accountId: string | null; match: 'contact' | 'domain' | null } {
  if (firstCustomer)
    return resolver.resolveSender(firstCustomer.fromAddress, addrs(firstCustomer.replyTo))
  const address = addrs(first.to)[0] || null
  return { address, ...resolver.resolve(address) }
}

/** Set by a migration that changed how tickets map to accounts (0013): map them again, once. */
export const REMAP_ACCOUNTS_KEY = 'mail.remapAccounts'

/**
 * At a core's start: map the tickets again when a migration asked for it (the rule changed
 * since they were stored), and clear the request in the same transaction. Returns the tickets
 * that changed, or null when nothing was asked.
 */
export function remapTicketAccountsIfAsked(db: DbHandle): string[] | null {
  const ask = db.sqlite.prepare('SELECT 1 FROM app_settings WHERE key = ?')
  if (ask.get(REMAP_ACCOUNTS_KEY) === undefined) return null
  return db.sqlite.transaction(() => {
    const changed = remapTicketAccounts(db)
    db.sqlite.prepare('DELETE FROM app_settings WHERE key = ?').run(REMAP_ACCOUNTS_KEY)
    return changed
  })()
}

/**
 * Map every ticket to its account again, without threading again: after the sync server's
 * contacts or accounts changed (a pull), the same rule as the re-thread. Returns the tickets
 * whose account or customer changed.
 */
export function remapTicketAccounts(db: DbHandle): string[] {
  const resolver = new AccountResolver(db)
  // The re-thread's message order: arrival, then identity (hex, so BINARY order is its order).
  const rows = db.sqlite
    .prepare(
      `SELECT ticket_id AS ticketId, from_address AS fromAddress, reply_to AS replyTo, "to", direction, auto_reply AS autoReply
         FROM mail_messages WHERE ticket_id IS NOT NULL ORDER BY ticket_id, internal_date, identity`,
    )
    .all() as (Pick<MessageRow, 'fromAddress' | 'replyTo' | 'to' | 'direction' | 'autoReply'> & {
    ticketId: string
  })[]
  const current = new Map(
    (
      db.sqlite
        .prepare(
          'SELECT id, account_id AS accountId, account_match AS match, customer_address AS customer FROM mail_tickets',
        )
        .all() as {
        id: string
        accountId: string | null
        match: string | null
        customer: string | null
      }[]
    ).map((t) => [t.id, t]),
  )
  const update = db.sqlite.prepare(
    'UPDATE mail_tickets SET account_id = ?, account_match = ?, customer_address = ? WHERE id = ?',
  )
  const changed: string[] = []
  // Rows come ordered by ticket, then in the re-thread's order: each group keeps that order.
  const byTicket = new Map<string, typeof rows>()
  for (const r of rows) {
    const group = byTicket.get(r.ticketId)
    if (group) group.push(r)
    else byTicket.set(r.ticketId, [r])
  }
  db.sqlite.transaction(() => {
    for (const [ticketId, [first, ...rest]] of byTicket) {
      const t = current.get(ticketId)
      if (!t || !first) continue
      const firstCustomer = [first, ...rest].find((m) => m.direction === 'in' && !m.autoReply)
      const next = customerOf(first, firstCustomer, resolver)
      if (t.accountId === next.accountId && t.match === next.match && t.customer === next.address)
        continue
      update.run(next.accountId, next.match, next.address, ticketId)
      changed.push(ticketId)
    }
  })()
  return changed
}

/**
 * Thread `rows` and write the result: messages whose ticket or join reason changed, tickets
 * whose derived fields changed, and deletion of those `existing` tickets no longer produced.
 * `rows` must be closed under shared thread keys (all messages, or whole components), so that
 * buildThreads gives each of them what it gives in a full rebuild.
 */
function writeThreads(
  db: DbHandle,
  rows: MessageRow[],
  threads: Map<string, ThreadAssignment>,
  existing: Map<string, string>,
): { tickets: number; changedMessages: number; ticketIds: string[] } {
  const resolver = new AccountResolver(db)

  const byTicket = new Map<string, { root: string; rows: MessageRow[] }>()
  const updates: { id: number; ticketId: string; reason: string; detail: string | null }[] = []
  // One hash per thread, not per message.
  const idOfRoot = new Map<string, string>()
  for (const r of rows) {
    const t = threads.get(r.identity)
    if (!t) continue
    let ticketId = idOfRoot.get(t.rootId)
    if (ticketId === undefined) {
      ticketId = ticketIdFor(t.rootId, sha256Hex)
      idOfRoot.set(t.rootId, ticketId)
    }
    let group = byTicket.get(ticketId)
    if (!group) {
      group = { root: t.rootId, rows: [] }
      byTicket.set(ticketId, group)
    }
    group.rows.push(r)
    if (r.ticketId !== ticketId || r.joinReason !== t.reason || r.joinDetail !== t.detail) {
      updates.push({ id: r.id, ticketId, reason: t.reason, detail: t.detail })
      // The row now says what the table will say (a ThreadMirror's rows stay equal to it).
      r.ticketId = ticketId
      r.joinReason = t.reason
      r.joinDetail = t.detail
    }
  }

  const setMessage = db.sqlite.prepare(
    'UPDATE mail_messages SET ticket_id = ?, join_reason = ?, join_detail = ? WHERE id = ?',
  )
  const upsertTicket = db.sqlite
    .prepare(`INSERT INTO mail_tickets (id, root_message_id, subject, account_id, account_match, status,
    message_count, first_customer_message_at, last_message_at, last_customer_message_at, customer_address)
    VALUES (@id, @root, @subject, @accountId, @accountMatch, @status, @count, @firstCustomer, @last, @lastCustomer, @customer)
    ON CONFLICT (id) DO UPDATE SET root_message_id = excluded.root_message_id, subject = excluded.subject, account_id = excluded.account_id,
      account_match = excluded.account_match, status = excluded.status, message_count = excluded.message_count,
      first_customer_message_at = excluded.first_customer_message_at, last_message_at = excluded.last_message_at,
      last_customer_message_at = excluded.last_customer_message_at, customer_address = excluded.customer_address`)
  const deleteTicket = db.sqlite.prepare('DELETE FROM mail_tickets WHERE id = ?')
  for (const u of updates) setMessage.run(u.ticketId, u.reason, u.detail, u.id)
  const deleted: string[] = []
  for (const id of existing.keys()) {
    if (byTicket.has(id)) continue
    deleteTicket.run(id)
    deleted.push(id)
  }
  for (const [id, group] of byTicket) {
    // ISO instants and hex identities of one format: code-unit order is their order (and
    // several times faster than localeCompare).
    const msgs = group.rows.sort((a, b) =>
      a.internalDate !== b.internalDate
        ? a.internalDate < b.internalDate
          ? -1
          : 1
        : a.identity < b.identity
          ? -1
          : a.identity > b.identity
            ? 1
            : 0,
    )
    const first = msgs[0] as MessageRow
    const last = msgs[msgs.length - 1] as MessageRow
    // Automatic replies (an out-of-office notice, a ticket system's acknowledgement) are listed
    // but decide nothing: they neither reopen the ticket nor count as the customer's word or
    // as our answer.
    const written = msgs.filter((m) => !m.autoReply)
    const customer = written.filter((m) => m.direction === 'in')
    const firstCustomer = customer[0]
    const account = customerOf(first, firstCustomer, resolver)
    const customerAddress = account.address
    const row: TicketRow = {
      id,
      root: group.root,
      subject: first.subject,
      accountId: account.accountId,
      accountMatch: account.match,
      status: (written.at(-1) ?? last).direction === 'out' ? 'waiting' : 'open',
      count: msgs.length,
      firstCustomer: firstCustomer?.internalDate ?? null,
      last: last.internalDate,
      lastCustomer: customer.at(-1)?.internalDate ?? null,
      customer: customerAddress,
    }
    if (existing.get(id) !== JSON.stringify(row)) upsertTicket.run(row)
  }
  // Every ticket re-derived here (its messages, direction or row may have changed), and the
  // deleted ones: what a reader of tickets must look at again.
  return {
    tickets: byTicket.size,
    changedMessages: updates.length,
    ticketIds: [...byTicket.keys(), ...deleted],
  }
}

/**
 * Rebuild threads and tickets from every stored message. Tickets are derived data: the full
 * rebuild keeps them a pure function of the mail set (same mail, same tickets on every
 * client). Messages whose ticket did not change are not rewritten. Also fills the thread keys
 * of messages that have none (rows written before mail_thread_keys existed) and clears the
 * dirty keys, which a full rebuild covers.
 */
export function rebuildTickets(
  db: DbHandle,
  /** A fresh ThreadMirror of the table (see updateTickets): its rows instead of a read. */
  mirror: ThreadMirror | null = null,
): {
  tickets: number
  changedMessages: number
  ticketIds: string[]
} {
  return db.sqlite.transaction(() => {
    const insertKey = db.sqlite.prepare(
      'INSERT OR IGNORE INTO mail_thread_keys (key, message_row_id) VALUES (?, ?)',
    )
    let rows: MessageRow[]
    let inputs: ThreadInput[]
    if (mirror) {
      // Mirrored rows get their keys from fillThreadKeys, after this commit.
      rows = mirror.rows
      inputs = mirror.inputs
    } else {
      rows = db.sqlite.prepare(`SELECT ${MESSAGE_COLUMNS} FROM mail_messages`).all() as MessageRow[]
      const keyed = new Set(
        db.sqlite
          .prepare('SELECT DISTINCT message_row_id AS id FROM mail_thread_keys')
          .pluck()
          .all() as number[],
      )
      inputs = rows.map(threadInput)
      rows.forEach((r, i) => {
        if (!keyed.has(r.id))
          for (const k of threadKeys(inputs[i] as ThreadInput)) insertKey.run(k, r.id)
      })
    }
    const threads = buildThreads(inputs)
    // Replies that threading left orphan although they have parent links (a cycle) are
    // subject-fallback sources: give them their `s:` key (see threadKeys).
    rows.forEach((r, i) => {
      const t = threads.get(r.identity)
      const k = t ? subjectSourceKey(inputs[i] as ThreadInput, t) : null
      if (!k) return
      // A message either has all its keys or none (none: the next re-thread is a full one):
      // a mirrored row still waiting for them gets them all now.
      if (mirror) for (const key of threadKeys(inputs[i] as ThreadInput)) insertKey.run(key, r.id)
      insertKey.run(k, r.id)
    })
    // Only tickets whose derived fields changed are written: an incremental sync touches a few.
    const existing = new Map(
      (db.sqlite.prepare(`SELECT ${TICKET_COLUMNS} FROM mail_tickets`).all() as TicketRow[]).map(
        (r) => [r.id, JSON.stringify(r)],
      ),
    )
    const result = writeThreads(db, rows, threads, existing)
    db.sqlite.prepare('DELETE FROM mail_thread_dirty').run()
    return result
  })()
}

/**
 * Incremental re-threading (the normal path after a sync pass): recompute only the messages
 * connected through thread keys to the dirty keys the store recorded (`r:` a new row, the keys
 * of removed messages and of changed business references, `t:` a ticket whose messages changed
 * direction), and only their tickets. Because buildThreads relates messages only through
 * these keys (see `threadKeys`), the result equals a full rebuild's. One IMMEDIATE transaction: the dirty keys are consumed together with the
 * writes they cause.
 */
export function updateTickets(
  db: DbHandle,
  options: {
    /** Dirty keys per stored message above which one full rebuild is cheaper (default 0.25). */
    fullRebuildRatio?: number
    /** The writer thread's ThreadMirror: used by a full rebuild while fresh, else dropped. */
    mirror?: ThreadMirror | null
  } = {},
): {
  tickets: number
  changedMessages: number
  /** Messages re-threaded (all of them after a full rebuild). */
  componentMessages: number
  full: boolean
  /**
   * The tickets re-derived (written, deleted, or with messages re-threaded): only these may
   * differ from before. Null after a full rebuild (any ticket may have changed).
   */
  changedTicketIds: string[] | null
} {
  const q = (sql: string) => db.sqlite.prepare(sql)
  const run = db.sqlite.transaction(() => {
    const given = options.mirror ?? null
    const mirror = given?.fresh(db) ? given : null
    if (given && !mirror) given.drop()
    const dirtyCount = q('SELECT count(*) FROM mail_thread_dirty').pluck().get() as number
    if (dirtyCount === 0)
      return { changedMessages: 0, componentMessages: 0, full: false, changedTicketIds: [] }
    // Messages from before mail_thread_keys existed have no keys: only a full rebuild sees them
    // (a mirror's rows all have theirs). And when much is dirty (an initial sync), one pass
    // over everything beats walking it.
    const unkeyed = mirror
      ? mirror.rows.length > 0
      : q(`SELECT 1 FROM mail_messages m WHERE ${UNKEYED} LIMIT 1`).get() !== undefined
    const messages = mirror
      ? mirror.rows.length
      : (q('SELECT count(*) FROM mail_messages').pluck().get() as number)
    if (unkeyed || dirtyCount > messages * (options.fullRebuildRatio ?? 0.25)) {
      const full = rebuildTickets(db, mirror)
      return {
        changedMessages: full.changedMessages,
        componentMessages: messages,
        full: true,
        changedTicketIds: null,
      }
    }
    const dirty = q('SELECT key FROM mail_thread_dirty').pluck().all() as string[]
    const byKey = q('SELECT message_row_id AS id FROM mail_thread_keys WHERE key = ?').pluck()
    const byTicket = q('SELECT id FROM mail_messages WHERE ticket_id = ?').pluck()
    const keysOf = q('SELECT key FROM mail_thread_keys WHERE message_row_id = ?').pluck()
    const insertKey = q(
      'INSERT OR IGNORE INTO mail_thread_keys (key, message_row_id) VALUES (?, ?)',
    )
    const load = q(`SELECT ${MESSAGE_COLUMNS} FROM mail_messages WHERE id = ?`)
    const rowExists = q('SELECT id FROM mail_messages WHERE id = ?').pluck()
    const seenKeys = new Set<string>()
    const rows = new Map<number, { row: MessageRow; input: ThreadInput; keys: Set<string> }>()
    const oldTickets = new Set<string>()
    const frontier: string[] = []
    const visitKey = (k: string) => {
      if (!seenKeys.has(k)) {
        seenKeys.add(k)
        frontier.push(k)
      }
    }
    dirty.forEach(visitKey)
    let threads: Map<string, ThreadAssignment>
    for (;;) {
      // Breadth-first over the graph messages ↔ keys (keys meet as linkedKeys says), and ↔
      // their current ticket, so a ticket that splits or empties is rewritten or deleted whole.
      while (frontier.length) {
        const k = frontier.pop() as string
        let found: number[]
        if (k.startsWith('t:')) {
          oldTickets.add(k.slice(2))
          found = byTicket.all(k.slice(2)) as number[]
        } else if (k.startsWith('r:')) {
          // A new message (its row may be gone again: then its removal marked its keys).
          found = (rowExists.all(Number(k.slice(2))) as number[]).slice(0, 1)
        } else found = linkedKeys(k).flatMap((lk) => byKey.all(lk) as number[])
        for (const id of found) {
          if (rows.has(id)) continue
          const row = load.get(id) as MessageRow
          const keys = new Set(keysOf.all(id) as string[])
          rows.set(id, { row, input: threadInput(row), keys })
          keys.forEach(visitKey)
          if (row.ticketId) visitKey('t:' + row.ticketId)
        }
      }
      threads = buildThreads([...rows.values()].map((r) => r.input))
      // A reply left orphan by a dropped cycle link is a subject-fallback source: with its new
      // `s:` key the component may grow; walk on and thread again (keys only grow: it ends).
      let grew = false
      for (const [id, r] of rows) {
        const t = threads.get(r.row.identity)
        const k = t ? subjectSourceKey(r.input, t) : null
        if (k && !r.keys.has(k)) {
          insertKey.run(k, id)
          r.keys.add(k)
          visitKey(k)
          grew = true
        }
      }
      if (!grew) break
    }
    const loadTicket = q(`SELECT ${TICKET_COLUMNS} FROM mail_tickets WHERE id = ?`)
    const existing = new Map<string, string>()
    for (const id of oldTickets) {
      const row = loadTicket.get(id) as TicketRow | undefined
      if (row) existing.set(id, JSON.stringify(row))
    }
    const result = writeThreads(
      db,
      [...rows.values()].map((r) => r.row),
      threads,
      existing,
    )
    const clear = q('DELETE FROM mail_thread_dirty WHERE key = ?')
    for (const k of dirty) clear.run(k)
    return {
      changedMessages: result.changedMessages,
      componentMessages: rows.size,
      full: false,
      changedTicketIds: result.ticketIds,
    }
  })
  let r: ReturnType<typeof run>
  try {
    r = run.immediate()
  } catch (error) {
    // Rolled back: the mirror's rows may hold assignments the table does not.
    options.mirror?.drop()
    throw error
  }
  // The incremental path writes assignments the mirror does not follow.
  if (!r.full && r.componentMessages > 0) options.mirror?.drop()
  return { tickets: ticketCount(db), ...r }
}

/**
 * Give messages without link keys theirs: a ThreadMirror's rows (from its inputs, while it is
 * fresh), else whatever rows lack them. After a large initial sync this runs once the tickets
 * are committed, since the keys serve only later incremental re-threads; the pairs are
 * inserted in key order, which a B-tree takes far better than arrival order. Drops the mirror
 * (its work is done). Returns the keys written.
 */
export function fillThreadKeys(db: DbHandle, mirror: ThreadMirror | null): number {
  const run = db.sqlite.transaction(() => {
    const pairs: [string, number][] = []
    if (mirror?.fresh(db)) {
      mirror.rows.forEach((r, i) => {
        for (const k of threadKeys(mirror.inputs[i] as ThreadInput)) pairs.push([k, r.id])
      })
    } else {
      const rows = db.sqlite
        .prepare(`SELECT ${MESSAGE_COLUMNS} FROM mail_messages m WHERE ${UNKEYED}`)
        .all() as MessageRow[]
      for (const r of rows) for (const k of threadKeys(threadInput(r))) pairs.push([k, r.id])
    }
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))
    const insertKey = db.sqlite.prepare(
      'INSERT OR IGNORE INTO mail_thread_keys (key, message_row_id) VALUES (?, ?)',
    )
    for (const [k, id] of pairs) insertKey.run(k, id)
    return pairs.length
  })
  try {
    return run.immediate()
  } finally {
    mirror?.drop()
  }
}

export function ticketCount(db: DbHandle): number {
  return (db.sqlite.prepare('SELECT count(*) AS n FROM mail_tickets').get() as { n: number }).n
}
