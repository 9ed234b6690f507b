/**
 * Push and pull (the protocol of src/shared/sync/protocol.ts).
 *
 * Push: each mutation runs in its own savepoint under the write lock: authoritative re-run,
 * audit row, change log, outbound feed and the mutation record commit together or not at
 * all. A rejection rolls that back and records the mutation as rejected, so it never blocks
 * the mutations after it, and pushing the same id again returns the recorded result
 * without applying anything.
 */
import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm'
import { KontorError } from '../shared/errors'
import { LIMITS } from '../shared/sync/limits'
import type { Mutation } from '../shared/sync/mutations'
import type {
  Change,
  EntityType,
  MutationResult,
  PullResponse,
  PushResponse,
} from '../shared/sync/protocol'
import { appendAudit } from './audit'
import type { Caller } from './auth'
import {
  accounts,
  changes,
  contacts,
  inventory,
  invoices,
  mutations,
  orders,
  quotes,
  syncClients,
  tickets,
  triageTickets,
} from './db/schema'
import { lockWrites, type Queryable, type ServerDb } from './db/store'
import { directoryChanges, visibleDirectory } from './directory'
import { inventoryId, publicRow } from './entities'
import { applyMutation, queueOutbound, Rejection } from './mutate'
import { scopeAccountIds } from './scope'

/** Bind a client id to its agent on first use; another agent's client id is refused. */
async function clientRow(db: Queryable, caller: Caller, clientId: string, now: Date) {
  await db
    .insert(syncClients)
    .values({ clientId, agentId: caller.id, updatedAt: now })
    .onConflictDoNothing()
  const [row] = await db.select().from(syncClients).where(eq(syncClients.clientId, clientId))
  if (!row || row.agentId !== caller.id)
    throw new KontorError('E_FORBIDDEN', 'this client id belongs to another agent')
  return row
}

export interface PushOutcome extends PushResponse {
  /** Account ids whose data changed (for pokes); '*' when data of no account changed (Triage). */
  touchedAccounts: string[] | '*'
}

export async function push(
  db: ServerDb,
  caller: Caller,
  clientId: string,
  batch: Mutation[],
  now: () => Date,
): Promise<PushOutcome> {
  await clientRow(db, caller, clientId, now())
  // Scope is read once per request: a re-assignment applies from the next request on.
  const scope = await scopeAccountIds(db, caller)
  const touched = new Set<string>()
  let touchedAll = false
  /*
   * One transaction per batch, under the write lock, with a savepoint per mutation: each
   * mutation commits with its audit row, change-log rows, outbound row and mutation record,
   * or (rejected) rolls back to its savepoint and is recorded as rejected. One commit per
   * batch instead of one per mutation; a crash before it loses the whole batch, which the
   * client then pushes again (ids already recorded are skipped).
   */
  return db.transaction(async (tx) => {
    await lockWrites(tx)
    const ids = batch.map((m) => m.id)
    const recorded = await tx
      .select({ id: mutations.mutationId, result: mutations.result })
      .from(mutations)
      .where(and(eq(mutations.clientId, clientId), inArray(mutations.mutationId, ids)))
    const seen = new Map<number, MutationResult>(
      recorded.map((r) => [r.id, r.result as unknown as MutationResult]),
    )
    let chainHead: string | undefined
    const results: MutationResult[] = []
    for (const m of batch) {
      const known = seen.get(m.id)
      if (known) {
        results.push({ ...known, duplicate: true })
        continue
      }
      const at = now()
      let result: MutationResult
      try {
        const out = await tx.transaction(async (sp) => {
          const ctx = { tx: sp, caller, scope, now: at }
          const { applied, outboundAction } = await applyMutation(ctx, m)
          if (outboundAction) await queueOutbound(ctx, applied, outboundAction)
          const ok: MutationResult = { id: m.id, status: 'applied', version: applied.version }
          await sp.insert(mutations).values({
            clientId,
            mutationId: m.id,
            agentId: caller.id,
            name: m.name,
            status: 'applied',
            result: { ...ok },
            at,
          })
          const hash = await appendAudit(
            sp,
            {
              at,
              actorId: caller.id,
              accountId: applied.accountId,
              entity: applied.entity,
              entityId: applied.entityId,
              action: m.name,
              clientId,
              mutationId: m.id,
              before: applied.before,
              after: applied.after,
            },
            chainHead,
          )
          return { ok, hash, accountId: applied.accountId }
        })
        // Only a committed savepoint moves the chain head.
        chainHead = out.hash
        if (out.accountId === null) touchedAll = true
        else touched.add(out.accountId)
        result = out.ok
      } catch (error) {
        if (!(error instanceof Rejection)) throw error
        result = {
          id: m.id,
          status: 'rejected',
          error: {
            code: error.code,
            message: error.message,
            ...(error.conflict ? { conflict: error.conflict } : {}),
          },
        }
        await tx.insert(mutations).values({
          clientId,
          mutationId: m.id,
          agentId: caller.id,
          name: m.name,
          status: 'rejected',
          errorCode: error.code,
          result: { ...result },
          at,
        })
      }
      seen.set(m.id, result)
      results.push(result)
    }
    const maxId = Math.max(...ids)
    const [row] = await tx
      .update(syncClients)
      .set({
        lastMutationId: sql`greatest(${syncClients.lastMutationId}, ${maxId})`,
        updatedAt: now(),
      })
      .where(eq(syncClients.clientId, clientId))
      .returning({ last: syncClients.lastMutationId })
    return {
      lastMutationId: row?.last ?? 0,
      results,
      touchedAccounts: touchedAll ? '*' : [...touched],
    }
  })
}

