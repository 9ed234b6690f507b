import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../src/main/core/clock'
import { createCore, type Core } from '../../src/main/core/core'
import { migrateDatabase, openDatabase, type DbHandle } from '../../src/main/db/open'
import { importAccounts } from '../../src/main/mail/accounts'
import { saveMailbox } from '../../src/main/mail/mailboxes'
import { MapSecretStore } from '../../src/main/mail/secrets'
import { clientMigrationsFolder, findProjectRoot, rendererDir } from '../../src/main/paths'
import { createHandlers } from '../../src/main/services/handlers'
import { MailService } from '../../src/main/services/mail-service'
import { startWebServer, type WebServer } from '../../src/main/web/web-server'
import { addAgent } from '../../src/server/agents'
import { rows } from '../../src/server/db/store'
import { startChromium, type RunningChromium } from '../helpers/chromium'
import { tempDir } from '../helpers/core'
import { startDovecot, type DovecotServer } from '../helpers/dovecot'
import { startSyncServer, type RunningSyncServer } from '../helpers/sync-server'
import { startWorkspaceConsole, type RunningWorkspaceConsole } from '../helpers/workspace-web'
import { bearer } from '../server/fixture'

const root = findProjectRoot(__dirname)
const RESULTS = join(root, 'test-results')
const SUBJECT = 'Angebot für 400 Stück SKU-1'

/**
 * An agent opens a customer's ticket in the web console (mail from a real Dovecot mailbox,
 * server data from a real sync server), assigns it to themselves and then to a teammate
 * picked by name, pauses it waiting on the customer and sets its order type. The sync
 * server holds every change; the queue row shows the assignee's name and the paused chip.
 */
