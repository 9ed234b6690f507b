import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '../../src/server/db/store'
import { serverSuite } from './suite'

// PGlite in temp data dirs: a seeded template is built once and copied per test (creating a
// PGlite cluster costs seconds); a "restart" reopens the same directory.
serverSuite('PGlite', {
  template: async (seed) => {
    const tpl = mkdtempSync(join(tmpdir(), 'kontor-pglite-tpl-'))
    const store = await openStore({ dataDir: tpl })
    await seed(store)
    await store.close()
    return {
      fresh: async () => {
        const dir = mkdtempSync(join(tmpdir(), 'kontor-pglite-'))
        cpSync(tpl, dir, { recursive: true })
        return {
          open: () => openStore({ dataDir: dir }),
          cleanup: async () => rmSync(dir, { recursive: true, force: true }),
        }
      },
      dispose: async () => rmSync(tpl, { recursive: true, force: true }),
    }
  },
})
