import type { Clock } from '../../shared/clock'
import type { Transport } from '../../shared/contract'
import type { DbHandle } from '../db/open'
import { EventBus } from './events'
import { silentLogger, type Logger } from './logger'

/**
 * The core's services, constructed once per process by an entry point (Electron main,
 * web mode, CLI, tests) and injected into handlers. No module-level state.
 */
export interface Core {
  readonly db: DbHandle
  readonly clock: Clock
  readonly events: EventBus
  readonly log: Logger
  readonly version: string
  readonly migrationsFolder: string
}

export interface CoreOptions {
  db: DbHandle
  clock: Clock
  version: string
  migrationsFolder: string
  log?: Logger
}

export function createCore(options: CoreOptions): Core {
  return {
    db: options.db,
    clock: options.clock,
    events: new EventBus(),
    log: options.log ?? silentLogger,
    version: options.version,
    migrationsFolder: options.migrationsFolder,
  }
}

export type { Transport }
