import type { Command } from 'commander'
import type { Clock } from '../../shared/clock'
import { KontorError } from '../../shared/errors'
import { openDatabase, migrateDatabase, type DbHandle } from '../db/open'
import { remapTicketAccountsIfAsked } from '../mail/tickets'
import { clientMigrationsFolder } from '../paths'

/** Bad usage: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** What every command gets: streams, environment and clock are injected so tests can drive the CLI in-process. */
export interface CliContext {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env: NodeJS.ProcessEnv
  clock: Clock
  /** Project root (for migrations, the built renderer, resources). */
  root: string
  /** Read all of standard input (for secrets typed at a prompt or piped). */
  readStdin?: () => Promise<string>
}

export type RegisterCommands = (program: Command, ctx: CliContext) => void

/** Open the local store at PATH and bring it to this build's schema. */
export function openMigrated(path: string, ctx: CliContext): DbHandle {
  const handle = openDatabase(path)
  try {
    migrateDatabase(handle, clientMigrationsFolder(ctx.root))
  } catch (error) {
    handle.close()
    throw error
  }
  try {
    // As the app's core does at its start: tickets stored under an older mapping rule.
    remapTicketAccountsIfAsked(handle)
  } catch {
    // The request stays for the next start; the tickets keep their accounts meanwhile.
  }
  return handle
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout(JSON.stringify(value, null, 2) + '\n')
}

export function parseIntOption(name: string, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const n = Number(raw)
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new UsageError(`${name} must be an integer between 0 and ${max}, got "${raw}"`)
    return n
  }
}

export { KontorError }
