import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../../src/main/cli/commands/demo'
import { systemClock } from '../../../src/main/core/clock'
import { dispatch, type Handlers } from '../../../src/main/core/dispatch'
import { silentLogger } from '../../../src/main/core/logger'
import { listTickets } from '../../../src/main/mail/queries'
import { clientMigrationsFolder, findProjectRoot } from '../../../src/main/paths'
import { WorkspaceHost, type WorkspaceHostOptions } from '../../../src/main/workspace/host'
import { SessionSecretVault } from '../../../src/main/workspace/secrets'
import type { CallInput, CallName, CallOutput } from '../../../src/shared/contract'
import type { ErrorInfo } from '../../../src/shared/errors'
import type { Result } from '../../../src/shared/result'
import { freePort } from '../../helpers/ports'
import { tempDir } from '../../helpers/core'

const IMAP_PASSWORD = 'imap-Secret-7f3a91c2'
const SMTP_PASSWORD = 'smtp-Secret-0d5e44b8'
const TOKEN = 'token-Secret-9b2c7e15aa'

const caller = { transport: 'web' as const, trusted: true }

/** Through the one wrapper (schema, Result envelope), typed by the contract. */
async function call<K extends CallName>(
  handlers: Handlers,
  name: K,
  input: CallInput<K>,
): Promise<Result<CallOutput<K>>> {
  return (await dispatch(handlers, name, input, caller)) as Result<CallOutput<K>>
}

function failure(r: Result<unknown>): ErrorInfo {
  if (r.ok) throw new Error('expected a failure')
  return r.error
}

