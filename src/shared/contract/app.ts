import { z } from 'zod'
import { call, event } from './define'

export const TRANSPORTS = ['ipc', 'web', 'cli'] as const
export type Transport = (typeof TRANSPORTS)[number]

export interface AppInfo {
  name: string
  version: string
  transport: Transport
  platform: string
  nodeVersion: string
  database: {
    path: string
    journalMode: string
    appliedMigrations: number
    shippedMigrations: number
  }
  /** ISO time from the core's injected clock. */
  now: string
}

export const DIAGNOSTIC_CHECKS = ['node', 'database', 'dovecot', 'postgresql', 'chromium'] as const
export type DiagnosticCheckId = (typeof DIAGNOSTIC_CHECKS)[number]
/**
 * The checks the app's System screen asks for: what an agent's own install depends on. The
 * others (Dovecot, PostgreSQL, Chromium) are the test harness's; `kontor doctor` runs them all.
 */
export const USER_DIAGNOSTIC_CHECKS = [
  'node',
  'database',
] as const satisfies readonly DiagnosticCheckId[]

export interface DiagnosticResult {
  id: DiagnosticCheckId
  label: string
  status: 'ok' | 'warn' | 'fail'
  detail: string
}

export const appCalls = {
  /** What is running and on which local store. */
  'app:info': call<AppInfo>()(z.object({}).strict()),
  /** Environment checks shared with `kontor doctor`. */
  'app:diagnose': call<DiagnosticResult[]>()(
    z
      .object({
        checks: z.array(z.enum(DIAGNOSTIC_CHECKS)).min(1).max(DIAGNOSTIC_CHECKS.length).optional(),
      })
      .strict(),
  ),
}

export const appEvents = {
  /**
   * Local tables changed; the UI re-reads what it shows from them. `ticketIds`, when given,
   * names every ticket whose mail changed (the mail engine's incremental re-threading): readers
   * may re-read just those. Without it, any ticket may have changed.
   */
  'db:changed': event<{ tables: string[]; ticketIds?: string[] }>(),
}
