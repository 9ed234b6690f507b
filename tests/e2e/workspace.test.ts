import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findProjectRoot } from '../../src/main/paths'
import { SessionSecretVault } from '../../src/main/workspace/secrets'
import { startChromium, type RunningChromium } from '../helpers/chromium'
import { tempDir } from '../helpers/core'
import { startDovecot, type DovecotServer } from '../helpers/dovecot'
import { startWorkspaceConsole, type RunningWorkspaceConsole } from '../helpers/workspace-web'

const RESULTS = join(findProjectRoot(__dirname), 'test-results')
const SUBJECT = 'Rahmenvertrag 2027: Staffelpreise Schutzhandschuhe'

/**
 * From the demo to one's own mailbox in web mode: the banner leads to Settings, a real
 * Dovecot mailbox is added (a wrong password is named as such, the right one tests ok), the
 * switch opens the real workspace, and the choice survives a reload and a restart.
 */
describe('workspace: from the demo to a real mailbox', () => {
  const tmp = tempDir('kontor-wse2e-')
  let dovecot: DovecotServer
  let app: RunningWorkspaceConsole | null = null
  let chromium: RunningChromium
  let page: Page
  const errors: string[] = []

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true })
    dovecot = await startDovecot({ users: [{ user: 'support', password: 'pw-support' }] })
    dovecot.createFolder('support', 'Sent')
    dovecot.deliver(
      'support',
      'INBOX',
      [
        'From: Katrin Vogel <katrin.vogel@hallberg-group.example>',
        'To: Support <support@kontor-real.example>',
        `Subject: ${SUBJECT}`,
        'Date: Fri, 27 Nov 2026 08:00:00 +0100',
        'Message-ID: <rahmen-2027@hallberg-group.example>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Guten Tag, bitte senden Sie uns die Staffelpreise für 2027.',
        '',
      ].join('\r\n'),
      { internalDate: new Date(Date.now() - 3_600_000) },
    )
    app = await startWorkspaceConsole(tmp.dir)
    chromium = await startChromium()
    page = await chromium.browser.newPage({ viewport: { width: 1440, height: 900 } })
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
  }, 240_000)

  afterAll(async () => {
    await chromium?.stop()
    await app?.stop()
    await dovecot?.stop()
    tmp.dispose()
  })

  it('adds a Dovecot mailbox from the demo, switches, and the choice is remembered', async () => {
    if (!app) throw new Error('not started')
    await page.goto(app.server.url)
    const banner = page.getByTestId('demo-banner')
    await banner.waitFor({ timeout: 20_000 })
    await banner.getByRole('button', { name: 'Connect your mailboxes / sync server' }).click()
    await page.getByTestId('workspace-kind').waitFor()
    // Nothing of one's own yet: the switch waits for a mailbox or a server.
    expect(await page.getByRole('button', { name: 'Switch to my workspace' }).isDisabled()).toBe(
      true,
    )

    await page.getByRole('button', { name: 'Add mailbox' }).click()
    await page.getByLabel('Address').fill('support@kontor-real.example')
    await page.getByLabel('Display name').fill('Real Support')
    await page.getByLabel('IMAP host').fill('127.0.0.1')
    await page.getByLabel('IMAP security').selectOption('plain')
    await page.getByLabel('IMAP port').fill(String(dovecot.port))
    await page.getByLabel('IMAP user').fill('support')
    await page.getByLabel('IMAP password').fill('not-the-password')
    await page.getByLabel(/Outgoing \(SMTP\)/).uncheck()

    await page.getByRole('button', { name: 'Test connection' }).click()
    await expect
      .poll(() => page.getByTestId('test-imap').textContent(), { timeout: 30_000 })
      .toContain('login refused')
    await page.getByLabel('IMAP password').fill('pw-support')
    await page.getByRole('button', { name: 'Test connection' }).click()
    await expect
      .poll(() => page.getByTestId('test-imap').textContent(), { timeout: 30_000 })
      .toContain('Signed in to 127.0.0.1')
    await page.screenshot({ path: join(RESULTS, 'workspace-settings-tested.png') })

    await page.getByRole('button', { name: 'Save mailbox' }).click()
    const listed = page.getByTestId('mailbox')
    await listed.waitFor()
    expect(await listed.textContent()).toContain('password stored')

    await page.getByRole('button', { name: 'Switch to my workspace' }).click()
    // The core reopens on the real workspace and the page reloads onto its queue.
    const row = page.locator('.ticket-subject', { hasText: SUBJECT })
    await row.waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('demo-banner').count()).toBe(0)
    expect(app.host.kind).toBe('real')
    await page.screenshot({ path: join(RESULTS, 'workspace-real-queue.png') })

    await page.reload()
    await row.waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('workspace-badge').count()).toBe(0)
    expect(errors).toEqual([])
  })

  it('a new run opens the real workspace again and asks for the password it did not keep', async () => {
    await app?.stop()
    app = null
    // A new `kontor web`: same data dir, a fresh in-memory vault.
    app = await startWorkspaceConsole(tmp.dir, { secrets: new SessionSecretVault({}) })
    expect(app.host.kind).toBe('real')
    const fresh = await chromium.browser.newPage({ viewport: { width: 1440, height: 900 } })
    await fresh.goto(app.server.url)
    // The mail synced last run is in the local store: the queue is populated at once.
    await fresh.locator('.ticket-subject', { hasText: SUBJECT }).waitFor({ timeout: 30_000 })
    expect(await fresh.getByTestId('demo-banner').count()).toBe(0)
    await fresh.getByRole('button', { name: 'Settings', exact: true }).click()
    const listed = fresh.getByTestId('mailbox')
    await listed.waitFor()
    expect(await listed.textContent()).toContain('password needed')
    expect(await fresh.getByTestId('secrets-note').textContent()).toContain('memory for this run')
    await fresh.close()
  })
})
