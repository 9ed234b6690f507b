import { afterAll, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../../src/main/cli/commands/demo'
import { systemClock } from '../../../src/main/core/clock'
import { silentLogger } from '../../../src/main/core/logger'
import { openDemoWorkspace, type DemoWorkspace } from '../../../src/main/demo/workspace'
import { listMailboxes } from '../../../src/main/mail/mailboxes'
import { listTickets } from '../../../src/main/mail/queries'
import { clientMigrationsFolder, findProjectRoot } from '../../../src/main/paths'
import { createHandlers } from '../../../src/main/services/handlers'
import { DEMO_ACCOUNTS } from '../../../src/shared/demo/companies'
import { tempDir } from '../../helpers/core'

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('demo workspace', () => {
  const tmp = tempDir('kontor-demo-')
  const open = () =>
    openDemoWorkspace({
      dataDir: tmp.dir,
      root: findProjectRoot(),
      clock: systemClock,
      version: 'test',
      migrationsFolder: clientMigrationsFolder(),
      log: silentLogger,
      startServer: startDemoServer,
    })
  let ws: DemoWorkspace | null = null
  afterAll(async () => {
    await ws?.close()
    tmp.dispose()
  })

  it('starts populated: ~300 tickets, demo accounts on tickets, replica filled by the first sync', async () => {
    const t0 = Date.now()
    ws = await open()
    const first = Date.now() - t0
    expect(ws.ingested?.messages).toBe(918)
    expect(ws.seeded).toBe(true)
    const tickets = listTickets(ws.core.db, { accountId: null, limit: 100_000 })
    expect(tickets.length).toBeGreaterThanOrEqual(280)
    expect(tickets.length).toBeLessThanOrEqual(320)
    const known = new Set(DEMO_ACCOUNTS.map((a) => a.id))
    const onAccounts = tickets.filter((t) => t.accountId !== null && known.has(t.accountId))
    expect(onAccounts.length).toBeGreaterThan(200)
    // Through the handler table too (what the browser calls).
    const handlers = createHandlers(ws.core)
    const listed = await handlers['tickets:list'](
      { limit: 100_000 },
      { caller: { transport: 'cli', trusted: true } },
    )
    expect(listed).toHaveLength(tickets.length)
    // The newest mail is recent: dates were shifted to the present.
    const newest = Math.max(...tickets.map((t) => Date.parse(t.lastMessageAt)))
    expect(Date.now() - newest).toBeLessThan(2 * 86_400_000)
    expect(
      listMailboxes(ws.core.db)
        .map((m) => m.address)
        .sort(),
    ).toEqual([
      'billing@kontor-demo.example',
      'emea@kontor-demo.example',
      'support@kontor-demo.example',
    ])

    const replicaAccounts = () =>
      (
        ws?.core.db.sqlite
          .prepare("SELECT count(*) AS n FROM replica_entities WHERE entity = 'account'")
          .get() as { n: number }
      ).n
    await until(() => replicaAccounts() > 0, 30_000)

    // A reply in the demo goes to the demo mailbox's Sent folder and joins its ticket.
    const ticket = must(tickets.find((x) => x.status === 'open' && x.customerAddress !== null))
    const queued = await handlers['mail:reply'](
      {
        ticketId: ticket.id,
        mailboxId: 'mbx-support',
        to: [must(ticket.customerAddress)],
        subject: `Re: ${ticket.subject}`,
        text: 'Thank you, we are on it.',
      },
      { caller: { transport: 'cli', trusted: true } },
    )
    await until(
      () =>
        (
          ws?.core.db.sqlite
            .prepare('SELECT state FROM mail_outbox WHERE id = ?')
            .get(queued.id) as { state: string } | undefined
        )?.state === 'done',
      10_000,
    )
    const detail = await handlers['tickets:get'](
      { id: ticket.id },
      { caller: { transport: 'cli', trusted: true } },
    )
    expect(detail.messages).toHaveLength(ticket.messageCount + 1)
    expect(detail.messages.at(-1)).toMatchObject({ direction: 'out', bodyStatus: 'done' })
    expect(detail.ticket.status).toBe('waiting')
    // The demo has a past: threads answered days ago are solved, some wait on the customer,
    // set through the sync outbox and confirmed by the embedded server.
    const queues = await handlers['console:queues'](
      {},
      { caller: { transport: 'cli', trusted: true } },
    )
    const count = (id: string) => queues.queues.find((q) => q.id === id)?.count ?? 0
    expect(count('solved')).toBeGreaterThan(0)
    expect(count('waiting')).toBeGreaterThan(0)
    // Settling reaches every account the shared mailboxes serve (the demo agent covers them
    // all): most of the past is solved, the open queue is a minority, pauses have reasons.
    const total = count('all') + count('solved')
    expect(count('solved')).toBeGreaterThanOrEqual(0.3 * total)
    expect(count('all')).toBeLessThanOrEqual(0.45 * total)
    const reasons = queues.queues.find((q) => q.id === 'waiting')?.reasons ?? []
    expect(reasons.filter((r) => r.count > 0).length).toBeGreaterThanOrEqual(3)
    expect(ws.core.sync?.status()).toMatchObject({ pending: 0, rejected: 0 })
    console.warn(
      `demo first start ${first} ms; replica accounts ${replicaAccounts()}; solved ${count('solved')}, waiting ${count('waiting')}, breached ${count('breached')}`,
    )
  }, 180_000)

  it('restarts without ingesting or seeding again', async () => {
    const before = listTickets(must(ws).core.db, { accountId: null, limit: 100_000 }).length
    await ws?.close()
    ws = null
    const t0 = Date.now()
    ws = await open()
    console.warn(`demo restart ${Date.now() - t0} ms`)
    expect(ws.ingested).toBeNull()
    expect(ws.seeded).toBe(false)
    const messages = (
      ws.core.db.sqlite.prepare('SELECT count(*) AS n FROM mail_placements').get() as { n: number }
    ).n
    expect(messages).toBe(919)
    expect(listTickets(ws.core.db, { accountId: null, limit: 100_000 })).toHaveLength(before)
    const status = await ws.core.sync?.syncOnce()
    expect(status?.state).toBe('idle')
  }, 120_000)

  it('an ingest interrupted before it was recorded starts over instead of doubling the mail', async () => {
    must(ws)
      .core.db.sqlite.prepare("DELETE FROM app_settings WHERE key = 'demo.mailboxIngested'")
      .run()
    await ws?.close()
    ws = null
    ws = await open()
    expect(ws.ingested?.messages).toBe(918)
    const placements = (
      ws.core.db.sqlite.prepare('SELECT count(*) AS n FROM mail_placements').get() as { n: number }
    ).n
    expect(placements).toBe(918)
    expect(
      listTickets(ws.core.db, { accountId: null, limit: 100_000 }).length,
    ).toBeGreaterThanOrEqual(280)
  }, 120_000)
})

function must<T>(v: T | null | undefined): T {
  if (v === null || v === undefined) throw new Error('missing')
  return v
}
