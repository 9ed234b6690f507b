/**
 * The sync server's command line against a real PostgreSQL: agent tokens, import, audit
 * verify, and `kontor serve` as a child process (health, a token that works, then revoked).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliContext } from '../../../src/main/cli/context'
import { runCli } from '../../../src/main/cli/index'
import { findProjectRoot } from '../../../src/main/paths'
import { fixedClock } from '../../../src/shared/clock'
import { freePort, startPostgres, type PostgresServer } from '../../helpers/postgres'

const root = findProjectRoot(__dirname)

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = []
  const err: string[] = []
  const ctx: CliContext = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    clock: fixedClock('2026-03-02T10:00:00Z'),
    root,
  }
  return { ctx, out: () => out.join(''), err: () => err.join('') }
}

describe('kontor server commands on PostgreSQL', () => {
  let pg: PostgresServer
  let dir: string
  beforeAll(async () => {
    pg = await startPostgres()
    dir = mkdtempSync(join(tmpdir(), 'kontor-cli-'))
  })
  afterAll(async () => {
    await pg?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('adds agents (token printed once), imports JSON and CSV with a row report, verifies the audit, revokes', async () => {
    const db = ['--database-url', pg.url]
    const accounts = join(dir, 'accounts.json')
    writeFileSync(
      accounts,
      JSON.stringify([
        {
          id: 'ACME',
          name: 'Acme AG',
          tier: 'key',
          region: 'EMEA',
          timeZone: 'Europe/Zurich',
          currency: 'CHF',
          creditLimit: 100000,
          creditUsed: 0,
          paymentTermsDays: 30,
        },
        {
          id: 'BAD',
          name: '',
          tier: 'gold',
          region: 'EMEA',
          timeZone: 'UTC',
          currency: 'chf',
          creditLimit: 1,
          creditUsed: 0,
          paymentTermsDays: 30,
        },
      ]),
    )
    const imp = capture()
    expect(await runCli(['server', 'import', accounts, ...db], imp.ctx)).toBe(1)
    expect(imp.out()).toContain('1 inserted')
    expect(imp.out()).toMatch(/row 1 \(BAD\): .*tier/)

    const csv = join(dir, 'contacts.csv')
    writeFileSync(
      csv,
      'id,accountId,name,email,role,department\nC1,ACME,"Muster, Max",max@acme.example,buyer,Purchasing\n',
    )
    const impCsv = capture({ DATABASE_URL: pg.url })
    expect(await runCli(['server', 'import', csv], impCsv.ctx)).toBe(0)
    expect(impCsv.out()).toContain('contacts: 1 rows, 1 inserted')

    const add = capture()
    expect(
      await runCli(
        [
          'server',
          'agent',
          'add',
          '--name',
          'Mia',
          '--email',
          'mia@kontor.test',
          '--role',
          'agent',
          '--accounts',
          'ACME',
          ...db,
        ],
        add.ctx,
      ),
    ).toBe(0)
    const token = /token: (kt_\S+)/.exec(add.out())?.[1]
    expect(token).toBeDefined()
    const bad = capture()
    expect(
      await runCli(
        [
          'server',
          'agent',
          'add',
          '--name',
          'X',
          '--email',
          'x@k.test',
          '--role',
          'overlord',
          ...db,
        ],
        bad.ctx,
      ),
    ).toBe(2)
    expect(
      await runCli(
        ['server', 'agent', 'add', '--name', 'X', '--email', 'x@k.test', '--role', 'agent'],
        capture().ctx,
      ),
    ).toBe(2)

    // The server, as a separate process, accepts the token; after revoke it refuses it.
    const port = await freePort()
    const child = spawn(
      process.execPath,
      [
        join(root, 'bin/kontor.js'),
        'serve',
        '--port',
        String(port),
        '--database-url',
        pg.url,
        '--log-level',
        'warn',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    try {
      const base = `http://127.0.0.1:${port}`
      const deadline = Date.now() + 60_000
      let up = false
      while (!up && Date.now() < deadline) {
        up = await fetch(`${base}/v1/health`).then(
          (r) => r.ok,
          () => false,
        )
        if (!up) await new Promise((r) => setTimeout(r, 200))
      }
      expect(up).toBe(true)
      const me = await fetch(`${base}/v1/accounts/ACME`, {
        headers: { authorization: `Bearer ${token}` },
      })
      expect(me.status).toBe(200)
      const rev = capture()
      expect(await runCli(['server', 'agent', 'revoke', 'mia@kontor.test', ...db], rev.ctx)).toBe(0)
      const after = await fetch(`${base}/v1/accounts/ACME`, {
        headers: { authorization: `Bearer ${token}` },
      })
      expect(after.status).toBe(401)
    } finally {
      child.kill('SIGINT')
      await new Promise((r) => child.once('exit', r))
    }

    const verify = capture()
    expect(await runCli(['server', 'audit', 'verify', ...db], verify.ctx)).toBe(0)
    expect(verify.out()).toMatch(/audit chain ok: 2 rows/)
  })
})
