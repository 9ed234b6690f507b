import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { findProjectRoot } from '../../../src/main/paths'
import { tempDir } from '../../helpers/core'
import { startSyncServer, type RunningSyncServer } from '../../helpers/sync-server'
import { bearer } from '../../server/fixture'

const root = findProjectRoot(__dirname)
const child = join(root, 'tests', 'fixtures', 'sync', 'sync-child.ts')
const tsx = join(root, 'node_modules', '.bin', 'tsx')

function runChild(args: string[]) {
  const r = spawnSync(tsx, [child, ...args], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`sync-child ${args[0]} failed: ${r.stderr}`)
}

/** Start a drain and SIGKILL it after `ms` (or let it finish). */
function drainKilledAfter(args: string[], ms: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve) => {
    const p = spawn(tsx, [child, ...args], { stdio: 'ignore' })
    const timer = setTimeout(() => p.kill('SIGKILL'), ms)
    p.on('exit', (_code, signal) => {
      clearTimeout(timer)
      resolve(signal === 'SIGKILL' ? 'killed' : 'finished')
    })
  })
}

/**
 * "Offline client: 500 changes queued across restarts, drained once", with kill -9 at
 * random points of the drain: nothing lost, nothing applied twice.
 */
describe('client outbox survives kill -9', () => {
  let server: RunningSyncServer
  let url: string
  let tokens: RunningSyncServer['tokens']
  const tmp = tempDir('kontor-crash-')

  beforeAll(async () => {
    server = await startSyncServer()
    url = server.url
    tokens = server.tokens
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
    tmp.dispose()
  })

  it('drains 500 changes queued across restarts exactly once', { timeout: 400_000 }, async () => {
    const db = join(tmp.dir, 'client.sqlite')
    // Queued offline over five separate runs of the app.
    for (let run = 0; run < 5; run++) runChild(['enqueue', db, '100', String(run * 100)])

    // Seeded random kill points (deterministic across runs of the test).
    let seed = 42
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const outcomes: string[] = []
    // Six drains killed at random points, then one left to finish.
    for (let attempt = 0; attempt < 7; attempt++) {
      const killAfter = attempt < 6 ? 900 + Math.floor(random() * 1500) : 240_000
      const outcome = await drainKilledAfter(['drain', db, url, tokens.agentN], killAfter)
      outcomes.push(outcome)
      const handle = openDatabase(db)
      const pending = (
        handle.sqlite
          .prepare("SELECT count(*) AS n FROM sync_outbox WHERE status = 'pending'")
          .get() as { n: number }
      ).n
      expect(handle.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
      handle.close()
      if (pending === 0 && outcome === 'finished') break
    }
    expect(outcomes.filter((o) => o === 'killed').length).toBeGreaterThan(0)
    expect(outcomes.at(-1)).toBe('finished')

    let text = ''
    for (let t = 0; t < 25; t++) {
      const res = await server.app.inject({
        method: 'GET',
        url: `/v1/tickets/crash-ticket-${t}`,
        headers: bearer(tokens.agentN),
      })
      text += JSON.stringify(res.json())
    }
    for (let k = 0; k < 500; k++)
      expect(text.split(`"crash note ${k}"`).length - 1, `note ${k}`).toBe(1)
  })
})
