import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/cli/index'
import type { CliContext } from '../../../src/main/cli/context'
import { migrateDatabase, openDatabase } from '../../../src/main/db/open'
import { chooseWorkspace } from '../../../src/main/demo/workspace'
import { clientMigrationsFolder, findProjectRoot } from '../../../src/main/paths'
import { fixedClock } from '../../../src/shared/clock'
import { tempDir } from '../../helpers/core'

const clock = fixedClock('2026-11-27T09:00:00Z')

describe('kontor demo', () => {
  let tmp: ReturnType<typeof tempDir>
  let out: string[]
  let ctx: CliContext
  beforeEach(() => {
    tmp = tempDir()
    out = []
    ctx = {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
      env: { KONTOR_HOME: tmp.dir },
      clock,
      root: findProjectRoot(__dirname),
    }
  })
  afterEach(() => tmp.dispose())

  const remembered = () => {
    const db = openDatabase(join(tmp.dir, 'kontor.sqlite'))
    try {
      migrateDatabase(db, clientMigrationsFolder())
      return chooseWorkspace(db, clock)
    } finally {
      db.close()
    }
  }

  it('off and on remember which workspace opens; reset deletes the demo and opens it next', async () => {
    expect(await runCli(['demo', 'off'], ctx)).toBe(0)
    expect(remembered()).toBe('real')
    expect(await runCli(['demo', 'on'], ctx)).toBe(0)
    expect(remembered()).toBe('demo')

    await runCli(['demo', 'off'], ctx)
    const demoDir = join(tmp.dir, 'demo')
    mkdirSync(join(demoDir, 'server'), { recursive: true })
    writeFileSync(join(demoDir, 'kontor.sqlite'), '')
    expect(await runCli(['demo', 'reset'], ctx)).toBe(0)
    expect(existsSync(demoDir)).toBe(false)
    expect(out.join('')).toMatch(/Demo workspace removed/)
    expect(remembered()).toBe('demo')
    // Nothing to remove is fine too.
    expect(await runCli(['demo', 'reset'], ctx)).toBe(0)
    expect(await runCli(['demo'], ctx)).toBe(2)
  })
})
