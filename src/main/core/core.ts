import type { Clock } from '../../shared/clock'
import type { Transport } from '../../shared/contract'
import { QueueService } from '../console/queue-service'
import type { DbHandle } from '../db/open'
import type { SecretStore } from '../mail/secrets'
import { remapTicketAccounts, remapTicketAccountsIfAsked } from '../mail/tickets'
import type { ServerConnection } from '../sync/server-api'
import { SyncClient } from '../sync/sync-client'
import type { WorkspaceControl } from '../workspace/control'
import type { DesktopCapability } from './desktop'
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
  /** Sync with the team's server; null when this workspace has none configured. */
  readonly sync: SyncClient | null
  /** The console's queues with live SLA figures (built on first use). */
  readonly queues: QueueService
  /** The desktop shell's system browser and folder dialog; null in web mode and the CLI. */
  readonly desktop: DesktopCapability | null
  /** Mailbox passwords, for on-demand IMAP work (attachments); null when none were given. */
  readonly secrets: SecretStore | null
  /** Which workspace is open and its settings (absent when no workspace host runs this core). */
  readonly workspace?: WorkspaceControl
  /**
   * Stop the core's own services before its store closes: the queue service writes the
   * snapshot rows still waiting for their debounce and clears its timers. Idempotent.
   */
  close(): void
}

export interface CoreOptions {
  db: DbHandle
  clock: Clock
  version: string
  migrationsFolder: string
  log?: Logger
  /** The sync server to use (URL and the agent's token), if any. */
  server?: ServerConnection
  /** Injected by the Electron entry only (the core never imports electron). */
  desktop?: DesktopCapability
  /** Where mailbox passwords come from (the same store the mail service uses). */
  secrets?: SecretStore
  /** The workspace host that opened this core (Settings, the demo/real switch). */
  workspace?: WorkspaceControl
}

export function createCore(options: CoreOptions): Core {
  const events = new EventBus()
  const log = options.log ?? silentLogger
  const sync = options.server
    ? new SyncClient({
        handle: options.db,
        clock: options.clock,
        connection: options.server,
        log,
        onChanged: (tables) => {
          // New or changed contacts and account domains from the server: tickets may now belong
          // to an account (or another one). Mapping them again is one pass over the messages.
          if (tables.includes('replica:contact') || tables.includes('replica:account')) {
            try {
              if (remapTicketAccounts(options.db).length > 0) tables = [...tables, 'mail_tickets']
            } catch (error) {
              // The pull is stored either way; the next re-thread maps the tickets.
              log.warn('tickets not mapped to accounts again', {
                error: error instanceof Error ? error.message : String(error),
              })
            }
          }
          events.emit('db:changed', { tables })
        },
        onStatus: (status) => events.emit('sync:statusChanged', { configured: true, ...status }),
      })
    : null
  try {
    // Tickets stored under an older mapping rule (a migration asks): once, before anyone reads them.
    const remapped = remapTicketAccountsIfAsked(options.db)
    if (remapped?.length) log.info('tickets mapped to accounts again', { tickets: remapped.length })
  } catch (error) {
    // The request stays: the next start tries again; the tickets keep their accounts meanwhile.
    log.warn('tickets not mapped to accounts again', {
      error: error instanceof Error ? error.message : String(error),
    })
  }
  let queues: QueueService | null = null
  return {
    db: options.db,
    clock: options.clock,
    events,
    log,
    version: options.version,
    migrationsFolder: options.migrationsFolder,
    sync,
    desktop: options.desktop ?? null,
    secrets: options.secrets ?? null,
    ...(options.workspace ? { workspace: options.workspace } : {}),
    get queues() {
      queues ??= new QueueService({
        db: options.db,
        clock: options.clock,
        events,
        log,
        version: options.version,
      })
      return queues
    },
    close() {
      queues?.dispose()
      queues = null
    },
  }
}

export type { Transport }
