import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findProjectRoot } from '../../src/main/paths'
import type { CallInput, CallName, CallOutput } from '../../src/shared/contract'
import { startChromium, type RunningChromium } from '../helpers/chromium'
import { tempDir } from '../helpers/core'
import { startWorkspaceConsole, type RunningWorkspaceConsole } from '../helpers/workspace-web'

const RESULTS = join(findProjectRoot(__dirname), 'test-results')

/** Searching all mail from the top bar, on the demo workspace in web mode (local store). */
describe('search from the top bar, on the demo workspace', () => {
  const tmp = tempDir('kontor-search-')
  let app: RunningWorkspaceConsole
  let chromium: RunningChromium
  let page: Page
  const errors: string[] = []

  async function core<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    const handler = app.host.handlers[name] as (
      i: CallInput<K>,
      ctx: { caller: { transport: 'cli'; trusted: true } },
    ) => Promise<CallOutput<K>>
    return handler(input, { caller: { transport: 'cli', trusted: true } })
  }

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true })
    const t0 = Date.now()
    app = await startWorkspaceConsole(tmp.dir)
    process.stdout.write(`[search] demo workspace ready in ${Date.now() - t0} ms\n`)
    chromium = await startChromium()
    page = await chromium.browser.newPage({ viewport: { width: 1440, height: 900 } })
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(app.server.url)
    await page.getByText('Connected', { exact: true }).waitFor({ timeout: 30_000 })
  }, 300_000)

  afterAll(async () => {
    await chromium?.stop()
    await app?.stop()
    tmp.dispose()
  })

  it('"/" focuses the field; typing shows hits by ticket with the terms marked', async () => {
    await page.locator('.ticket-row[data-ticket-id]').first().waitFor({ timeout: 30_000 })
    // Nothing is focused and no ticket is open: the `/` goes to the page, not a text field.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    expect(await page.locator('#ticket-subject').count()).toBe(0)
    await page.keyboard.press('/')
    const input = page.getByTestId('search-input')
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.getByTestId('search-empty').waitFor()

    const t0 = Date.now()
    await input.fill('Lieferung')
    await page.locator('.search-hit').first().waitFor({ timeout: 10_000 })
    process.stdout.write(`[search] typed -> first hit on screen in ${Date.now() - t0} ms\n`)
    expect(await page.getByTestId('search-count').textContent()).toMatch(
      /^(Best 50|\d+) messages? in \d+ tickets?$/,
    )
    const marks = await page.locator('[data-testid="search-results"] mark').allTextContents()
    expect(marks.length).toBeGreaterThan(0)
    for (const m of marks) expect(m.toLowerCase()).toContain('lieferung')
    expect(await page.locator('.search-group-head').count()).toBeGreaterThan(0)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(RESULTS, 'screen-search.png') })
  })

  it('a click opens the ticket in the console; Esc clears the field', async () => {
    const hit = page.locator('.search-hit[data-ticket-id]').first()
    const ticketId = await hit.getAttribute('data-ticket-id')
    expect(ticketId).toBeTruthy()
    const expected = await core('tickets:get', { id: ticketId ?? '' })
    await hit.click()
    await expect
      .poll(() => page.locator('#ticket-subject').textContent(), { timeout: 10_000 })
      .toBe(expected.ticket.subject || '(no subject)')
    expect(await page.getByTestId('search-results').count()).toBe(0)
    expect(await page.getByTestId('message').count()).toBe(expected.messages.length)

    const input = page.getByTestId('search-input')
    await page.keyboard.press('Control+k')
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.press('Escape')
    expect(await input.inputValue()).toBe('')

    await input.fill('qqxyzzyqq')
    await page.getByTestId('search-none').waitFor({ timeout: 10_000 })
    expect(errors).toEqual([])
  })
})