describe('assign, pause and order type from the console', () => {
  let dovecot: DovecotServer
  let sync: RunningSyncServer
  let db: DbHandle
  let core: Core
  let web: WebServer
  let mail: MailService
  let chromium: RunningChromium
  const tmp = tempDir('kontor-assign-')

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true })
    // The sync server (PGlite) with the server tests' world; Nora (agentN, team north) gets a
    // teammate and a team lead to pick from.
    sync = await startSyncServer()
    const now = new Date()
    await addAgent(
      sync.store.db,
      {
        id: 'agentN2',
        name: 'Nils Nordmann',
        email: 'nils@kontor.test',
        role: 'agent',
        team: 'north',
        accounts: ['A1'],
      },
      now,
    )
    await addAgent(
      sync.store.db,
      {
        id: 'leadN',
        name: 'Lina Lind',
        email: 'lina@kontor.test',
        role: 'team_lead',
        team: 'north',
      },
      now,
    )

    dovecot = await startDovecot({ users: [{ user: 'support', password: 'pw-support' }] })
    dovecot.deliver(
      'support',
      'INBOX',
      [
        'From: Bea Buyer <buyer@a1.example>',
        'To: Support <support@kontor-demo.example>',
        `Subject: ${SUBJECT}`,
        'Date: Fri, 27 Nov 2026 08:00:00 +0100',
        'Message-ID: <rfq-400-sku1@a1.example>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Guten Tag, bitte senden Sie uns ein Angebot für 400 Stück SKU-1.',
        '',
      ].join('\r\n'),
      { internalDate: new Date(Date.now() - 3600_000) },
    )

    db = openDatabase(join(tmp.dir, 'kontor.sqlite'))
    const migrationsFolder = clientMigrationsFolder(root)
    migrateDatabase(db, migrationsFolder)
    saveMailbox(db, systemClock, {
      id: 'support',
      address: 'support@kontor-demo.example',
      displayName: 'Support',
      imap: { host: '127.0.0.1', port: dovecot.port, security: 'plain', user: 'support' },
      folders: ['INBOX'],
    })
    importAccounts(db, [{ id: 'A1', name: 'Account A1', domains: ['a1.example'], contacts: [] }])
    // The web console as `kontor web` runs it, signed in to the sync server as Nora.
    core = createCore({
      db,
      clock: systemClock,
      version: 'test',
      migrationsFolder,
      server: { url: sync.url, token: sync.tokens.agentN },
    })
    web = await startWebServer({
      handlers: createHandlers(core),
      events: core.events,
      staticDir: rendererDir(root),
    })
    await core.sync?.syncOnce()
    core.sync?.start({ intervalMs: 2000 })
    mail = new MailService({ core, secrets: new MapSecretStore({ 'imap:support': 'pw-support' }) })
    mail.start()
    chromium = await startChromium()
  }, 120_000)

  afterAll(async () => {
    await chromium?.stop()
    await mail?.stop()
    core?.sync?.stop()
    await web?.close()
    db?.close()
    await dovecot?.stop()
    await sync?.stop()
    tmp.dispose()
  })

  const serverTicket = async (id: string) => {
    const [row] = await rows<{
      assignee_id: string | null
      status: string
      pause_reason: string | null
      order_type: string | null
    }>(
      sync.store.db,
      sql`select assignee_id, status, pause_reason, order_type from tickets where id = ${id}`,
    )
    return row ?? null
  }

  it('assigns to me, then to a teammate by name, pauses waiting on the customer and sets the order type', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(web.url)
    const row = page.locator('.ticket-row', { hasText: SUBJECT })
    await row.waitFor({ timeout: 30_000 })
    const ticketId = await row.getAttribute('data-ticket-id')
    expect(ticketId).toBeTruthy()
    const id = ticketId as string
    await row.click()

    const assignee = page.getByTestId('assignee')
    await expect.poll(() => assignee.textContent(), { timeout: 20_000 }).toBe('Unassigned')
    const assign = page.getByRole('combobox', { name: 'Assign' })
    const myCount = page.locator('[data-queue="mine"] .count')
    expect(await myCount.textContent()).toBe('0')

    // To me: pending until the server confirms, then in My tickets.
    await assign.selectOption({ label: 'Assign to me' })
    await expect
      .poll(() => assignee.textContent(), { timeout: 20_000 })
      .toBe('Assigned to Nora North (me)')
    await expect.poll(() => myCount.textContent(), { timeout: 20_000 }).toBe('1')
    expect((await serverTicket(id))?.assignee_id).toBe('agentN')

    // The menu offers the team by name, never another team's agents.
    const options = await assign.locator('option').allTextContents()
    expect(options).toEqual(expect.arrayContaining(['Nils Nordmann', 'Lina Lind', 'Unassign']))
    expect(options.join()).not.toMatch(/Sam South|Lea Lead|Ada Admin/)
    await assign.selectOption({ label: 'Nils Nordmann' })
    await expect
      .poll(() => assignee.textContent(), { timeout: 20_000 })
      .toBe('Assigned to Nils Nordmann')

    await page
      .getByRole('combobox', { name: 'Set status' })
      .selectOption({ label: 'Waiting on customer' })
    await expect
      .poll(() => page.getByTestId('ticket-status').textContent(), { timeout: 20_000 })
      .toBe('Paused · Waiting on customer')

    await page
      .getByRole('combobox', { name: 'Order type' })
      .selectOption({ label: 'Quote request' })
    await expect
      .poll(() => page.getByTestId('order-type').textContent(), { timeout: 20_000 })
      .toBe('Quote request')
    await expect
      .poll(() => page.locator('.ticket-change-pending').count(), { timeout: 20_000 })
      .toBe(0)

    // The server has it: the store and the API (as the team's lead would not, as admin does).
    expect(await serverTicket(id)).toEqual({
      assignee_id: 'agentN2',
      status: 'paused',
      pause_reason: 'waiting_on_customer',
      order_type: 'quote_request',
    })
    const api = await fetch(`${sync.url}/v1/tickets/${encodeURIComponent(id)}`, {
      headers: bearer(sync.tokens.admin),
    })
    expect(api.status).toBe(200)
    const body = (await api.json()) as {
      ticket: { assigneeId: string; statusHistory: { status: string; by: string }[] }
    }
    expect(body.ticket.assigneeId).toBe('agentN2')
    expect(body.ticket.statusHistory.at(-1)).toMatchObject({ status: 'paused', by: 'agentN' })
    const audit = await rows<{ action: string }>(
      sync.store.db,
      sql`select action from audit where entity_id = ${id} order by seq`,
    )
    expect(audit.map((a) => a.action)).toEqual([
      'ticket.assign',
      'ticket.assign',
      'ticket.setStatus',
      'ticket.setOrderType',
    ])

    // The row in the list: the assignee's name and the paused chip; no longer mine.
    const listed = page.locator(`.ticket-row[data-ticket-id="${id}"]`)
    await expect
      .poll(() => listed.locator('.ticket-assignee').textContent(), { timeout: 20_000 })
      .toBe('Nils Nordmann')
    expect(await listed.locator('.ticket-paused').textContent()).toBe('waiting on customer')
    await expect.poll(() => myCount.textContent(), { timeout: 20_000 }).toBe('0')
    await page.screenshot({ path: join(RESULTS, 'console-assign.png') })
    await page.close()
  })
})

