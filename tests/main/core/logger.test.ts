import { describe, expect, it } from 'vitest'
import { createLogger, redact } from '../../../src/main/core/logger'

describe('logger', () => {
  it('redacts keys that may carry secrets or content', () => {
    expect(
      redact({
        password: 'x',
        token: 't',
        body: 'hello',
        htmlBody: '<p>',
        folder: 'INBOX',
        count: 3,
      }),
    ).toEqual({
      password: '[redacted]',
      token: '[redacted]',
      body: '[redacted]',
      htmlBody: '[redacted]',
      folder: 'INBOX',
      count: 3,
    })
  })

  it('writes one JSON line per entry at or above its level', () => {
    const lines: string[] = []
    const log = createLogger({ level: 'info', write: (l) => lines.push(l), scope: 'sync' })
    log.debug('hidden')
    log.warn('reconnecting', { attempt: 2, secret: 's3cret' })
    expect(lines).toHaveLength(1)
    const entry = JSON.parse(lines[0] as string) as Record<string, unknown>
    expect(entry).toMatchObject({
      level: 'warn',
      scope: 'sync',
      msg: 'reconnecting',
      attempt: 2,
      secret: '[redacted]',
    })
    expect(lines[0]).not.toContain('s3cret')
  })
})
