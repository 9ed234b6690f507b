import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase } from '../../src/main/db/open'
import { importAccounts } from '../../src/main/mail/accounts'
import { saveMailbox } from '../../src/main/mail/mailboxes'
import { MapSecretStore } from '../../src/main/mail/secrets'
import { MailService } from '../../src/main/services/mail-service'
import { clientMigrationsFolder, findProjectRoot } from '../../src/main/paths'
import { systemClock } from '../../src/main/core/clock'
import { startChromium, type RunningChromium } from '../helpers/chromium'
import { tempDir } from '../helpers/core'
import { startDovecot, type DovecotServer } from '../helpers/dovecot'
import { startWebConsole, type RunningConsole } from '../helpers/web'

const root = findProjectRoot(__dirname)
const RESULTS = join(root, 'test-results')
const PDF = Buffer.from('%PDF-1.4\n% Lieferschein LS-2026-0042\n%%EOF\n')

function offerMail(imagePort: number): string {
  const html = [
    '<p>Guten Tag, anbei der Lieferschein.</p>',
    '<p><a href="https://www.hallberg-group.example/orders/PO-2026-0042?ref=mail">Bestellung ansehen</a></p>',
    '<p><a href="javascript:fetch(\'http://127.0.0.1:9/\')">Jetzt bezahlen</a></p>',
    `<p><img src="http://127.0.0.1:${imagePort}/logo.png" alt="Hallberg logo" width="120" height="40"></p>`,
    '<p>Mit freundlichen Grüßen<br>Katrin Vogel, Einkauf</p>',
  ].join('')
  return [
    'From: Katrin Vogel <katrin.vogel@hallberg-group.example>',
    'To: Support <support@kontor-demo.example>',
    'Subject: Lieferschein PO-2026-0042',
    'Date: Fri, 27 Nov 2026 08:00:00 +0100',
    'Message-ID: <ls-0042@hallberg-group.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="MIX"',
    '',
    '--MIX',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    html,
    '--MIX',
    'Content-Type: application/pdf; name="../../Lieferschein: 0042?.pdf"',
    'Content-Disposition: attachment; filename="../../Lieferschein: 0042?.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    PDF.toString('base64'),
    '--MIX--',
    '',
  ].join('\r\n')
}

/**
 * The ticket view against a real mailbox in web mode: a link asks first and shows where it
 * goes, a javascript: link is refused, "always load images" for a sender survives a reload,
 * and an attachment is fetched on demand into the attachments folder under a safe name.
 */
