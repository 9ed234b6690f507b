import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { DiagnosticCheckId, DiagnosticResult } from '../../shared/contract'
import { DIAGNOSTIC_CHECKS } from '../../shared/contract'
import { migrationStatus, type DbHandle } from '../db/open'

export const MIN_NODE = [20, 19, 0] as const

export function nodeVersionOk(version: string): boolean {
  const parts = version.replace(/^v/, '').split('.').map(Number)
  for (let i = 0; i < MIN_NODE.length; i++) {
    const have = parts[i] ?? 0
    const want = MIN_NODE[i] ?? 0
    if (have !== want) return have > want
  }
  return true
}

function run(file: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 5000 }, (error, stdout) => {
      resolve(error ? null : (String(stdout).trim().split('\n')[0] ?? ''))
    })
  })
}

/** Debian installs PostgreSQL's server binaries per major version, outside PATH. */
export function findPostgresBin(): string | null {
  const base = '/usr/lib/postgresql'
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
    for (const v of versions) {
      const bin = join(base, v, 'bin')
      if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin
    }
  }
  return null
}

export interface DiagnosticsDeps {
  db?: DbHandle
  migrationsFolder?: string
  nodeVersion?: string
}

async function check(id: DiagnosticCheckId, deps: DiagnosticsDeps): Promise<DiagnosticResult> {
  switch (id) {
    case 'node': {
      const v = deps.nodeVersion ?? process.version
      return nodeVersionOk(v)
        ? { id, label: 'Node.js', status: 'ok', detail: v }
        : {
            id,
            label: 'Node.js',
            status: 'fail',
            detail: `${v} is older than ${MIN_NODE.join('.')}`,
          }
    }
    case 'database': {
      if (!deps.db || !deps.migrationsFolder) {
        return {
          id,
          label: 'Local database',
          status: 'warn',
          detail: 'no database given (--db PATH)',
        }
      }
      try {
        const integrity = deps.db.sqlite.pragma('quick_check', { simple: true })
        const { applied, shipped } = migrationStatus(deps.db, deps.migrationsFolder)
        const mode = deps.db.sqlite.pragma('journal_mode', { simple: true })
        const status =
          integrity === 'ok' && applied === shipped ? 'ok' : integrity === 'ok' ? 'warn' : 'fail'
        return {
          id,
          label: 'Local database',
          status,
          detail: `${deps.db.path}: integrity ${String(integrity)}, journal ${String(mode)}, migrations ${applied}/${shipped}`,
        }
      } catch (error) {
        return { id, label: 'Local database', status: 'fail', detail: (error as Error).message }
      }
    }
    case 'dovecot': {
      const v = await run('dovecot', ['--version'])
      return v
        ? { id, label: 'Dovecot (IMAP test server)', status: 'ok', detail: v }
        : {
            id,
            label: 'Dovecot (IMAP test server)',
            status: 'warn',
            detail: 'not installed (apt-get install dovecot-imapd)',
          }
    }
    case 'postgresql': {
      const bin = findPostgresBin()
      const v = bin ? await run(join(bin, 'postgres'), ['--version']) : null
      return v
        ? { id, label: 'PostgreSQL (sync server store)', status: 'ok', detail: v }
        : {
            id,
            label: 'PostgreSQL (sync server store)',
            status: 'warn',
            detail: 'not installed (apt-get install postgresql)',
          }
    }
    case 'chromium': {
      const v = existsSync('/usr/bin/chromium')
        ? await run('/usr/bin/chromium', ['--version'])
        : null
      return v
        ? { id, label: 'Chromium (browser tests)', status: 'ok', detail: v }
        : {
            id,
            label: 'Chromium (browser tests)',
            status: 'warn',
            detail: 'not installed (apt-get install chromium)',
          }
    }
  }
}

/** The checks behind `kontor doctor` and the console's Diagnostics panel. */
export async function runDiagnostics(
  deps: DiagnosticsDeps,
  ids: readonly DiagnosticCheckId[] = DIAGNOSTIC_CHECKS,
): Promise<DiagnosticResult[]> {
  return Promise.all(ids.map((id) => check(id, deps)))
}
