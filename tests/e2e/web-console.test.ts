import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChromium, type RunningChromium } from '../helpers/chromium'
import { startWebConsole, type RunningConsole } from '../helpers/web'

const RESULTS = join(__dirname, '..', '..', 'test-results')

describe('web-mode console in Chromium', () => {
  let chromium: RunningChromium
  let console_: RunningConsole

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true })
    console_ = await startWebConsole()
    chromium = await startChromium()
    process.stdout.write(`[e2e] ${chromium.version}\n`)
  })

  afterAll(async () => {
    await chromium?.stop()
    await console_?.stop()
  })

  it('loads, calls app:info and app:diagnose through the UI and shows the answers', async () => {
    const page = await chromium.browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(console_.server.url)
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('Connected')
    // An empty workspace opens on the queue, which says so.
    await expect.poll(() => page.getByText('No tickets in this queue.').count()).toBe(1)
    await page.getByRole('button', { name: 'System' }).click()
    await expect.poll(() => page.getByTestId('transport').textContent()).toBe('Web mode (loopback)')
    // The token left the address bar once taken.
    expect(page.url()).not.toContain('token=')

    await page.getByRole('button', { name: 'Run checks' }).click()
    const checks = page.getByTestId('diagnostics')
    await checks.waitFor()
    const text = await checks.textContent()
    expect(text).toContain('Local database')
    expect(text).toContain('integrity ok')
    await page.screenshot({ path: join(RESULTS, 'web-console-system.png'), fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })

  it('refuses a web socket without the per-run token', async () => {
    const page = await chromium.browser.newPage()
    await page.goto(`http://127.0.0.1:${console_.server.port}/`)
    // No token in the fragment and none kept for this tab: the console says how to open it.
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('npm run web')
    const refused = await page.evaluate(
      (port) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc?token=wrong`)
          ws.onopen = () => resolve('open')
          ws.onerror = () => resolve('refused')
        }),
      console_.server.port,
    )
    expect(refused).toBe('refused')
    await page.close()
  })
})
