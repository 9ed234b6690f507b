/**
 * The benchmarks' ticket store (bench/console.ts, bench/ui.ts): a deterministic generator
 * that writes straight into a migrated local store.
 *
 * `tickets` tickets (about 3 messages each, in two shared mailboxes), with a server replica of
 * 500 accounts on five time zones, 40 agents and ticket metadata for 60% of the tickets
 * (assignees, pauses, solves); the signed-in agent is agt-1.
 */
import type { DbHandle } from '../src/main/db/open'

export const BENCH_NOW = Date.parse('2026-11-27T12:00:00Z')
const ACCOUNTS = 500
const AGENTS = 40
const MIN = 60_000

export interface SeedOptions {
  /** How many tickets (default 50,000). */
  tickets?: number
  /** The store's "now" (epoch ms): messages lie in the ten days before it. */
  now?: number
}

/** Deterministic PRNG (mulberry32) so every run measures the same store. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function seedTicketStore(db: DbHandle, options: SeedOptions = {}): void {
  const TICKETS = options.tickets ?? 50_000
  const NOW = options.now ?? BENCH_NOW
  const rnd = prng(42)
  const s = db.sqlite
  const created = new Date(NOW).toISOString()
  const folderIds: Record<string, number> = {}
  for (const box of ['support', 'billing']) {
    s.prepare(
      `INSERT INTO mail_mailboxes (id, address, display_name, imap_host, imap_port, imap_security,
        imap_user, folders, created_at) VALUES (?, ?, ?, '127.0.0.1', 1, 'plain', ?, '["INBOX","Sent"]', ?)`,
    ).run(box, `${box}@kontor.test`, box, box, created)
    for (const [path, role] of [
      ['INBOX', 'inbox'],
      ['Sent', 'sent'],
    ] as const) {
      const r = s
        .prepare('INSERT INTO mail_folders (mailbox_id, path, role) VALUES (?, ?, ?)')
        .run(box, path, role)
      folderIds[`${box}/${path}`] = Number(r.lastInsertRowid)
    }
  }
  const zones = [
    'Europe/Berlin',
    'Europe/London',
    'America/Chicago',
    'America/New_York',
    'Europe/Vienna',
  ]
  const tiers = ['strategic', 'key', 'standard', 'standard']
  const replica = s.prepare(
    `INSERT INTO replica_entities (entity, id, account_id, version, data, pulled_at)
     VALUES (?, ?, ?, 1, ?, ?)`,
  )
  const msg = s.prepare(
    `INSERT INTO mail_messages (identity, message_id, subject, from_address, internal_date,
       direction, ticket_id, join_reason) VALUES (?, ?, ?, ?, ?, ?, ?, 'references')`,
  )
  const place = s.prepare(
    'INSERT INTO mail_placements (folder_id, uid, message_row_id) VALUES (?, ?, ?)',
  )
  const ticket = s.prepare(
    `INSERT INTO mail_tickets (id, root_message_id, subject, account_id, account_match, status,
       message_count, first_customer_message_at, last_message_at, last_customer_message_at,
       customer_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  let uid = 0
  s.transaction(() => {
    for (let a = 0; a < ACCOUNTS; a++) {
      const data = {
        id: `acc-${a}`,
        name: `Account ${a} GmbH`,
        tier: tiers[a % tiers.length],
        region: 'r',
        timeZone: zones[a % zones.length],
      }
      replica.run('account', data.id, data.id, JSON.stringify(data), created)
    }
    for (let g = 0; g < AGENTS; g++)
      replica.run('agent', `agt-${g}`, null, JSON.stringify({ name: `Agent ${g}` }), created)
    for (let t = 0; t < TICKETS; t++) {
      const id = `t_${t.toString(16).padStart(24, '0')}`
      const box = rnd() < 0.7 ? 'support' : 'billing'
      const accountId = rnd() < 0.8 ? `acc-${Math.floor(rnd() * ACCOUNTS)}` : null
      const customer = accountId ? `buyer${t}@${accountId}.example` : `someone${t}@gmail.com`
      let at = NOW - Math.floor(rnd() * 10 * 24 * 60) * MIN
      const first = at
      let last = at
      let lastCustomer = at
      let direction = 'in'
      const n = 1 + Math.floor(rnd() * 4)
      for (let m = 0; m < n; m++) {
        direction = m === 0 ? 'in' : rnd() < 0.6 ? 'out' : 'in'
        const dateIso = new Date(at).toISOString()
        const r = msg.run(
          `${id}-${m}`,
          `${id}-${m}@bench.example`,
          'Order question',
          direction === 'in' ? customer : `${box}@kontor.test`,
          dateIso,
          direction,
          id,
        )
        place.run(
          folderIds[`${box}/${direction === 'in' ? 'INBOX' : 'Sent'}`] as number,
          ++uid,
          Number(r.lastInsertRowid),
        )
        last = at
        if (direction === 'in') lastCustomer = at
        at = Math.min(NOW, at + Math.floor(rnd() * 600) * MIN)
      }
      ticket.run(
        id,
        `${id}-0@bench.example`,
        `Order question ${t}`,
        accountId,
        accountId ? 'domain' : null,
        direction === 'out' ? 'waiting' : 'open',
        n,
        new Date(first).toISOString(),
        new Date(last).toISOString(),
        new Date(lastCustomer).toISOString(),
        customer,
      )
      if (accountId && rnd() < 0.75) {
        const roll = rnd()
        const status = roll < 0.7 ? 'open' : roll < 0.85 ? 'paused' : 'resolved'
        const data = {
          id,
          accountId,
          assigneeId: `agt-${Math.floor(rnd() * AGENTS)}`,
          status,
          pauseReason: status === 'paused' ? 'awaiting_customer' : null,
          orderType: 'standard',
          updatedAt: new Date(last + 5 * MIN).toISOString(),
        }
        replica.run('ticket', id, accountId, JSON.stringify(data), created)
      }
    }
  })()
  s.prepare("INSERT INTO sync_state (key, value) VALUES ('agentId', 'agt-1')").run()
}