async function snapshotAccounts(db: Queryable, ids: string[]): Promise<Change[]> {
  if (ids.length === 0) return []
  const out: Change[] = []
  const add = (entity: EntityType, id: string, row: { version: number } & object) =>
    out.push({ entity, id, version: row.version, data: publicRow(row) })
  for (const r of await db.select().from(accounts).where(inArray(accounts.id, ids)))
    add('account', r.id, r)
  for (const r of await db.select().from(contacts).where(inArray(contacts.accountId, ids)))
    add('contact', r.id, r)
  for (const r of await db.select().from(orders).where(inArray(orders.accountId, ids)))
    add('order', r.id, r)
  for (const r of await db.select().from(quotes).where(inArray(quotes.accountId, ids)))
    add('quote', r.id, r)
  for (const r of await db.select().from(invoices).where(inArray(invoices.accountId, ids)))
    add('invoice', r.id, r)
  for (const r of await db.select().from(tickets).where(inArray(tickets.accountId, ids)))
    add('ticket', r.id, r)
  return out
}

/**
 * Pull: changes after `cursor` within the caller's current scope, plus the full state of
 * accounts that entered the scope (a snapshot, in pages of MAX_SNAPSHOT_ACCOUNTS), plus
 * the whole scope so the client can drop anything outside it. A fresh replica (cursor
 * "0") gets snapshots and stock instead of the history.
 *
 * Changes and snapshots can overlap; each carries the entity version, and the client keeps
 * the newest.
 */
export async function pull(
  db: ServerDb,
  caller: Caller,
  clientId: string,
  cursor: string,
  limit: number,
  now: Date,
  /** The directory digest the client holds (resent only when it differs). */
  directoryDigest?: string,
): Promise<PullResponse> {
  await clientRow(db, caller, clientId, now)
  // Two pulls of one client at once can collide on its row under REPEATABLE READ
  // (serialization failure, SQLSTATE 40001): the loser simply runs again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await pullOnce(db, caller, clientId, cursor, limit, now, directoryDigest)
    } catch (error) {
      const code =
        (error as { code?: string; cause?: { code?: string } }).code ??
        (error as { cause?: { code?: string } }).cause?.code
      if (code !== '40001' || attempt >= 3) throw error
    }
  }
}

async function pullOnce(
  db: ServerDb,
  caller: Caller,
  clientId: string,
  cursor: string,
  limit: number,
  now: Date,
  directoryDigest: string | undefined,
): Promise<PullResponse> {
  return db.transaction(
    async (tx) => {
      const client = await clientRow(tx, caller, clientId, now)
      const scope = await scopeAccountIds(tx, caller)
      const fresh = cursor === '0'
      const held = new Set(fresh ? [] : client.scope)
      const removedAccounts = [...held].filter((id) => !scope.has(id)).sort()
      const kept = [...held].filter((id) => scope.has(id))
      const missing = [...scope].filter((id) => !held.has(id)).sort()
      const addedNow = missing.slice(0, LIMITS.MAX_SNAPSHOT_ACCOUNTS)
      const [high] = await tx
        .select({ seq: sql<string>`coalesce(max(${changes.seq}), 0)::text` })
        .from(changes)
      const highSeq = Number(high?.seq ?? 0)

      // The directory follows the scope read above (reps and assignees of accounts in it).
      const directory = await visibleDirectory(tx, caller, scope)
      const sendDirectory = directory.digest !== directoryDigest
      const dir = sendDirectory ? directoryChanges(directory) : null

      const out: Change[] = [...(dir?.changes ?? []), ...(await snapshotAccounts(tx, addedNow))]
      let next = fresh ? highSeq : Number(cursor)
      let moreChanges = false
      if (fresh) {
        for (const r of await tx.select().from(inventory))
          out.push({
            entity: 'inventory',
            id: inventoryId(r.sku, r.warehouse),
            version: r.version,
            data: publicRow(r),
          })
        // Triage state belongs to no account: every agent's client holds all of it.
        for (const r of await tx.select().from(triageTickets))
          out.push({ entity: 'triage', id: r.id, version: r.version, data: publicRow(r) })
      } else {
        const accountFilter =
          kept.length > 0
            ? or(isNull(changes.accountId), inArray(changes.accountId, kept))
            : isNull(changes.accountId)
        const page = await tx
          .select()
          .from(changes)
          .where(
            and(gt(changes.seq, Number(cursor)), sql`${changes.seq} <= ${highSeq}`, accountFilter),
          )
          .orderBy(asc(changes.seq))
          .limit(limit + 1)
        moreChanges = page.length > limit
        for (const c of page.slice(0, limit))
          out.push({
            entity: c.entity as EntityType,
            id: c.entityId,
            version: c.version,
            data: c.data,
          })
        next = moreChanges ? (page[limit - 1]?.seq ?? highSeq) : highSeq
      }
      const nowHeld = [...kept, ...addedNow].sort()
      await tx
        .update(syncClients)
        .set({ scope: nowHeld, updatedAt: now })
        .where(eq(syncClients.clientId, clientId))
      return {
        cursor: String(next),
        hasMore: moreChanges || missing.length > addedNow.length,
        lastMutationId: client.lastMutationId,
        scope: [...scope].sort(),
        removedAccounts,
        changes: out,
        ...(dir ? { directory: dir.info } : {}),
      }
    },
    { isolationLevel: 'repeatable read' },
  )
}
