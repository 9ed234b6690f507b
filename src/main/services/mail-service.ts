/**
 * The running mail engine of a workspace: one `MailboxWatcher` per configured shared mailbox
 * (a full sync on connect, then IDLE with a heartbeat, reconnecting with backoff), and the
 * reply outbox drained whenever a mailbox is online: after each reply is queued, on every
 * (re)connect, and when a retry falls due. Everything it learns goes out on the core's event
 * bus as contract events (`mail:synced`, `mail:connection`, `mail:outboxChanged`,
 * `db:changed`); the handlers only read the store.
 *
 * Mailboxes that live only in the local store (the demo's, see `ingest.ts`) have no server
 * and are not watched. The set of mailboxes is read at `start()`: after a configuration
 * change, stop and start the service again.
 */
import { availableParallelism } from 'node:os'
import type { Core } from '../core/core'
import { isLocalMailbox } from '../mail/ingest'
import { listMailboxes, type MailboxConfig } from '../mail/mailboxes'
import { Outbox, type OutboxState } from '../mail/outbox'
import { ParserPool } from '../mail/parser'
import type { SecretStore } from '../mail/secrets'
import { MailboxSync } from '../mail/sync'
import { MailboxWatcher, type WatchOptions } from '../mail/watch'

export interface MailServiceOptions {
  core: Pick<Core, 'db' | 'clock' | 'events' | 'log'>
  /** Where IMAP and SMTP passwords come from (safeStorage in the app, env in the CLI). */
  secrets: SecretStore
  /** Watcher tuning (heartbeat, backoff); the watcher's defaults otherwise. */
  watch?: Pick<WatchOptions, 'heartbeatMs' | 'backoffBaseMs' | 'backoffMaxMs' | 'random'>
  /** First retry delay of a reply after a 4xx or while offline (the outbox's default otherwise). */
  retryBaseMs?: number
}

type Connection = 'connecting' | 'online' | 'offline'

export class MailService {
  private readonly outbox: Outbox
  private readonly watchers = new Map<string, MailboxWatcher>()
  private readonly connection = new Map<string, Connection>()
  private parser: ParserPool | null = null
  private syncs: MailboxSync[] = []
  private unsubscribe: (() => void) | null = null
  private retryTimer: NodeJS.Timeout | null = null
  private draining: Promise<void> | null = null
  private drainAgain = false
  /** Set while this service emits outbox events, so its own `queued` does not re-trigger it. */
  private emitting = false
  private running = false

  constructor(private readonly o: MailServiceOptions) {
    this.outbox = new Outbox({
      db: o.core.db,
      clock: o.core.clock,
      secrets: o.secrets,
      log: o.core.log,
      ...(o.retryBaseMs !== undefined ? { retryBaseMs: o.retryBaseMs } : {}),
    })
  }

  /** The mailboxes this service watches (configured, with a server). */
  mailboxes(): MailboxConfig[] {
    return listMailboxes(this.o.core.db).filter((m) => !isLocalMailbox(m))
  }

  start(): void {
    if (this.running) return
    this.running = true
    const { core } = this.o
    // A reply left in `sending` by a crash may have gone out: never resend it blindly.
    const interrupted = this.outbox.recover()
    if (interrupted) core.log.warn('replies interrupted while sending', { count: interrupted })
    this.unsubscribe = core.events.on('mail:outboxChanged', (e) => {
      if (!this.emitting && e.state === 'queued') void this.drain()
    })
    const mailboxes = this.mailboxes()
    if (mailboxes.length === 0) return
    this.parser = new ParserPool(Math.max(1, Math.min(2, availableParallelism() - 1)))
    for (const mailbox of mailboxes) {
      // A missing password is a configuration problem, not a connection one: say so once and
      // leave that mailbox offline (the watcher would otherwise fail outside its retry loop).
      const missing = this.missingSecret(`imap:${mailbox.id}`)
      if (missing) {
        core.log.warn('mailbox not watched', { mailbox: mailbox.id, error: missing })
        this.connection.set(mailbox.id, 'offline')
        core.events.emit('mail:connection', { mailboxId: mailbox.id, status: 'offline' })
        continue
      }
      const sync = new MailboxSync({
        db: core.db,
        mailbox,
        secrets: this.o.secrets,
        clock: core.clock,
        log: core.log,
        parser: this.parser,
        onChange: ({ tables, ticketIds }) =>
          core.events.emit('db:changed', { tables, ...(ticketIds ? { ticketIds } : {}) }),
      })
      this.syncs.push(sync)
      const watcher = new MailboxWatcher(sync, mailbox.folders, {
        ...this.o.watch,
        log: core.log,
        onSynced: (result) =>
          core.events.emit('mail:synced', {
            mailboxId: mailbox.id,
            newMessages: result.folders.reduce((n, f) => n + f.newMessages, 0),
            tickets: result.tickets,
          }),
        onStatus: (status) => {
          this.connection.set(mailbox.id, status)
          core.events.emit('mail:connection', { mailboxId: mailbox.id, status })
          // Back online: what was queued while away goes out now.
          if (status === 'online') void this.drain()
        },
      })
      this.watchers.set(mailbox.id, watcher)
      void watcher.start()
    }
  }

