import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixedClock } from '../../src/shared/clock'
import { createCore, type Core } from '../../src/main/core/core'
import { migrateDatabase, openDatabase } from '../../src/main/db/open'
import { clientMigrationsFolder } from '../../src/main/paths'
import { dispatch, type Caller, type Handlers } from '../../src/main/core/dispatch'
import type { CallInput, CallName, CallOutput } from '../../src/shared/contract'

/** A core on a fresh, migrated local store in a temp dir, with a fixed clock. */
export function makeTestCore(at = '2026-11-27T09:00:00Z'): Core & { dispose(): void; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-core-'))
  const db = openDatabase(join(dir, 'kontor.sqlite'))
  const migrationsFolder = clientMigrationsFolder()
  migrateDatabase(db, migrationsFolder)
  const core = createCore({ db, clock: fixedClock(at), version: 'test', migrationsFolder })
  return {
    ...core,
    dir,
    dispose: () => {
      core.close()
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function tempDir(prefix = 'kontor-test-'): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Call through the one wrapper (as a trusted caller) and unwrap a successful answer. */
export async function callData<K extends CallName>(
  handlers: Handlers,
  name: K,
  input: CallInput<K>,
  caller: Caller = { transport: 'ipc', trusted: true },
): Promise<CallOutput<K>> {
  const result = await dispatch(handlers, name, input, caller)
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.data as CallOutput<K>
}