describe('ticket view: links, images, attachments', () => {
  let images: Server
  const hits: string[] = []
  let dovecot: DovecotServer
  let app: RunningConsole
  let mail: MailService
  let chromium: RunningChromium
  const tmp = tempDir('kontor-viewer-e2e-')

  beforeAll(async () => {
    images = createServer((req, res) => {
      hits.push(req.url ?? '')
      // no-store: after the reload a hit proves the image was asked for again.
      res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' })
      res.end(Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64'))
    })
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve))
    const port = (images.address() as AddressInfo).port
    dovecot = await startDovecot({ users: [{ user: 'support', password: 'pw-support' }] })
    dovecot.deliver('support', 'INBOX', offerMail(port), {
      internalDate: new Date(Date.now() - 3600_000),
    })
    const dbPath = join(tmp.dir, 'kontor.sqlite')
    const db = openDatabase(dbPath)
    migrateDatabase(db, clientMigrationsFolder(root))
    saveMailbox(db, systemClock, {
      id: 'support',
      address: 'support@kontor-demo.example',
      displayName: 'Support',
      imap: { host: '127.0.0.1', port: dovecot.port, security: 'plain', user: 'support' },
      folders: ['INBOX'],
    })
    importAccounts(db, [
      {
        id: 'acc-hallberg',
        name: 'Hallberg Group',
        domains: ['hallberg-group.example'],
        contacts: [
          { email: 'katrin.vogel@hallberg-group.example', name: 'Katrin Vogel', role: 'buyer' },
        ],
      },
    ])
    // The contact as the sync server would have sent it (the role shown beside the sender).
    db.sqlite
      .prepare(
        `INSERT INTO replica_entities (entity, id, account_id, version, data, pulled_at) VALUES ('contact', 'ct-1', 'acc-hallberg', 1, ?, ?)`,
      )
      .run(
        JSON.stringify({
          email: 'katrin.vogel@hallberg-group.example',
          name: 'Katrin Vogel',
          role: 'buyer',
        }),
        new Date().toISOString(),
      )
    db.close()
    const secrets = new MapSecretStore({ 'imap:support': 'pw-support' })
    app = await startWebConsole({ dbPath, secrets })
    mail = new MailService({ core: app.core, secrets })
    mail.start()
    chromium = await startChromium()
  }, 120_000)

  afterAll(async () => {
    await chromium?.stop()
    await mail?.stop()
    await app?.stop()
    await dovecot?.stop()
    await new Promise<void>((resolve) => images?.close(() => resolve()))
    tmp.dispose()
  })

  it('asks before a link leaves, refuses javascript:, remembers images per sender, saves attachments', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const popups: string[] = []
    page.context().on('page', (p) => popups.push(p.url()))
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await page.goto(app.server.url)
    const row = page.locator('.ticket-subject', { hasText: 'Lieferschein PO-2026-0042' })
    await row.waitFor({ timeout: 30_000 })
    await row.click()
    const message = page.getByTestId('message').first()
    await message.waitFor()
    await expect
      .poll(() => message.locator('.sender-role').textContent(), { timeout: 10_000 })
      .toBe('buyer')

    // 1. A link: the question shows the real target; cancel opens nothing.
    const frame = page.frameLocator('iframe.mail-frame').first()
    await frame.getByRole('link', { name: 'Bestellung ansehen' }).waitFor({ timeout: 30_000 })
    await frame.getByRole('link', { name: 'Bestellung ansehen' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    expect(await dialog.getByTestId('link-host').textContent()).toBe('www.hallberg-group.example')
    expect(await dialog.getByTestId('link-target').textContent()).toBe(
      'https://www.hallberg-group.example/orders/PO-2026-0042?ref=mail',
    )
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)

    // 2. A javascript: link is refused with a note, with no way to open it.
    await frame.getByText('Jetzt bezahlen').click()
    await page.getByRole('dialog').waitFor()
    expect(await page.getByRole('dialog').textContent()).toContain('This link was not opened')
    expect(await page.getByRole('dialog').textContent()).toContain('"javascript:"')
    expect(await page.getByRole('dialog').getByRole('button', { name: 'Open link' }).count()).toBe(
      0,
    )
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()
    expect(popups).toEqual([])

    // 3. Remote images: blocked, then "always for this sender", which survives a reload.
    await page.waitForTimeout(300)
    expect(hits).toEqual([])
    await page
      .getByRole('button', { name: 'Always for katrin.vogel@hallberg-group.example' })
      .click()
    await expect.poll(() => hits.length, { timeout: 10_000 }).toBeGreaterThan(0)
    // Let every request of this view arrive before counting those after the reload.
    await page.waitForTimeout(500)
    const before = hits.length
    await page.reload()
    await page.locator('.ticket-subject', { hasText: 'Lieferschein PO-2026-0042' }).click()
    await page.getByText('Images load for katrin.vogel@hallberg-group.example.').waitFor()
    await expect.poll(() => hits.length, { timeout: 10_000 }).toBeGreaterThan(before)

    // 4. The attachment, fetched on demand from Dovecot, under a safe name in the attachments folder.
    const attachment = page.getByTestId('attachment').first()
    expect(await attachment.locator('.attachment-name').textContent()).toBe(
      '../../Lieferschein: 0042?.pdf',
    )
    await attachment.getByRole('button', { name: 'Save' }).click()
    const saved = attachment.getByRole('status')
    await saved.waitFor({ timeout: 30_000 })
    const folder = join(tmp.dir, 'attachments')
    expect(await saved.textContent()).toBe(`Saved to ${join(folder, 'Lieferschein_ 0042_.pdf')}`)
    expect(readdirSync(folder)).toEqual(['Lieferschein_ 0042_.pdf'])
    expect(readFileSync(join(folder, 'Lieferschein_ 0042_.pdf')).equals(PDF)).toBe(true)
    await page.screenshot({ path: join(RESULTS, 'console-ticket-attachments.png') })

    // The question for a link, as the agent sees it.
    await frame.getByRole('link', { name: 'Bestellung ansehen' }).click()
    await page.getByRole('dialog').waitFor()
    await page.screenshot({ path: join(RESULTS, 'console-link-confirm.png') })
    await page.getByRole('dialog').getByRole('button', { name: 'Open link' }).click()
    // Web mode: the browser opens it in a new tab, only after the question.
    await expect.poll(() => popups.length, { timeout: 10_000 }).toBe(1)
    expect(dialogs).toEqual([])
    await page.close()
  }, 120_000)
})
