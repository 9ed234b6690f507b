import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '../../src/shared/clock'
import { systemClock } from '../../src/main/core/clock'
import { createCore, type Core } from '../../src/main/core/core'
import { migrateDatabase, openDatabase } from '../../src/main/db/open'
import type { SecretStore } from '../../src/main/mail/secrets'
import { clientMigrationsFolder, findProjectRoot, rendererDir } from '../../src/main/paths'
import { createHandlers } from '../../src/main/services/handlers'
import { startWebServer, type WebServer } from '../../src/main/web/web-server'

export interface RunningConsole {
  core: Core
  server: WebServer
  dir: string
  stop(): Promise<void>
}

/** The web-mode console on a fresh local store in a temp dir, as `npm run web` starts it. */
export async function startWebConsole(
  options: { clock?: Clock; dbPath?: string; secrets?: SecretStore } = {},
): Promise<RunningConsole> {
  const root = findProjectRoot(__dirname)
  const staticDir = rendererDir(root)
  if (!existsSync(join(staticDir, 'index.html')))
    throw new Error(`The renderer is not built (${staticDir}); run "npm run build" first`)
  const dir = mkdtempSync(join(tmpdir(), 'kontor-web-'))
  const db = openDatabase(options.dbPath ?? join(dir, 'kontor.sqlite'))
  const migrationsFolder = clientMigrationsFolder(root)
  migrateDatabase(db, migrationsFolder)
  const core = createCore({
    db,
    clock: options.clock ?? systemClock,
    version: 'test',
    migrationsFolder,
    ...(options.secrets ? { secrets: options.secrets } : {}),
  })
  const server = await startWebServer({
    handlers: createHandlers(core),
    events: core.events,
    staticDir,
  })
  return {
    core,
    server,
    dir,
    stop: async () => {
      await server.close()
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
