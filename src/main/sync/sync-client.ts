import { randomBytes } from 'node:crypto'
import { and, asc, eq, inArray, isNotNull, notInArray, sql } from 'drizzle-orm'
import type { Clock } from '../../shared/clock'
import type { OutboxEntryInfo, SyncStatusInfo } from '../../shared/contract/sync'
import { KontorError, type ErrorInfo } from '../../shared/errors'
import { LIMITS } from '../../shared/sync/limits'
import { mutationSchema, type Mutation, type MutationName } from '../../shared/sync/mutations'
import type { Change, MutationResult, PullResponse } from '../../shared/sync/protocol'
import { entityAccountId, mutationTarget } from '../../shared/sync/targets'
import type { DbHandle } from '../db/open'
import { silentLogger, type Logger } from '../core/logger'
import { replicaEntities, syncOutbox, syncState } from './schema'
import { ServerApi, type FetchLike, type ServerConnection } from './server-api'

/** Where sync stands (the contract's status, less `configured`, which the core adds). */
export type SyncStatus = Omit<SyncStatusInfo, 'configured'>
export type SyncState = SyncStatus['state']
/** A change made here, as the UI lists it. */
export type OutboxEntry = OutboxEntryInfo

export interface SyncClientOptions {
  handle: DbHandle
  clock: Clock
  connection: ServerConnection
  fetch?: FetchLike
  log?: Logger
  /** Called after local tables changed (the core turns it into `db:changed`). */
  onChanged?: (tables: string[]) => void
  onStatus?: (status: SyncStatus) => void
  /** Mutations per push request (the server's limit is LIMITS.MAX_PUSH_BATCH). */
  batchSize?: number
  pullPage?: number
}

const KEY_CLIENT_ID = 'clientId'
const KEY_CURSOR = 'cursor'
const KEY_LAST_SYNC = 'lastSyncAt'
/** The signed-in agent's id ("my tickets"); read by the console's queue service. */
const KEY_AGENT_ID = 'agentId'
/** Fingerprint of the directory (agents, teams) held in the replica, as the server sent it. */
const KEY_DIRECTORY = 'directoryDigest'
/** Replica entities that belong to the directory rather than to an account. */
const DIRECTORY_ENTITIES = ['agent', 'team'] as const

/**
 * Offline-first sync with the server (push the outbox, pull the scope).
 *
 * Invariants:
 * - a local change and its outbox row commit together (`enqueue` runs inside the caller's
 *   transaction when there is one: better-sqlite3 nests it as a savepoint);
 * - the outbox row id is the mutation id: pushing it again after a crash is harmless, the
 *   server returns what it recorded ("nothing applied twice");
 * - the pull cursor advances in the same transaction as the rows it covers ("nothing lost");
 * - the replica holds only server-confirmed data: a rejected change needs no local undo,
 *   it is shown to the agent with the server's reason (and both values for a conflict).
 */
export class SyncClient {
  private readonly api: ServerApi
  private readonly log: Logger
  private status_: SyncStatus
  private running: Promise<unknown> | null = null
  private loop: { stop: () => void } | null = null
  private signedIn = false

  constructor(private readonly options: SyncClientOptions) {
    this.api = new ServerApi(options.connection, options.fetch)
    this.log = options.log ?? silentLogger
    this.status_ = {
      state: 'idle',
      pending: 0,
      rejected: 0,
      lastSyncAt: this.getState(KEY_LAST_SYNC) ?? null,
      lastError: null,
    }
    this.refreshCounts()
  }

  private get db() {
    return this.options.handle.db
  }

  private getState(key: string): string | undefined {
    return this.db.select().from(syncState).where(eq(syncState.key, key)).get()?.value
  }

  private setState(key: string, value: string): void {
    this.db
      .insert(syncState)
      .values({ key, value })
      .onConflictDoUpdate({ target: syncState.key, set: { value } })
      .run()
  }

  /** A random id for this local store, made once; the server binds it to the agent. */
  clientId(): string {
    let id = this.getState(KEY_CLIENT_ID)
    if (!id) {
      id = randomBytes(16).toString('base64url')
      this.setState(KEY_CLIENT_ID, id)
    }
    return id
  }

  /** The signed-in agent's id, known after the first sync asked the server; null before. */
  agentId(): string | null {
    return this.getState(KEY_AGENT_ID) ?? null
  }

