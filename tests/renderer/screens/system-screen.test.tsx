import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppInfo, DiagnosticResult } from '../../../src/shared/contract'
import type { ContractClient } from '../../../src/shared/contract/client'
import type { Result } from '../../../src/shared/result'
import { useKontor } from '../../../src/renderer/src/store'
import { SystemScreen } from '../../../src/renderer/src/screens/SystemScreen'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const INFO: AppInfo = {
  name: 'Kontor',
  version: '0.1.0',
  transport: 'web',
  platform: 'linux',
  nodeVersion: '22.11.0',
  database: {
    path: '/tmp/kontor.db',
    journalMode: 'wal',
    appliedMigrations: 8,
    shippedMigrations: 8,
  },
  now: '2026-11-28T05:00:00Z',
}

/** The core's answer: exactly the checks asked for (all when none are named, as `kontor doctor`). */
const ALL: DiagnosticResult[] = [
  { id: 'node', label: 'Node.js', status: 'ok', detail: 'v22.11.0' },
  { id: 'database', label: 'Local database', status: 'ok', detail: 'integrity ok' },
  { id: 'dovecot', label: 'Dovecot', status: 'fail', detail: 'not installed' },
  { id: 'postgresql', label: 'PostgreSQL', status: 'fail', detail: 'not installed' },
  { id: 'chromium', label: 'Chromium', status: 'warn', detail: 'not found' },
]

describe('SystemScreen', () => {
  const calls: { name: string; input: unknown }[] = []
  beforeEach(() => {
    calls.length = 0
    const client: ContractClient = {
      call: async (name, input) => {
        calls.push({ name, input })
        const i = input as { checks?: string[] }
        const answer: Result<unknown> =
          name === 'app:info'
            ? { ok: true, data: INFO }
            : name === 'app:diagnose'
              ? { ok: true, data: ALL.filter((c) => !i.checks || i.checks.includes(c.id)) }
              : { ok: false, error: { code: 'E_UNKNOWN_CALL', message: name } }
        return answer as never
      },
      on: () => () => undefined,
    }
    useKontor.setState({ client, diagnostics: null, diagnosticsError: null, diagnosing: false })
  })
  afterEach(cleanup)

  it("asks the core for the user's checks only and shows them, not the test harness's", async () => {
    await act(async () => render(<SystemScreen />))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Run checks' })))
    expect(calls.filter((c) => c.name === 'app:diagnose').map((c) => c.input)).toEqual([
      { checks: ['node', 'database'] },
    ])
    const text = screen.getByTestId('diagnostics').textContent ?? ''
    expect(text).toContain('Node.js')
    expect(text).toContain('Local database')
    for (const harness of ['Dovecot', 'PostgreSQL', 'Chromium']) expect(text).not.toContain(harness)
  })
})
