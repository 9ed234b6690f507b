import { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot'

describe('Dovecot harness', () => {
  let server: DovecotServer
  beforeAll(async () => {
    server = await startDovecot({ users: [{ user: 'support', password: 'secret-1' }] })
  })
  afterAll(async () => {
    await server?.stop()
  })

  const client = () =>
    new ImapFlow({
      host: server.host,
      port: server.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: 'support', pass: 'secret-1' },
      logger: false,
    })

  it('logs in, advertises the extensions the mail engine needs, appends and fetches', async () => {
    const imap = client()
    await imap.connect()
    try {
      const caps = [...imap.capabilities.keys()]
      console.warn(`dovecot ${server.version} on ${server.port}: ${caps.join(' ')}`)
      for (const cap of ['CONDSTORE', 'QRESYNC', 'IDLE', 'UIDPLUS', 'MOVE', 'ENABLE'])
        expect(caps).toContain(cap)
      const raw =
        'From: a@example.com\r\nTo: support@example.com\r\nSubject: Hello\r\nMessage-ID: <h1@example.com>\r\n\r\nBody\r\n'
      const appended = await imap.append('INBOX', raw, ['\\Seen'])
      expect(appended).not.toBe(false)
      const lock = await imap.getMailboxLock('INBOX')
      try {
        const msg = await imap.fetchOne(
          '*',
          { envelope: true, flags: true, source: true },
          { uid: false },
        )
        expect(msg && msg.envelope?.subject).toBe('Hello')
        expect(msg && msg.flags?.has('\\Seen')).toBe(true)
      } finally {
        lock.release()
      }
    } finally {
      await imap.logout()
    }
  })

  it('delivers maildir files directly with flags and INTERNALDATE', async () => {
    const when = new Date('2024-03-01T10:00:00Z')
    server.deliver(
      'support',
      'INBOX',
      'From: b@example.com\nSubject: Direct\nMessage-ID: <d1@example.com>\n\nHi\n',
      {
        flags: ['\\Flagged'],
        internalDate: when,
      },
    )
    server.deliver('support', 'Sent', 'From: support@example.com\nSubject: Sent one\n\nHi\n')
    const imap = client()
    await imap.connect()
    try {
      const lock = await imap.getMailboxLock('INBOX')
      try {
        const msgs = []
        for await (const m of imap.fetch('1:*', {
          envelope: true,
          flags: true,
          internalDate: true,
        }))
          msgs.push(m)
        const direct = msgs.find((m) => m.envelope?.subject === 'Direct')
        expect(direct?.flags?.has('\\Flagged')).toBe(true)
        expect(new Date(direct?.internalDate ?? 0).toISOString()).toBe(when.toISOString())
      } finally {
        lock.release()
      }
      const status = await imap.status('Sent', { messages: true })
      expect(status && status.messages).toBe(1)
    } finally {
      await imap.logout()
    }
  })
})
