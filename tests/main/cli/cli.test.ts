import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/cli/index'
import type { CliContext } from '../../../src/main/cli/context'
import { findProjectRoot } from '../../../src/main/paths'
import { fixedClock } from '../../../src/shared/clock'
import { tempDir } from '../../helpers/core'

function capture() {
  const out: string[] = []
  const err: string[] = []
  const ctx: CliContext = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    clock: fixedClock('2026-11-27T09:00:00Z'),
    root: findProjectRoot(__dirname),
  }
  return { ctx, out: () => out.join(''), err: () => err.join('') }
}

describe('kontor CLI', () => {
  let tmp: ReturnType<typeof tempDir>
  beforeEach(() => {
    tmp = tempDir()
  })
  afterEach(() => tmp.dispose())

  it('migrates a new local store and says so, as text and JSON', async () => {
    const db = join(tmp.dir, 'k.sqlite')
    const c = capture()
    expect(await runCli(['db', 'migrate', '--db', db], c.ctx)).toBe(0)
    expect(c.out()).toMatch(/migrations applied/)
    const j = capture()
    expect(await runCli(['db', 'migrate', '--db', db, '--json'], j.ctx)).toBe(0)
    const status = JSON.parse(j.out()) as { applied: number; shipped: number }
    expect(status.applied).toBe(status.shipped)
  })

  it.each([
    [['db', 'migrate'], /required option '--db <path>'/],
    [['db', 'migrate', '--db'], /argument missing/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['db', 'migrate', '--db', 'x', '--bogus'], /unknown option '--bogus'/],
    [['web', '--port', 'abc'], /--port must be an integer/],
  ])('bad usage %j exits 2 with one line', async (argv, message) => {
    const c = capture()
    expect(await runCli(argv, c.ctx)).toBe(2)
    expect(c.err()).toMatch(message)
    expect(c.err().trim().split('\n')).toHaveLength(1)
  })

  it('prints help for every command and exits 0', async () => {
    for (const argv of [
      ['--help'],
      ['db', '--help'],
      ['db', 'migrate', '--help'],
      ['doctor', '--help'],
      ['web', '--help'],
    ]) {
      const c = capture()
      expect(await runCli(argv, c.ctx)).toBe(0)
      expect(c.out()).toMatch(/Usage: kontor/)
    }
  })

  it('a command group without a sub-command is bad usage', async () => {
    const c = capture()
    expect(await runCli(['db'], c.ctx)).toBe(2)
    expect(c.err()).toMatch(/needs a command/)
  })

  it('doctor checks node, the store and the test servers', async () => {
    const db = join(tmp.dir, 'k.sqlite')
    await runCli(['db', 'migrate', '--db', db], capture().ctx)
    const c = capture()
    const code = await runCli(['doctor', '--db', db, '--json'], c.ctx)
    const checks = JSON.parse(c.out()) as { id: string; status: string; detail: string }[]
    expect(checks.map((x) => x.id)).toEqual([
      'node',
      'database',
      'dovecot',
      'postgresql',
      'chromium',
    ])
    expect(checks.find((x) => x.id === 'database')).toMatchObject({ status: 'ok' })
    expect(code).toBe(0)
  })

  it('doctor fails (exit 1) on a store it cannot open', async () => {
    const c = capture()
    expect(await runCli(['doctor', '--db', join(tmp.dir, 'nope', 'x.sqlite')], c.ctx)).toBe(1)
    expect(c.err()).toMatch(/Cannot open database/)
  })
})
