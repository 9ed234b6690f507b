import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import PostalMime from 'postal-mime'
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
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink'
import { startWebConsole, type RunningConsole } from '../helpers/web'

const root = findProjectRoot(__dirname)
const RESULTS = join(root, 'test-results')
const CUSTOMER_ID = 'po-01234-invoice@hallberg-group.example'

/**
 * The composer against real servers: an HTML-only customer mail with hostile markup on
 * Dovecot; the agent replies to all (a colleague's reply arrives meanwhile: the send-time
 * check asks first), then forwards the mail; the smtp-server sink receives both, and we check
 * recipients, threading headers and that the quote is there and carries no markup.
 */
describe('compose: reply all and forward from the console', () => {
  let dovecot: DovecotServer
  let sink: SmtpSink
  let app: RunningConsole
  let mail: MailService
  let chromium: RunningChromium
  const tmp = tempDir('kontor-compose-')

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true })
    dovecot = await startDovecot({ users: [{ user: 'support', password: 'pw-support' }] })
    dovecot.createFolder('support', 'Sent')
    sink = await startSmtpSink({ user: 'support', password: 'pw-smtp' })
    const raw = [
      'From: Katrin Vogel <katrin.vogel@hallberg-group.example>',
      'To: Support <support@kontor-demo.example>',
      'Cc: Sven Hartwig <sven.hartwig@hallberg-group.example>',
      'Subject: AW: Rechnung RE-2026-0042',
      'Date: Fri, 27 Nov 2026 08:00:00 +0100',
      `Message-ID: <${CUSTOMER_ID}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><style>p{color:red}</style><script>alert("head")</script></head><body>',
      '<p>Guten Tag,</p><p>die Rechnung RE-2026-0042 f&uuml;r PO-2026-01234 ist zu hoch.</p>',
      '<img src="https://tracker.example/p.gif" onerror="alert(1)"><div>&lt;script&gt;alert(2)&lt;/script&gt;</div>',
      '<a href="javascript:alert(3)">Details</a><p>Mit freundlichen Gr&uuml;&szlig;en<br>Katrin Vogel</p></body></html>',
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
    // The account and its contacts (locally imported, as `kontor accounts import` does).
    importAccounts(db, [
      {
        id: 'acc-hallberg',
        name: 'Hallberg Industrie Holding AG',
        domains: ['hallberg-group.example'],
        contacts: [
          { email: 'katrin.vogel@hallberg-group.example', name: 'Katrin Vogel', role: 'buyer' },
          { email: 'sven.hartwig@hallberg-group.example', name: 'Sven Hartwig', role: 'buyer' },
          {
            email: 'monika.albrecht@hallberg-group.example',
            name: 'Monika Albrecht',
            role: 'finance',
          },
        ],
      },
    ])
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

  it('replies to all after the someone-else-replied check, then forwards; the sink gets both, threaded and sanitised', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await page.goto(app.server.url)
    const row = page.locator('.ticket-subject', { hasText: 'Rechnung RE-2026-0042' })
    await row.waitFor({ timeout: 30_000 })
    await row.click()
    const customer = page.getByTestId('message').first()
    await customer.getByText('Katrin Vogel <katrin.vogel@hallberg-group.example>').waitFor()
    // The body must be there before the quote is drafted from it.
    await expect
      .poll(() => page.getByTestId('quote-preview').textContent(), { timeout: 30_000 })
      .toContain('ist zu hoch')

    await customer.getByRole('button', { name: 'Reply all' }).click()
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Cc' }).inputValue())
      .toBe('Sven Hartwig <sven.hartwig@hallberg-group.example>')
    expect(await page.getByRole('textbox', { name: 'To' }).inputValue()).toBe(
      'Katrin Vogel <katrin.vogel@hallberg-group.example>',
    )
    expect(await page.getByRole('textbox', { name: 'Subject' }).inputValue()).toBe(
      'Re: Rechnung RE-2026-0042',
    )
    await page
      .getByRole('textbox', { name: 'Reply text' })
      .fill('Guten Tag Frau Vogel, wir prüfen die Rechnung und melden uns heute.')

    // Meanwhile a colleague answers from the shared mailbox (Bcc to support, so it lands in INBOX).
    dovecot.deliver(
      'support',
      'INBOX',
      [
        'From: Julia Neumann <support@kontor-demo.example>',
        'To: Katrin Vogel <katrin.vogel@hallberg-group.example>',
        'Subject: Re: Rechnung RE-2026-0042',
        `Date: ${new Date(Date.now() - 120_000).toUTCString()}`,
        'Message-ID: <colleague-reply@kontor-demo.example>',
        `In-Reply-To: <${CUSTOMER_ID}>`,
        `References: <${CUSTOMER_ID}>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Guten Tag Frau Vogel, ich kümmere mich darum. Julia Neumann',
        '',
      ].join('\r\n'),
    )
    // The open thread on screen does not show it yet: the check at send time must.
    await expect
      .poll(
        () =>
          app.core.db.sqlite
            .prepare(
              "SELECT count(*) AS n FROM mail_messages WHERE message_id = 'colleague-reply@kontor-demo.example' AND ticket_id IS NOT NULL",
            )
            .get(),
        { timeout: 30_000 },
      )
      .toEqual({ n: 1 })

    await page.getByRole('button', { name: 'Send reply' }).click()
    const dialog = page.getByRole('alertdialog')
    await dialog.waitFor()
    expect(await dialog.textContent()).toMatch(/Julia Neumann replied on this ticket/)
    expect(sink.messages).toHaveLength(0)
    await page.locator('.composer').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(RESULTS, 'console-composer.png'), fullPage: false })
    await dialog.getByRole('button', { name: 'Send anyway' }).click()

    await expect.poll(() => sink.messages.length, { timeout: 30_000 }).toBe(1)
    const reply = sink.messages[0]
    expect(reply?.to.sort()).toEqual([
      'katrin.vogel@hallberg-group.example',
      'sven.hartwig@hallberg-group.example',
    ])
    // Threaded to the message the agent answered, not to the colleague's newer one.
    expect(reply?.raw).toContain(`In-Reply-To: <${CUSTOMER_ID}>`)
    expect(reply?.raw).toContain(`References: <${CUSTOMER_ID}>`)
    const parsedReply = await PostalMime.parse(reply?.raw ?? '')
    expect(parsedReply.subject).toBe('Re: Rechnung RE-2026-0042')
    expect(parsedReply.html).toBeUndefined()
    const replyText = parsedReply.text ?? ''
    expect(replyText).toContain('Guten Tag Frau Vogel, wir prüfen die Rechnung')
    expect(replyText).toContain('schrieb Katrin Vogel <katrin.vogel@hallberg-group.example>:')
    expect(replyText).toContain('> die Rechnung RE-2026-0042 für PO-2026-01234 ist zu hoch.')
    expect(replyText).not.toMatch(/<script|<img|onerror|javascript:|<style|p\{color/i)
    await expect
      .poll(() => page.getByTestId('reply-state').textContent(), { timeout: 30_000 })
      .toBe('Sent')

    // Forward the customer's mail to finance.
    await customer.getByRole('button', { name: 'Forward' }).click()
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Subject' }).inputValue())
      .toBe('Fwd: Rechnung RE-2026-0042')
    expect(await page.getByRole('textbox', { name: 'To' }).inputValue()).toBe('')
    // First to the warehouse, who is no contact of the account: the invoice must not go there unasked.
    await page.getByRole('textbox', { name: 'To' }).fill('Lager <lager@hallberg-group.example>')
    await page.getByRole('textbox', { name: 'Reply text' }).fill('Bitte prüfen.')
    await page.getByRole('button', { name: 'Send forward' }).click()
    const roleDialog = page.getByRole('alertdialog')
    await roleDialog.waitFor()
    expect(await roleDialog.textContent()).toContain(
      'lager@hallberg-group.example is not a known contact of Hallberg Industrie Holding AG, and this mail mentions invoice or payment details.',
    )
    // The colleague's reply was confirmed with the first send: not asked again.
    expect(await roleDialog.textContent()).not.toContain('Julia Neumann')
    await page.screenshot({ path: join(RESULTS, 'console-composer-role.png') })
    await roleDialog.getByRole('button', { name: 'Review' }).click()
    expect(sink.messages).toHaveLength(1)
    // Finance may see it: no question asked.
    await page
      .getByRole('textbox', { name: 'To' })
      .fill('Monika Albrecht <monika.albrecht@hallberg-group.example>')
    await page.getByRole('textbox', { name: 'Reply text' }).fill('Frau Albrecht, bitte prüfen.')
    await page.getByRole('button', { name: 'Send forward' }).click()
    await expect.poll(() => sink.messages.length, { timeout: 30_000 }).toBe(2)
    const forward = sink.messages[1]
    expect(forward?.to).toEqual(['monika.albrecht@hallberg-group.example'])
    expect(forward?.raw).not.toMatch(/^In-Reply-To:/m)
    expect(forward?.raw).toContain(`References: <${CUSTOMER_ID}>`)
    const parsedForward = await PostalMime.parse(forward?.raw ?? '')
    expect(parsedForward.subject).toBe('Fwd: Rechnung RE-2026-0042')
    const forwardText = parsedForward.text ?? ''
    expect(forwardText).toContain('Frau Albrecht, bitte prüfen.')
    expect(forwardText).toContain('---------- Weitergeleitete Nachricht ----------')
    expect(forwardText).toContain('die Rechnung RE-2026-0042 für PO-2026-01234 ist zu hoch.')
    expect(forwardText).not.toMatch(/<script|<img|onerror|javascript:|<style/i)
    // Both replies show their outbox state on the thread once back from Sent.
    await expect
      .poll(() => page.getByTestId('outbox-state').allTextContents(), { timeout: 60_000 })
      .toEqual(['Sent', 'Sent'])
    await page.waitForTimeout(1000)
    expect(sink.dataCount()).toBe(2)
    await page.close()
  })
})
