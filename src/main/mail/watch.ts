import type { ImapFlow } from 'imapflow'
import type { Logger } from '../core/logger'
import type { MailboxSync, SyncResult } from './sync'

export interface WatchOptions {
  log: Logger
  /** Folder kept selected in IDLE (RFC 2177); the others are re-synced at each heartbeat. */
  idleFolder?: string
  /** NOOP interval: IDLE can die silently (NAT timeouts), a NOOP that does not answer proves it. */
  heartbeatMs?: number
  /** Reconnect backoff: base·2^attempt, capped, times a jitter in [0.5, 1.5). */
  backoffBaseMs?: number
  backoffMaxMs?: number
  random?: () => number
  /** After every committed sync pass (the UI re-reads tickets). */
  onSynced?: (result: SyncResult) => void
  onStatus?: (status: 'connecting' | 'online' | 'offline') => void
}

/**
 * Keeps one mailbox in sync: a full pass on connect, then IDLE on INBOX and an incremental
 * pass for each EXISTS/EXPUNGE/FETCH the server pushes. On any failure the client is dropped
 * and a new ImapFlow is built after a backoff with jitter (so a fleet of clients does not
 * reconnect in lockstep after a server restart).
 */
export class MailboxWatcher {
  private stopped = false
  private current: ImapFlow | null = null
  private wake: (() => void) | null = null
  private readonly done: Promise<void>
  private resolveDone: () => void = () => {}

  constructor(
    private readonly sync: MailboxSync,
    private readonly folders: string[],
    private readonly o: WatchOptions,
  ) {
    this.done = new Promise((r) => (this.resolveDone = r))
  }

  start(): Promise<void> {
    void this.loop()
    return this.done
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.wake?.()
    const c = this.current
    if (c) await c.logout().catch(() => c.close())
    await this.done
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null
        resolve()
      }, ms)
      this.wake = () => {
        clearTimeout(timer)
        this.wake = null
        resolve()
      }
    })
  }

  private async loop(): Promise<void> {
    let attempt = 0
    const idleFolder = this.o.idleFolder ?? this.folders[0] ?? 'INBOX'
    while (!this.stopped) {
      this.o.onStatus?.('connecting')
      const client = this.sync.newClient({ autoIdleDelay: 50 })
      this.current = client
      try {
        await client.connect()
        const first = await this.sync.syncWith(client, this.folders)
        this.o.onSynced?.(first)
        attempt = 0
        this.o.onStatus?.('online')
        await this.watch(client, idleFolder)
      } catch (error) {
        if (!this.stopped) this.o.log.warn('mail watch failed', { error: (error as Error).message })
      } finally {
        this.current = null
        client.close()
      }
      if (this.stopped) break
      this.o.onStatus?.('offline')
      const base = this.o.backoffBaseMs ?? 1000
      const delay =
        Math.min(base * 2 ** attempt, this.o.backoffMaxMs ?? 60_000) *
        (0.5 + (this.o.random ?? Math.random)())
      attempt = Math.min(attempt + 1, 16)
      await this.sleep(delay)
    }
    this.resolveDone()
  }

  /** Runs until the connection closes or stop() is called. */
  private async watch(client: ImapFlow, idleFolder: string): Promise<void> {
    let dirty = false
    let closed = false
    const poke = () => {
      dirty = true
      this.wake?.()
    }
    client.on('exists', poke)
    client.on('expunge', poke)
    client.on('flags', poke)
    client.on('close', () => {
      closed = true
      this.wake?.()
    })
    // Select the folder outside any lock: imapflow enters IDLE on it after autoIdleDelay.
    await client.mailboxOpen(idleFolder)
    let nextBeat = Date.now() + (this.o.heartbeatMs ?? 60_000)
    while (!this.stopped && !closed) {
      if (dirty) {
        dirty = false
        const result = await this.sync.syncWith(client, [idleFolder])
        this.o.onSynced?.(result)
        continue
      }
      const wait = nextBeat - Date.now()
      if (wait > 0) {
        await this.sleep(wait)
        continue
      }
      nextBeat = Date.now() + (this.o.heartbeatMs ?? 60_000)
      const alive = await Promise.race([
        client.noop().then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((r) => setTimeout(() => r(false), 15_000).unref()),
      ])
      if (!alive) throw new Error('heartbeat failed')
      // Every folder, INBOX included: re-selecting INBOX after the others reports its new
      // EXISTS count as part of SELECT, not as an event, so IDLE alone would miss that mail.
      // (Computed first: `f?.(await x)` would skip the sync itself when no listener is set.)
      const result = await this.sync.syncWith(client, this.folders)
      this.o.onSynced?.(result)
      await client.mailboxOpen(idleFolder)
    }
  }
}