  status(): SyncStatus {
    return { ...this.status_ }
  }

  private setStatus(patch: Partial<SyncStatus>): void {
    this.status_ = { ...this.status_, ...patch }
    this.options.onStatus?.(this.status())
  }

  private refreshCounts(): void {
    const rows = this.db
      .select({ status: syncOutbox.status, n: sql<number>`count(*)` })
      .from(syncOutbox)
      .where(inArray(syncOutbox.status, ['pending', 'rejected']))
      .groupBy(syncOutbox.status)
      .all()
    this.status_.pending = rows.find((r) => r.status === 'pending')?.n ?? 0
    this.status_.rejected = rows.find((r) => r.status === 'rejected')?.n ?? 0
  }

  /**
   * Queue a change for the server. Validates with the shared schema first (a malformed
   * change never enters the outbox). Call inside the transaction of the local write it
   * belongs to, if any.
   */
  enqueue(input: { name: MutationName; args: unknown; baseVersion?: number }): { id: number } {
    // Validate with a placeholder id: the real id is the row id assigned below.
    const parsed = mutationSchema.safeParse({ id: 1, ...input })
    if (!parsed.success) {
      throw new KontorError(
        'E_INVALID_INPUT',
        `Invalid ${input.name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        parsed.error.issues.map((i) => ({
          path: i.path.map(String).join('.'),
          message: i.message,
        })),
      )
    }
    const target = mutationTarget(parsed.data)
    const row = this.options.handle.sqlite.transaction(() =>
      this.db
        .insert(syncOutbox)
        .values({
          name: parsed.data.name,
          entity: target.entity,
          entityId: target.id,
          args: JSON.stringify(parsed.data.args),
          baseVersion: parsed.data.baseVersion ?? null,
          status: 'pending',
          createdAt: this.options.clock.now().toISOString(),
        })
        .returning({ id: syncOutbox.id })
        .get(),
    )()
    this.refreshCounts()
    this.options.onChanged?.(['sync_outbox'])
    this.options.onStatus?.(this.status())
    return { id: row.id }
  }

  /** Changes made here, newest first (pending and rejected ones are what the agent acts on). */
  outbox(filter: { status?: OutboxEntry['status']; limit?: number } = {}): OutboxEntry[] {
    const rows = this.db
      .select()
      .from(syncOutbox)
      .where(filter.status ? eq(syncOutbox.status, filter.status) : undefined)
      .orderBy(sql`${syncOutbox.id} desc`)
      .limit(filter.limit ?? 200)
      .all()
    return rows.map((r) => ({
      id: r.id,
      name: r.name as MutationName,
      entity: r.entity,
      entityId: r.entityId,
      args: JSON.parse(r.args) as Record<string, unknown>,
      status: r.status as OutboxEntry['status'],
      error: r.error ? (JSON.parse(r.error) as OutboxEntry['error']) : null,
      createdAt: r.createdAt,
      settledAt: r.settledAt,
    }))
  }

  /** Dismiss a rejected change once the agent has seen why. */
  dismiss(id: number): void {
    this.db
      .delete(syncOutbox)
      .where(and(eq(syncOutbox.id, id), eq(syncOutbox.status, 'rejected')))
      .run()
    this.refreshCounts()
    this.options.onChanged?.(['sync_outbox'])
  }

  /** Push every pending change, in id order, in batches. */
  async push(): Promise<{ applied: number; rejected: number }> {
    let applied = 0
    let rejected = 0
    const batchSize = Math.min(this.options.batchSize ?? 50, LIMITS.MAX_PUSH_BATCH)
    let after = 0
    for (;;) {
      const rows = this.db
        .select()
        .from(syncOutbox)
        .where(and(eq(syncOutbox.status, 'pending'), sql`${syncOutbox.id} > ${after}`))
        .orderBy(asc(syncOutbox.id))
        .limit(batchSize)
        .all()
      if (rows.length === 0) break
      after = rows[rows.length - 1]?.id ?? after
      const mutations = rows.map(
        (r) =>
          ({
            id: r.id,
            name: r.name,
            args: JSON.parse(r.args) as unknown,
            ...(r.baseVersion != null ? { baseVersion: r.baseVersion } : {}),
          }) as Mutation,
      )
      const byId = await this.pushBatch(mutations)
      const settledAt = this.options.clock.now().toISOString()
      this.options.handle.sqlite.transaction(() => {
        for (const row of rows) {
          const result = byId.get(row.id)
          if (!result) continue // not answered in this batch: stays pending, pushed again
          if (result.status === 'applied') {
            applied++
            this.db
              .update(syncOutbox)
              .set({
                status: 'applied',
                appliedVersion: result.version ?? null,
                settledAt,
                error: null,
              })
              .where(eq(syncOutbox.id, row.id))
              .run()
          } else {
            rejected++
            this.db
              .update(syncOutbox)
              .set({
                status: 'rejected',
                settledAt,
                error: JSON.stringify(result.error ?? { code: 'E_INTERNAL', message: 'rejected' }),
              })
              .where(eq(syncOutbox.id, row.id))
              .run()
          }
        }
      })()
      this.log.info('pushed', { count: rows.length, applied, rejected })
    }
    this.refreshCounts()
    if (applied + rejected > 0) this.options.onChanged?.(['sync_outbox'])
    return { applied, rejected }
  }

  /**
   * Push one batch. The server refuses a whole batch (400) when a mutation in it fails its
   * schema (e.g. after a server upgrade tightened one): split the batch to find the poison
   * and record just that one as rejected, so it never blocks the changes after it.
   */
  private async pushBatch(mutations: Mutation[]): Promise<Map<number, MutationResult>> {
    try {
      const response = await this.api.push({ clientId: this.clientId(), mutations })
      return new Map(response.results.map((r) => [r.id, r]))
    } catch (error) {
      if (!(error instanceof KontorError) || error.code !== 'E_INVALID_INPUT') throw error
      if (mutations.length === 1) {
        const only = mutations[0] as Mutation
        return new Map([[only.id, { id: only.id, status: 'rejected', error: error.toInfo() }]])
      }
      const half = Math.ceil(mutations.length / 2)
      const left = await this.pushBatch(mutations.slice(0, half))
      const right = await this.pushBatch(mutations.slice(half))
      return new Map([...left, ...right])
    }
  }

  /** Pull every page of changes in scope since the cursor. */
  async pull(): Promise<{ changes: number; removedAccounts: number }> {
    let total = 0
    let removed = 0
    const touched = new Set<string>()
    for (let page = 0; page < 10_000; page++) {
      const cursor = this.getState(KEY_CURSOR) ?? '0'
      const directory = this.getState(KEY_DIRECTORY)
      const response = await this.api.pull({
        clientId: this.clientId(),
        cursor,
        limit: this.options.pullPage ?? LIMITS.DEFAULT_PULL_PAGE,
        ...(directory ? { directory } : {}),
      })
      removed += this.applyPage(response)
      total += response.changes.length
      for (const c of response.changes) touched.add(c.entity)
      if (!response.hasMore) break
    }
    // Applied changes older than the newest pull are now part of the replica: drop their outbox rows.
    this.db.delete(syncOutbox).where(eq(syncOutbox.status, 'applied')).run()
    // Accounts that left the agent's scope took their contacts with them.
    if (removed > 0) touched.add('account').add('contact')
    if (total > 0 || removed > 0)
      this.options.onChanged?.(['replica_entities', ...[...touched].map((e) => `replica:${e}`)])
    return { changes: total, removedAccounts: removed }
  }

  /** One page: scope removal, upserts and the new cursor commit together. */
  private applyPage(response: PullResponse): number {
    const pulledAt = this.options.clock.now().toISOString()
    let removed = 0
    this.options.handle.sqlite.transaction(() => {
      if (response.removedAccounts.length > 0) {
        removed += this.db
          .delete(replicaEntities)
          .where(inArray(replicaEntities.accountId, response.removedAccounts))
          .run().changes
      }
      // Anything of an account no longer in scope goes (revocation, re-assignment).
      removed += this.db
        .delete(replicaEntities)
        .where(
          and(
            isNotNull(replicaEntities.accountId),
            response.scope.length
              ? notInArray(replicaEntities.accountId, response.scope)
              : undefined,
          ),
        )
        .run().changes
      for (const change of response.changes) this.upsert(change, pulledAt)
      if (response.directory) {
        // The directory comes whole: agents and teams not listed left the caller's view
        // (revoked, moved team, their account left the scope).
        const keep = { agent: response.directory.agents, team: response.directory.teams }
        for (const entity of DIRECTORY_ENTITIES)
          removed += this.db
            .delete(replicaEntities)
            .where(
              and(
                eq(replicaEntities.entity, entity),
                keep[entity].length ? notInArray(replicaEntities.id, keep[entity]) : undefined,
              ),
            )
            .run().changes
        this.setState(KEY_DIRECTORY, response.directory.digest)
      }
      this.setState(KEY_CURSOR, response.cursor)
    })()
    return removed
  }

  private upsert(change: Change, pulledAt: string): void {
    const accountId = entityAccountId(change.entity, change.id, change.data)
    const data = JSON.stringify(change.data)
    // A snapshot and a change can overlap: keep the newer version only.
    this.db
      .insert(replicaEntities)
      .values({
        entity: change.entity,
        id: change.id,
        accountId,
        version: change.version,
        data,
        pulledAt,
      })
      .onConflictDoUpdate({
        target: [replicaEntities.entity, replicaEntities.id],
        set: { accountId, version: change.version, data, pulledAt },
        setWhere: sql`excluded.version > ${replicaEntities.version}`,
      })
      .run()
  }

  /** Push, then pull. Offline is a state, not an error: the status says so and the outbox waits. */
  async syncOnce(): Promise<SyncStatus> {
    if (this.running) {
      await this.running
      return this.status()
    }
    const run = (async () => {
      this.setStatus({ state: 'syncing' })
      try {
        // Who the token belongs to, asked once per connection (not once per store): a
        // store whose token was replaced must not keep the previous agent's "my tickets".
        if (!this.signedIn) {
          this.setState(KEY_AGENT_ID, (await this.api.me()).id)
          this.signedIn = true
        }
        await this.push()
        await this.pull()
        const at = this.options.clock.now().toISOString()
        this.setState(KEY_LAST_SYNC, at)
        this.refreshCounts()
        this.setStatus({ state: 'idle', lastSyncAt: at, lastError: null })
      } catch (error) {
        const info: ErrorInfo =
          error instanceof KontorError
            ? error.toInfo()
            : { code: 'E_INTERNAL', message: (error as Error).message }
        this.refreshCounts()
        this.setStatus({ state: info.code === 'E_OFFLINE' ? 'offline' : 'error', lastError: info })
        this.log.warn('sync failed', { code: info.code })
      }
    })()
    this.running = run
    try {
      await run
    } finally {
      this.running = null
    }
    return this.status()
  }

  /**
   * Keep syncing: after every change of our own, on every server poke, and every
   * `intervalMs` as a heartbeat; back off with jitter while offline.
   */
  start(options: { intervalMs?: number; maxBackoffMs?: number; random?: () => number } = {}): void {
    if (this.loop) return
    const interval = options.intervalMs ?? 30_000
    const maxBackoff = options.maxBackoffMs ?? 60_000
    const random = options.random ?? Math.random
    let stopped = false
    let timer: NodeJS.Timeout | null = null
    let wake: (() => void) | null = null
    const abort = new AbortController()
    let failures = 0

    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        wake = resolve
        timer = setTimeout(resolve, ms)
      })

    const listen = async () => {
      while (!stopped) {
        try {
          await this.api.listen(() => wake?.(), abort.signal)
        } catch {
          // offline or refused: the main loop's backoff covers it
        }
        if (!stopped)
          await new Promise((r) =>
            setTimeout(r, Math.min(maxBackoff, 1000 * 2 ** Math.min(failures, 6))),
          )
      }
    }

    const run = async () => {
      while (!stopped) {
        const status = await this.syncOnce()
        failures = status.state === 'offline' || status.state === 'error' ? failures + 1 : 0
        const delay =
          failures === 0
            ? interval
            : Math.min(maxBackoff, 500 * 2 ** Math.min(failures, 10)) * (0.5 + random() / 2)
        await sleep(delay)
      }
    }

    void listen()
    void run()
    this.loop = {
      stop: () => {
        stopped = true
        abort.abort()
        if (timer) clearTimeout(timer)
        wake?.()
      },
    }
  }

  /** Sync soon (after a local change); no-op when the loop is not running. */
  nudge(): void {
    if (!this.loop) return
    void this.syncOnce()
  }

  stop(): void {
    this.loop?.stop()
    this.loop = null
  }
}