describe('workspace host: demo by default, switch remembered, secrets never in the store', () => {
  const tmp = tempDir('kontor-ws-')
  const vault = new SessionSecretVault({})
  const options = (): WorkspaceHostOptions => ({
    dataDir: tmp.dir,
    root: findProjectRoot(),
    clock: systemClock,
    version: 'test',
    migrationsFolder: clientMigrationsFolder(),
    log: silentLogger,
    startServer: startDemoServer,
    secrets: vault,
  })
  let host: WorkspaceHost | null = null
  let closedPort = 0
  let realToken = ''

  beforeAll(async () => {
    closedPort = await freePort()
    host = await WorkspaceHost.open(options())
  }, 120_000)

  afterAll(async () => {
    await host?.close()
    tmp.dispose()
  })

  it('opens the demo with nothing configured, and says what is configured for real', async () => {
    const h = must(host)
    expect(h.kind).toBe('demo')
    const r = await call(h.handlers, 'workspace:get', {})
    expect(r.ok && r.data).toMatchObject({
      kind: 'demo',
      switchable: true,
      secrets: { storage: 'session' },
      real: { mailboxes: [], server: null },
      demo: { agent: { name: expect.any(String) } },
    })
    // Nothing configured: switching to the real workspace is refused with the reason.
    const refused = failure(await call(h.handlers, 'workspace:switch', { kind: 'real' }))
    expect(refused.code).toBe('E_RULE_VIOLATION')
    expect(refused.message).toContain('Add a mailbox')
  }, 60_000)

  it('answers bad host, port, address and URL with field errors and saves nothing', async () => {
    const h = must(host)
    const bad = failure(
      await call(h.handlers, 'workspace:saveMailbox', {
        address: 'not-an-address',
        imap: { host: 'imap://mail.example.com:993', port: 70000, security: 'tls', user: '' },
        imapPassword: 'x',
      }),
    )
    expect(bad.code).toBe('E_INVALID_INPUT')
    const paths = (bad.fields ?? []).map((f) => f.path)
    expect(paths).toEqual(
      expect.arrayContaining(['address', 'imap.host', 'imap.port', 'imap.user']),
    )
    expect(bad.fields?.find((f) => f.path === 'imap.port')?.message).toBe(
      'A port is between 1 and 65535.',
    )
    const badUrl = failure(
      await call(h.handlers, 'workspace:connectServer', { url: 'ftp://x', token: 't' }),
    )
    expect(badUrl.fields?.map((f) => f.path)).toEqual(['url'])
    // A new mailbox without its password is refused on that field.
    const noPassword = failure(
      await call(h.handlers, 'workspace:saveMailbox', {
        address: 'support@example.com',
        imap: { host: '127.0.0.1', port: closedPort, security: 'plain', user: 'support' },
      }),
    )
    expect(noPassword.fields).toEqual([{ path: 'imapPassword', message: 'Enter the password.' }])
    const info = await call(h.handlers, 'workspace:get', {})
    expect(info.ok && info.data.real.mailboxes).toEqual([])
  })

  it('a sync server that is not there is reported unreachable, nothing stored', async () => {
    const h = must(host)
    const r = failure(
      await call(h.handlers, 'workspace:connectServer', {
        url: `http://127.0.0.1:${closedPort}`,
        token: TOKEN,
      }),
    )
    expect(r.code).toBe('E_OFFLINE')
    expect(r.message).toContain('Nothing answers')
    expect(h.info().real.server).toBeNull()
  })

  it('saves a mailbox (passwords to the vault only), switches to real, and a new host opens real', async () => {
    const h = must(host)
    const saved = await call(h.handlers, 'workspace:saveMailbox', {
      address: 'Support@Example.com',
      displayName: 'Support',
      imap: { host: '127.0.0.1', port: closedPort, security: 'plain', user: 'support' },
      imapPassword: IMAP_PASSWORD,
      smtp: { host: '127.0.0.1', port: closedPort, security: 'plain', user: 'support' },
      smtpPassword: SMTP_PASSWORD,
      folders: ['INBOX', 'Sent'],
      syncWindowDays: 90,
    })
    expect(saved.ok && saved.data).toMatchObject({
      id: 'support-example.com',
      address: 'support@example.com',
      passwords: { imap: true, smtp: true },
      syncWindowDays: 90,
    })
    // The sync server: the demo's embedded one, with its agent's token (as an admin would
    // hand out); checked through /v1/health and /v1/me before it is kept.
    const demoUrl = must(h.info().demo).serverUrl
    const demoToken = (
      JSON.parse(readFileSync(join(tmp.dir, 'demo', 'server', 'demo-agent.json'), 'utf8')) as {
        token: string
      }
    ).token
    const wrong = failure(
      await call(h.handlers, 'workspace:connectServer', { url: demoUrl, token: TOKEN }),
    )
    expect(wrong.code).toBe('E_UNAUTHORIZED')
    const server = await call(h.handlers, 'workspace:connectServer', {
      url: demoUrl,
      token: demoToken,
    })
    expect(server.ok && server.data).toMatchObject({
      url: demoUrl,
      tokenStored: true,
      agent: { role: 'account_manager' },
    })
    realToken = demoToken
    const switched = await call(h.handlers, 'workspace:switch', { kind: 'real' })
    expect(switched.ok && switched.data.kind).toBe('real')
    expect(h.kind).toBe('real')
    // The real workspace's core runs on the main store, with no demo mail in it.
    expect(h.core.db.path).toBe(join(tmp.dir, 'kontor.sqlite'))
    expect(listTickets(h.core.db, { accountId: null, limit: 10 })).toEqual([])
    // ... and syncs with the connected server (the demo's, stopped with the demo: offline).
    expect(h.core.sync).not.toBeNull()
    expect((await h.core.sync?.syncOnce())?.state).toBe('offline')

    await h.close()
    host = await WorkspaceHost.open(options())
    expect(host.kind).toBe('real')
    // Same process, same vault: the password is still there (web mode keeps it per run).
    expect(host.info().real.mailboxes[0]?.passwords).toEqual({ imap: true, smtp: true })
    // A new run of web mode has an empty vault: the mailbox says it needs its password.
    await host.close()
    host = await WorkspaceHost.open({ ...options(), secrets: new SessionSecretVault({}) })
    expect(host.kind).toBe('real')
    expect(host.info().real.mailboxes[0]?.passwords).toEqual({ imap: false, smtp: false })
    expect(host.info().secrets.note).toContain('memory for this run only')

    const back = await call(host.handlers, 'workspace:switch', { kind: 'demo' })
    expect(back.ok && back.data.kind).toBe('demo')
    await host.close()
    host = await WorkspaceHost.open(options())
    expect(host.kind).toBe('demo')
  }, 120_000)

  it('no password or token is anywhere in the data dir files', () => {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name)
        if (e.isDirectory()) walk(p)
        else files.push(p)
      }
    }
    walk(tmp.dir)
    // The main store with its WAL, the demo store, the embedded server's data.
    expect(files.some((f) => f.endsWith('kontor.sqlite'))).toBe(true)
    expect(realToken).not.toBe('')
    for (const f of files) {
      const bytes = readFileSync(f)
      for (const secret of [IMAP_PASSWORD, SMTP_PASSWORD])
        expect(bytes.includes(Buffer.from(secret)), `${secret} in ${f}`).toBe(false)
      // The token was given to the real workspace: only the demo's own agent file (0600,
      // beside the embedded server's data) may hold it, never a store.
      if (!f.endsWith('demo-agent.json'))
        expect(bytes.includes(Buffer.from(realToken)), `token in ${f}`).toBe(false)
    }
  })

  it('removes a mailbox and its passwords', async () => {
    const h = must(host)
    const removed = await call(h.handlers, 'workspace:removeMailbox', { id: 'support-example.com' })
    expect(removed).toEqual({ ok: true, data: { removed: true } })
    expect(h.info().real.mailboxes).toEqual([])
    expect(() => vault.get('imap:support-example.com')).toThrow(/password/)
    const again = failure(
      await call(h.handlers, 'workspace:removeMailbox', { id: 'support-example.com' }),
    )
    expect(again.code).toBe('E_NOT_FOUND')
  })
})

function must<T>(v: T | null | undefined): T {
  if (v === null || v === undefined) throw new Error('missing')
  return v
}