  /** Stops the watchers (logging out), waits for a drain in flight, frees the parsers. */
  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    this.unsubscribe?.()
    this.unsubscribe = null
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    await Promise.all([...this.watchers.values()].map((w) => w.stop()))
    this.watchers.clear()
    this.connection.clear()
    await this.draining
    this.syncs = []
    await this.parser?.close()
    this.parser = null
  }

  /** Whether any watched mailbox is connected (the outbox only drains then). */
  online(): boolean {
    return [...this.connection.values()].includes('online')
  }

  /**
   * Drain the outbox now if online. One drain at a time; a request that arrives during a
   * drain runs another right after it (the reply queued meanwhile may have been missed).
   */
  drain(): Promise<void> {
    if (!this.running || !this.online()) return Promise.resolve()
    if (this.draining) {
      this.drainAgain = true
      return this.draining
    }
    this.draining = (async () => {
      do {
        this.drainAgain = false
        await this.drainOnce()
      } while (this.drainAgain && this.running)
    })().finally(() => {
      this.draining = null
    })
    return this.draining
  }

  /** The reason a secret cannot be read (without its value), or null when it can. */
  private missingSecret(ref: string): string | null {
    try {
      this.o.secrets.get(ref)
      return null
    } catch (error) {
      return (error as Error).message
    }
  }

  private async drainOnce(): Promise<void> {
    // A reply whose mailbox cannot send yet (no SMTP settings or password) stays queued with
    // the reason: the outbox checks that before it marks anything `sending`.
    const before = new Map(this.outbox.list().map((r) => [r.id, r.state]))
    try {
      const result = await this.outbox.drain()
      if (result.sent || result.failed || result.unknown || result.retried)
        this.o.core.log.info('outbox drained', { ...result })
    } catch (error) {
      this.o.core.log.warn('outbox drain failed', { error: (error as Error).message })
    }
    this.announce(before)
    this.scheduleRetry()
  }

  /** One `mail:outboxChanged` per reply whose state moved, then `db:changed` once. */
  private announce(before: Map<string, OutboxState>): void {
    const changed = this.outbox.list().filter((r) => before.get(r.id) !== r.state)
    if (changed.length === 0) return
    this.emitting = true
    try {
      for (const r of changed)
        this.o.core.events.emit('mail:outboxChanged', { id: r.id, state: r.state })
      this.o.core.events.emit('db:changed', { tables: ['mail_outbox'] })
    } finally {
      this.emitting = false
    }
  }

  /** A reply waiting for its retry time (4xx, offline) is drained when that time comes. */
  private scheduleRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    if (!this.running) return
    const due = this.outbox
      .list()
      .filter((r) => r.state === 'queued' && r.nextAttemptAt !== null)
      .map((r) => Date.parse(r.nextAttemptAt as string))
    if (due.length === 0) return
    const wait = Math.max(0, Math.min(...due) - this.o.core.clock.now().getTime())
    this.retryTimer = setTimeout(() => void this.drain(), Math.min(wait + 50, 3_600_000))
    this.retryTimer.unref()
  }
}
