import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch, type Handlers } from '../../../src/main/core/dispatch'
import { createHandlers } from '../../../src/main/services/handlers'
import { KontorError } from '../../../src/shared/errors'
import { makeTestCore } from '../../helpers/core'

const trusted = { transport: 'cli', trusted: true } as const

describe('dispatch: the one wrapper in front of every handler', () => {
  let core: ReturnType<typeof makeTestCore>
  let handlers: Handlers

  beforeEach(() => {
    core = makeTestCore('2026-11-27T09:00:00Z')
    handlers = createHandlers(core)
  })
  afterEach(() => core.dispose())

  it('runs a valid call and wraps the answer', async () => {
    const result = await dispatch(handlers, 'app:info', {}, trusted)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.data).toMatchObject({
      name: 'Kontor',
      transport: 'cli',
      now: '2026-11-27T09:00:00.000Z',
    })
  })

  it('rejects malformed input with E_INVALID_INPUT and field paths, without calling the handler', async () => {
    let called = false
    const spy: Handlers = { ...handlers, 'app:diagnose': () => ((called = true), []) }
    const result = await dispatch(
      spy,
      'app:diagnose',
      { checks: ['node', 'teapot'], extra: 1 },
      trusted,
    )
    expect(called).toBe(false)
    expect(result).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } })
    if (result.ok) return
    const paths = result.error.fields?.map((f) => f.path)
    expect(paths).toContain('checks.1')
    expect(paths).toContain('(input)') // unrecognized key "extra" on a strict object
    expect(result.error.message).toMatch(/^Invalid input for app:diagnose: /)
  })

  it.each([null, 'string', 42, [], { checks: [] }])(
    'rejects %j for app:diagnose',
    async (input) => {
      const result = await dispatch(handlers, 'app:diagnose', input, trusted)
      // null/undefined mean "no input" and parse as {}; everything else here is malformed.
      if (input === null) expect(result.ok).toBe(true)
      else expect(result).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } })
    },
  )

  it('refuses unknown calls, including prototype keys', async () => {
    for (const name of ['app:nope', '__proto__', 'constructor', 42, undefined]) {
      const result = await dispatch(handlers, name, {}, trusted)
      expect(result).toMatchObject({ ok: false, error: { code: 'E_UNKNOWN_CALL' } })
    }
  })

  it('refuses an untrusted caller before parsing anything', async () => {
    const result = await dispatch(
      handlers,
      'app:info',
      {},
      { transport: 'ipc', trusted: false, reason: 'iframe' },
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } })
  })

  it('returns a KontorError as its code and an unexpected error as E_INTERNAL without its text', async () => {
    const lines: string[] = []
    const log = {
      debug() {},
      info() {},
      warn() {},
      error: (m: string, f?: Record<string, unknown>) => lines.push(JSON.stringify({ m, ...f })),
    }
    const failing: Handlers = {
      ...handlers,
      'app:info': () => {
        throw new KontorError('E_NOT_FOUND', 'No such ticket')
      },
      'app:diagnose': () => {
        throw new TypeError('secret detail')
      },
    }
    expect(await dispatch(failing, 'app:info', {}, trusted)).toEqual({
      ok: false,
      error: { code: 'E_NOT_FOUND', message: 'No such ticket' },
    })
    const internal = await dispatch(failing, 'app:diagnose', {}, trusted, log)
    expect(internal).toEqual({
      ok: false,
      error: { code: 'E_INTERNAL', message: 'app:diagnose failed unexpectedly.' },
    })
    expect(lines).toHaveLength(1)
  })
})