/**
 * The same on the demo workspace (`kontor web` with nothing configured): the demo account
 * manager hands one of their tickets to a colleague of the DACH team by name.
 */
describe('assign on the demo workspace', () => {
  const tmp = tempDir('kontor-assign-demo-')
  let app: RunningWorkspaceConsole
  let chromium: RunningChromium

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true })
    app = await startWorkspaceConsole(tmp.dir)
    await app.host.core.sync?.syncOnce()
    chromium = await startChromium()
  }, 240_000)

  afterAll(async () => {
    await chromium?.stop()
    await app?.stop()
    tmp.dispose()
  })

  it('hands a ticket of My tickets to a teammate and pauses it waiting on the supplier', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(app.server.url)
    const myCount = page.locator('[data-queue="mine"] .count')
    await expect
      .poll(async () => Number(await myCount.textContent()), { timeout: 30_000 })
      .toBeGreaterThan(0)
    const before = Number(await myCount.textContent())
    await page.locator('[data-queue="mine"]').click()
    const row = page.locator('.ticket-row[data-ticket-id]').first()
    await row.waitFor({ timeout: 20_000 })
    const id = (await row.getAttribute('data-ticket-id')) as string
    await row.click()
    const assignee = page.getByTestId('assignee')
    await expect
      .poll(() => assignee.textContent(), { timeout: 20_000 })
      .toBe('Assigned to Julia Neumann (me)')
    const assign = page.getByRole('combobox', { name: 'Assign' })
    const team = await assign.locator('optgroup[label="Team"] option').allTextContents()
    expect(team).toContain('Markus Eder')
    expect(team).toContain('Thomas Berger')
    await assign.selectOption({ label: 'Markus Eder' })
    await expect
      .poll(() => assignee.textContent(), { timeout: 20_000 })
      .toBe('Assigned to Markus Eder')
    await page
      .getByRole('combobox', { name: 'Set status' })
      .selectOption({ label: 'Waiting on supplier' })
    await expect
      .poll(() => page.getByTestId('ticket-status').textContent(), { timeout: 20_000 })
      .toBe('Paused · Waiting on supplier')
    await expect
      .poll(async () => Number(await myCount.textContent()), { timeout: 20_000 })
      .toBe(before - 1)
    // What the replica holds is what the embedded server confirmed.
    const [ticket] = app.host.core.db.sqlite
      .prepare("SELECT data FROM replica_entities WHERE entity = 'ticket' AND id = ?")
      .all(id) as { data: string }[]
    expect(JSON.parse(ticket?.data ?? '{}')).toMatchObject({
      assigneeId: 'agt-markus-eder',
      status: 'paused',
      pauseReason: 'waiting_on_supplier',
    })
    // It left My tickets.
    expect(await page.locator(`.ticket-row[data-ticket-id="${id}"]`).count()).toBe(0)
    await page.screenshot({ path: join(RESULTS, 'console-assign-demo.png') })
    await page.close()
  })
})
