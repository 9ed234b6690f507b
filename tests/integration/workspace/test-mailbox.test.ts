import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../../src/main/cli/commands/demo'
import { systemClock } from '../../../src/main/core/clock'
import { dispatch } from '../../../src/main/core/dispatch'
import { silentLogger } from '../../../src/main/core/logger'
import { clientMigrationsFolder, findProjectRoot } from '../../../src/main/paths'
import { WorkspaceHost } from '../../../src/main/workspace/host'
import { SessionSecretVault } from '../../../src/main/workspace/secrets'
import type { CallInput, MailboxTestResult } from '../../../src/shared/contract'
import { tempDir } from '../../helpers/core'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot'
import { freePort } from '../../helpers/ports'
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink'

/**
 * `workspace:testMailbox` against a real Dovecot and a real smtp-server: a good login, a
 * wrong password, a closed port, a missing folder and a server that never answers, each
 * reported in words within its deadline. The host is opened on the real workspace (a
 * mailbox is configured), so no demo is built.
 */
describe('workspace:testMailbox against Dovecot and smtp-server', () => {
  const tmp = tempDir('kontor-wstest-')
  let dovecot: DovecotServer
  let sink: SmtpSink
  let host: WorkspaceHost
  let closedPort = 0

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ user: 'support', password: 'pw-support' }] })
    dovecot.createFolder('support', 'Sent')
    sink = await startSmtpSink({ user: 'support', password: 'pw-smtp' })
    closedPort = await freePort()
    host = await WorkspaceHost.open({
      dataDir: tmp.dir,
      fixed: 'real',
      root: findProjectRoot(),
      clock: systemClock,
      version: 'test',
      migrationsFolder: clientMigrationsFolder(),
      log: silentLogger,
      startServer: startDemoServer,
      secrets: new SessionSecretVault({}),
    })
  })

  afterAll(async () => {
    await host?.close()
    await sink?.stop()
    await dovecot?.stop()
    tmp.dispose()
  })

  const input = (
    over: Partial<CallInput<'workspace:testMailbox'>> = {},
  ): CallInput<'workspace:testMailbox'> => ({
    address: 'support@example.com',
    imap: { host: '127.0.0.1', port: dovecot.port, security: 'plain', user: 'support' },
    imapPassword: 'pw-support',
    smtp: { host: '127.0.0.1', port: sink.port, security: 'plain', user: 'support' },
    smtpPassword: 'pw-smtp',
    folders: ['INBOX', 'Sent'],
    ...over,
  })

  async function test(i: CallInput<'workspace:testMailbox'>): Promise<MailboxTestResult> {
    const r = await dispatch(host.handlers, 'workspace:testMailbox', i, {
      transport: 'web',
      trusted: true,
    })
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
    return r.data as MailboxTestResult
  }

  it('a good login is ok on both sides', async () => {
    const r = await test(input())
    expect(r.imap).toMatchObject({ ok: true, code: 'ok' })
    expect(r.imap.message).toBe(`Signed in to 127.0.0.1:${dovecot.port}.`)
    expect(r.smtp).toMatchObject({ ok: true, code: 'ok' })
  })

  it('a wrong password is an authentication failure, in words, without the password', async () => {
    const r = await test(input({ imapPassword: 'wrong-pass-1', smtpPassword: 'wrong-pass-2' }))
    expect(r.imap).toMatchObject({ ok: false, code: 'auth_failed' })
    expect(r.imap.message).toBe(
      `IMAP login refused by 127.0.0.1:${dovecot.port}: check the user name and password.`,
    )
    expect(r.smtp).toMatchObject({ ok: false, code: 'auth_failed' })
    expect(JSON.stringify(r)).not.toContain('wrong-pass')
  })

  it('a closed port is unreachable', async () => {
    const r = await test(
      input({
        imap: { host: '127.0.0.1', port: closedPort, security: 'plain', user: 'support' },
        smtp: { host: '127.0.0.1', port: closedPort, security: 'plain', user: 'support' },
      }),
    )
    expect(r.imap).toMatchObject({ ok: false, code: 'unreachable' })
    expect(r.imap.message).toContain('connection refused')
    expect(r.smtp).toMatchObject({ ok: false, code: 'unreachable' })
  })

  it('TLS against a plain-text server is reported as a TLS problem', async () => {
    const r = await test(
      input({
        imap: { host: '127.0.0.1', port: dovecot.port, security: 'tls', user: 'support' },
        smtp: null,
        timeoutMs: 5000,
      }),
    )
    expect(r.imap.ok).toBe(false)
    expect(['tls', 'timeout']).toContain(r.imap.code)
    expect(r.smtp).toBeNull()
  })

  it('a folder that does not exist is named', async () => {
    const r = await test(input({ folders: ['INBOX', 'Gesendet'], smtp: null }))
    expect(r.imap).toMatchObject({ ok: false, code: 'folder_missing' })
    expect(r.imap.message).toContain('Gesendet')
  })

  it('a server that accepts but never answers times out at the deadline', async () => {
    const { createServer } = await import('node:net')
    const silent = createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as { port: number }).port
    try {
      const t0 = Date.now()
      const r = await test(
        input({
          imap: { host: '127.0.0.1', port, security: 'plain', user: 'support' },
          smtp: null,
          timeoutMs: 1500,
        }),
      )
      expect(r.imap).toMatchObject({ ok: false, code: 'timeout' })
      expect(Date.now() - t0).toBeLessThan(10_000)
    } finally {
      silent.close()
    }
  })

  it('a stored password is used when none is typed; none at all is said so', async () => {
    const saved = await dispatch(
      host.handlers,
      'workspace:saveMailbox',
      input({ smtp: null, smtpPassword: undefined }),
      { transport: 'web', trusted: true },
    )
    expect(saved.ok).toBe(true)
    const r = await test(input({ id: 'support-example.com', imapPassword: undefined, smtp: null }))
    expect(r.imap.ok).toBe(true)
    const none = await test(input({ address: 'other@example.com', imapPassword: undefined }))
    expect(none.imap).toMatchObject({ ok: false, code: 'no_password' })
  })
})
