import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase } from '../../src/main/db/open'
import { saveMailbox } from '../../src/main/mail/mailboxes'
import { MapSecretStore } from '../../src/main/mail/secrets'
import { MailService } from '../../src/main/services/mail-service'
import { clientMigrationsFolder, findProjectRoot } from '../../src/main/paths'
import { systemClock } from '../../src/main/core/clock'
import { startChromium, type RunningChromium } from '../helpers/chromium'
import { tempDir } from '../helpers/core'
import { startDovecot, type DovecotServer } from '../helpers/dovecot'
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink'
import { startWebConsole, type RunningConsole } from '../helpers/web'

const root = findProjectRoot(__dirname)
const RESULTS = join(root, 'test-results')

/**
 * An agent opens a customer's mail in the web console and replies; the reply goes through
 * the outbox over SMTP (the sink receives it once, threaded to the customer's message) and
 * is filed in Sent on the IMAP server.
 */
describe('reply from the console', () => {
  let dovecot: DovecotServer
  let sink: SmtpSink
  let app: RunningConsole
  let mail: MailService
  let chromium: RunningChromium
  const tmp = tempDir('kontor-reply-')

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true })
    dovecot = await startDovecot({ users: [{ user: 'support', password: 'pw-support' }] })
    dovecot.createFolder('support', 'Sent')
    sink = await startSmtpSink({ user: 'support', password: 'pw-smtp' })
    const raw = [
      'From: Katrin Vogel <katrin.vogel@hallberg-group.example>',
      'To: Support <support@kontor-demo.example>',
      'Subject: Liefertermin PO-2026-01234',
      'Date: Fri, 27 Nov 2026 08:00:00 +0100',
      'Message-ID: <po-01234-question@hallberg-group.example>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Guten Tag, wann wird PO-2026-01234 geliefert?',
      '',
    ].join('\r\n')
    dovecot.deliver('support', 'INBOX', raw, { internalDate: new Date(Date.now() - 3600_000) })

    const dbPath = join(tmp.dir, 'kontor.sqlite')
    const db = openDatabase(dbPath)
    migrateDatabase(db, clientMigrationsFolder(root))
    saveMailbox(db, systemClock, {
      id: 'support',
      address: 'support@kontor-demo.example',
      displayName: 'Support',
      imap: { host: '127.0.0.1', port: dovecot.port, security: 'plain', user: 'support' },
      smtp: { host: '127.0.0.1', port: sink.port, security: 'plain', user: 'support' },
      folders: ['INBOX', 'Sent'],
    })
    db.close()
    app = await startWebConsole({ dbPath })
    mail = new MailService({
      core: app.core,
      secrets: new MapSecretStore({ 'imap:support': 'pw-support', 'smtp:support': 'pw-smtp' }),
    })
    mail.start()
    chromium = await startChromium()
  }, 120_000)

  afterAll(async () => {
    await chromium?.stop()
    await mail?.stop()
    await app?.stop()
    await sink?.stop()
    await dovecot?.stop()
    tmp.dispose()
  })

  it('sends the reply once, threaded to the customer message, and files it in Sent', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(app.server.url)
    const row = page.locator('.ticket-subject', { hasText: 'Liefertermin PO-2026-01234' })
    await row.waitFor({ timeout: 30_000 })
    await row.click()
    await page
      .getByRole('textbox', { name: 'Reply text' })
      .fill('Guten Tag Frau Vogel, die Lieferung erfolgt am Dienstag.')
    // The composer drafts from the core (compose:draft): the customer with her name.
    await expect
      .poll(() => page.getByRole('textbox', { name: 'To' }).inputValue())
      .toBe('Katrin Vogel <katrin.vogel@hallberg-group.example>')
    await page.getByRole('button', { name: 'Send reply' }).click()
    await expect.poll(() => sink.messages.length, { timeout: 30_000 }).toBe(1)
    const sent = sink.messages[0]
    expect(sent?.raw).toContain('In-Reply-To: <po-01234-question@hallberg-group.example>')
    expect(sent?.raw).toContain('References: <po-01234-question@hallberg-group.example>')
    expect(sent?.raw).toContain('Subject: Re: Liefertermin PO-2026-01234')
    await expect
      .poll(() => page.getByTestId('reply-state').textContent(), { timeout: 30_000 })
      .toBe('Sent')
    await page.screenshot({ path: join(RESULTS, 'console-reply.png') })
    // Nothing is sent twice, however often the outbox drains.
    await page.waitForTimeout(1000)
    expect(sink.dataCount()).toBe(1)
    await page.close()
  })
})
