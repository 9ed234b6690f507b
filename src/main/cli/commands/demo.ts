/**
 * The demo workspace from the command line: `kontor demo reset` starts it over, and
 * `startDemoServer` hosts its embedded sync server for web mode and the desktop app (the CLI
 * is a composition root: it may host the sync server, the core may not).
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { buildServer, openStore, seedDemo } from '../../../server'
import { demoDir, rememberWorkspace, type DemoServerHost } from '../../demo/workspace'
import { defaultDataDir } from '../../paths'
import type { RegisterCommands } from '../context'
import { openMigrated } from '../context'

/** The demo agent's credentials for the embedded server: a 0600 file beside its data. */
const agentFileSchema = z.object({ agentId: z.string(), token: z.string() })
const AGENT_FILE = 'demo-agent.json'

/**
 * A host for the demo's embedded server. It opens the server's PGlite store (migrations from
 * `migrationsFolder` when the app is bundled, the server's own folder otherwise); the first
 * time, seeds it with the demo companies and documents (`seedDemo`) and keeps the demo
 * agent's token; then listens on 127.0.0.1 at a free port. Tokens are shown once by `kontor server seed-demo`; the demo keeps its own,
 * readable by this user only (it opens a loopback server holding sample data).
 */
export function demoServerHost(options: { migrationsFolder?: string } = {}): DemoServerHost {
  return async (o) => {
    const store = await openStore({ dataDir: o.dataDir, ...options })
    try {
      const agentFile = join(o.dataDir, AGENT_FILE)
      const stored = existsSync(agentFile)
        ? agentFileSchema.safeParse(JSON.parse(readFileSync(agentFile, 'utf8')))
        : null
      let token = stored?.success && stored.data.agentId === o.agentId ? stored.data.token : null
      let seeded = false
      if (token === null) {
        const summary = await seedDemo(store.db, o.clock.now(), undefined, o.documents(), {
          deskAgentId: o.agentId,
        })
        const agent = summary.agents.find((a) => a.id === o.agentId)
        if (!agent) throw new Error(`the demo seed created no agent ${o.agentId}`)
        token = agent.token
        writeFileSync(agentFile, JSON.stringify({ agentId: o.agentId, token }), { mode: 0o600 })
        chmodSync(agentFile, 0o600)
        seeded = true
      }
      const app = await buildServer({ store, now: () => o.clock.now(), version: o.version })
      const url = await app.listen({ port: 0, host: '127.0.0.1' })
      return {
        url,
        token,
        seeded,
        close: async () => {
          await app.close()
          await store.close()
        },
      }
    } catch (error) {
      await store.close()
      throw error
    }
  }
}

/** The embedded server with the sync server's own migrations (run from the checkout). */
export const startDemoServer: DemoServerHost = demoServerHost()

export const registerDemoCommands: RegisterCommands = (program, ctx) => {
  const demo = program.command('demo').description('the demo workspace (sample mail and accounts)')
  const remember = (kind: 'demo' | 'real') => {
    const handle = openMigrated(join(defaultDataDir(ctx.env), 'kontor.sqlite'), ctx)
    try {
      rememberWorkspace(handle, ctx.clock, kind)
    } finally {
      handle.close()
    }
  }
  demo
    .command('on')
    .description('open the demo workspace from now on ("kontor web")')
    .action(() => {
      remember('demo')
      ctx.stdout('"kontor web" opens the demo workspace from now on.\n')
    })
  demo
    .command('off')
    .description(
      'open the real workspace (configured mailboxes) from now on; the demo stays on disk until "kontor demo reset"',
    )
    .action(() => {
      remember('real')
      ctx.stdout('"kontor web" opens your configured workspace from now on.\n')
    })
  demo
    .command('reset')
    .description(
      'delete the demo workspace (its mail, replica and embedded server); the next "kontor web" builds it afresh',
    )
    .action(() => {
      const dataDir = defaultDataDir(ctx.env)
      const dir = demoDir(dataDir)
      const existed = existsSync(dir)
      rmSync(dir, { recursive: true, force: true })
      // Starting over means the demo is what opens next.
      if (existsSync(join(dataDir, 'kontor.sqlite'))) remember('demo')
      ctx.stdout(
        existed
          ? `Demo workspace removed (${dir}); "kontor web" opens a fresh one.\n`
          : `No demo workspace in ${dir}; "kontor web" opens a fresh one.\n`,
      )
    })
}
