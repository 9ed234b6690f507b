import { describe, expect, it } from 'vitest'
import { CALL_NAMES, contract, EVENT_NAMES, isCallName } from '../../src/shared/contract'
import { ERROR_CODES, isErrorCode, KontorError } from '../../src/shared/errors'

describe('the contract', () => {
  it('names calls and events feature:verb', () => {
    for (const name of [...CALL_NAMES, ...EVENT_NAMES])
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*:[a-z]+([A-Z][a-z]+)*$/)
  })

  it('gives every call a zod input schema', () => {
    for (const name of CALL_NAMES) expect(typeof contract[name].input.safeParse).toBe('function')
  })

  it('does not treat inherited keys as calls', () => {
    expect(isCallName('toString')).toBe(false)
    expect(isCallName('__proto__')).toBe(false)
  })
})

describe('error vocabulary', () => {
  it('describes every code and marks what is retryable', () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^E_[A-Z_]+$/)
      expect(spec.description.length).toBeGreaterThan(10)
    }
    expect(ERROR_CODES.E_OFFLINE.retryable).toBe(true)
    expect(isErrorCode('E_NOPE')).toBe(false)
  })

  it('serialises a KontorError to its code, message and fields', () => {
    expect(
      new KontorError('E_INVALID_INPUT', 'bad', [{ path: 'a', message: 'b' }]).toInfo(),
    ).toEqual({
      code: 'E_INVALID_INPUT',
      message: 'bad',
      fields: [{ path: 'a', message: 'b' }],
    })
  })
})
