import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findProjectRoot } from '../../src/main/paths'
import { startChromium, type RunningChromium } from '../helpers/chromium'
import { tempDir } from '../helpers/core'
import { startWorkspaceConsole, type RunningWorkspaceConsole } from '../helpers/workspace-web'

const RESULTS = join(findProjectRoot(__dirname), 'test-results')

/**
 * Sorting Triage on the demo workspace (`kontor web`, embedded sync server): a buyer wrote
 * from a private address about an order; the agent opens the mail in Triage, takes the
 * suggested account (a contact there has the sender's name), adds the sender as a contact, and
 * both of that sender's tickets leave Triage for the account, once the server has confirmed.
 */
describe('sort a Triage ticket on the demo workspace', () => {
  const tmp = tempDir('kontor-triage-demo-')
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

  it('adds the sender of a private-address mail to the suggested account; its tickets leave Triage', async () => {
    const db = app.host.core.db.sqlite
    const privateMail = db
      .prepare(
        `SELECT id, customer_address AS address FROM mail_tickets
          WHERE account_id IS NULL AND subject LIKE '%schreibe von privat%' ORDER BY id`,
      )
      .all() as { id: string; address: string }[]
    expect(privateMail.length).toBeGreaterThan(0)
    const { id, address } = privateMail[0] as { id: string; address: string }
    const sameSender = privateMail.filter((t) => t.address === address).map((t) => t.id)

    const page = await chromium.browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(app.server.url)
    const triageCount = page.locator('[data-queue="triage"] .count')
    await expect
      .poll(async () => Number(await triageCount.textContent()), { timeout: 30_000 })
      .toBeGreaterThan(0)
    const before = Number(await triageCount.textContent())
    await page.locator('[data-queue="triage"]').click()
    const row = page.locator(`.ticket-row[data-ticket-id="${id}"]`)
    await row.waitFor({ timeout: 20_000 })
    await row.click()

    const form = page.getByRole('form', { name: 'Sort into an account' })
    await form.waitFor({ timeout: 20_000 })
    expect(await form.getByLabel('Address').inputValue()).toBe(address)
    const hint = form.locator('.triage-hint').first()
    await hint.waitFor({ timeout: 20_000 })
    expect(await hint.textContent()).toMatch(/\(contact /)
    await hint.click()
    const accountId = await form
      .getByRole('combobox', { name: 'Account', exact: true })
      .inputValue()
    expect(accountId).not.toBe('')
    await form.getByRole('button', { name: 'Add contact' }).click()

    // The server confirms, the pull brings the contact, and the ticket has its account.
    await expect
      .poll(() => page.locator('.ticket-view-account').count(), { timeout: 30_000 })
      .toBe(1)
    expect(await form.count()).toBe(0)
    await expect
      .poll(async () => Number(await triageCount.textContent()), { timeout: 20_000 })
      .toBe(before - sameSender.length)
    for (const t of sameSender)
      expect(
        db
          .prepare('SELECT account_id AS a, account_match AS m FROM mail_tickets WHERE id = ?')
          .get(t),
      ).toEqual({ a: accountId, m: 'contact' })
    const contact = db
      .prepare(
        "SELECT account_id AS accountId, data FROM replica_entities WHERE entity = 'contact' AND lower(json_extract(data, '$.email')) = ?",
      )
      .get(address.toLowerCase()) as { accountId: string; data: string } | undefined
    expect(contact?.accountId).toBe(accountId)
    await page.screenshot({ path: join(RESULTS, 'console-triage-sorted.png') })
    await page.close()
  })

  it('closes a prospect enquiry without an account: it leaves Triage for Solved on every count', async () => {
    const db = app.host.core.db.sqlite
    const [prospect] = db
      .prepare(
        `SELECT id FROM mail_tickets WHERE account_id IS NULL AND subject LIKE 'Opening an account%'
          ORDER BY id LIMIT 1`,
      )
      .all() as { id: string }[]
    expect(prospect).toBeDefined()
    const id = (prospect as { id: string }).id
    const page = await chromium.browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(app.server.url)
    const count = (queue: string) =>
      page
        .locator(`[data-queue="${queue}"] .count`)
        .textContent()
        .then((t) => Number(t))
    await expect.poll(() => count('triage'), { timeout: 30_000 }).toBeGreaterThan(0)
    const triage = await count('triage')
    const solved = await count('solved')
    await page.locator('[data-queue="triage"]').click()
    await page.locator(`.ticket-row[data-ticket-id="${id}"]`).click()
    await page
      .getByRole('combobox', { name: 'Close without an account' })
      .selectOption({ label: 'Not a customer request' })
    await expect.poll(() => page.getByTestId('triage-closed').count(), { timeout: 30_000 }).toBe(1)
    expect(await page.getByTestId('triage-closed').textContent()).toMatch(
      /^Closed without an account: Not a customer request · by Julia Neumann · /,
    )
    expect(await page.locator('.ticket-view-head > .muted').textContent()).toMatch(
      /^Triage: closed without an account · /,
    )
    await expect.poll(() => count('triage'), { timeout: 20_000 }).toBe(triage - 1)
    await expect.poll(() => count('solved'), { timeout: 20_000 }).toBe(solved + 1)
    const [row] = db
      .prepare(
        "SELECT account_id AS accountId, data FROM replica_entities WHERE entity = 'triage' AND id = ?",
      )
      .all(id) as { accountId: string | null; data: string }[]
    expect(row?.accountId).toBeNull()
    expect(JSON.parse(row?.data ?? '{}')).toMatchObject({
      status: 'closed',
      reason: 'not_a_customer',
    })
    await page.screenshot({ path: join(RESULTS, 'console-triage-closed.png') })
    await page.close()
  })
})
