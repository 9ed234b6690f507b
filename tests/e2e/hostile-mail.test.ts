import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase } from '../../src/main/db/open'
import { saveMailbox } from '../../src/main/mail/mailboxes'
import { MapSecretStore } from '../../src/main/mail/secrets'
import { MailboxSync } from '../../src/main/mail/sync'
import { silentLogger } from '../../src/main/core/logger'
import { clientMigrationsFolder, findProjectRoot } from '../../src/main/paths'
import { fixedClock } from '../../src/shared/clock'
import { startChromium, type RunningChromium } from '../helpers/chromium'
import { tempDir } from '../helpers/core'
import { startDovecot, type DovecotServer } from '../helpers/dovecot'
import { startWebConsole, type RunningConsole } from '../helpers/web'

const root = findProjectRoot(__dirname)
const CORPUS = join(root, 'tests', 'fixtures', 'html-mail')
const RESULTS = join(root, 'test-results')

/**
 * The XSS / mXSS / remote-content corpus, delivered through Dovecot, synced by the mail
 * engine and opened in the web console in Chromium: no script may run and no request may
 * reach the loopback canary while remote content is blocked.
 */
describe('hostile mail in the console', () => {
  let canary: Server
  const hits: string[] = []
  let dovecot: DovecotServer
  let consoleApp: RunningConsole
  let chromium: RunningChromium
  const tmp = tempDir('kontor-hostile-')
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml'))

  beforeAll(async () => {
    canary = createServer((req, res) => {
      hits.push(req.url ?? '')
      res.writeHead(200, { 'content-type': 'image/gif' }).end()
    })
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve))
    const port = (canary.address() as AddressInfo).port

    dovecot = await startDovecot({ users: [{ user: 'support', password: 'pw-support' }] })
    dovecot.createFolder('support', 'Sent')
    const at = Date.parse('2026-11-20T09:00:00Z')
    files.forEach((file, i) => {
      const raw = readFileSync(join(CORPUS, file), 'latin1').replaceAll('CANARY_PORT', String(port))
      dovecot.deliver('support', 'INBOX', Buffer.from(raw, 'latin1'), {
        internalDate: new Date(at + i * 60_000),
      })
    })

    const dbPath = join(tmp.dir, 'kontor.sqlite')
    const db = openDatabase(dbPath)
    migrateDatabase(db, clientMigrationsFolder(root))
    const clock = fixedClock('2026-11-27T09:00:00Z')
    saveMailbox(db, clock, {
      id: 'support',
      address: 'support@kontor-demo.example',
      imap: { host: '127.0.0.1', port: dovecot.port, security: 'plain', user: 'support' },
    })
    const sync = new MailboxSync({
      db,
      mailbox: {
        id: 'support',
        address: 'support@kontor-demo.example',
        displayName: null,
        imap: { host: '127.0.0.1', port: dovecot.port, security: 'plain', user: 'support' },
        smtp: null,
        folders: ['INBOX', 'Sent'],
        syncWindowDays: null,
      },
      secrets: new MapSecretStore({ 'imap:support': 'pw-support' }),
      clock,
      log: silentLogger,
    })
    await sync.syncOnce()
    await sync.close()
    db.close()

    consoleApp = await startWebConsole({ dbPath })
    chromium = await startChromium()
  }, 180_000)

  afterAll(async () => {
    await chromium?.stop()
    await consoleApp?.stop()
    await dovecot?.stop()
    await new Promise<void>((resolve) => canary?.close(() => resolve()))
    tmp.dispose()
  })

  it('shows every corpus message without running a script or fetching remote content', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1400, height: 900 } })
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await page.goto(consoleApp.server.url)
    const rows = page.getByRole('listbox', { name: 'Tickets' }).getByRole('option')
    await expect.poll(() => rows.count()).toBeGreaterThan(0)
    const subjects = await page.locator('.ticket-subject').allTextContents()
    expect(subjects.length).toBeGreaterThanOrEqual(Math.min(files.length, 10))
    // Markup in subjects is text, never elements.
    expect(await page.locator('.ticket-list img, .ticket-list script').count()).toBe(0)

    // The queue: SLA countdowns (these mails are a week old: breached) and counts per queue.
    await expect
      .poll(() => page.locator('[data-queue="breached"] .count').textContent())
      .not.toBe('0')
    await page.screenshot({ path: join(RESULTS, 'console-queue.png') })
    const count = await rows.count()
    for (let i = 0; i < count; i++) {
      await rows.nth(i).click()
      await page.locator('[data-testid="message"]').first().waitFor()
      // Let frames load and any stray request go out.
      await page.waitForTimeout(150)
      for (const frame of await page.locator('iframe.mail-frame').all()) {
        expect(await frame.getAttribute('sandbox')).toBe('allow-same-origin')
      }
    }
    await page.waitForTimeout(500)
    await page.screenshot({ path: join(RESULTS, 'hostile-mail-ticket.png') })
    expect(dialogs).toEqual([])
    expect(hits).toEqual([])
    // No frame managed to run script: a script-less frame has no JS-created globals.
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue
      expect(await frame.locator('script').count()).toBe(0)
    }
    await page.close()
  })

  it('loads remote images only after the agent asks, for that message', async () => {
    const page = await chromium.browser.newPage()
    await page.goto(consoleApp.server.url)
    // remote-images.eml ("Produktfotos"): images by every attribute, all pointing at the canary.
    await page.locator('.ticket-subject', { hasText: 'Produktfotos' }).click()
    const load = page.getByRole('button', { name: 'Load images' })
    await load.first().waitFor()
    await page.waitForTimeout(300)
    const before = hits.length
    expect(hits.filter((h) => h.startsWith('/remote-images/'))).toEqual([])
    await load.first().click()
    await expect.poll(() => hits.length, { timeout: 10_000 }).toBeGreaterThan(before)
    expect(hits.slice(before).every((h) => h.startsWith('/remote-images/'))).toBe(true)
    await page.close()
  })
})
