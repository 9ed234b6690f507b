/**
 * The audit log: one row per applied mutation (and per import batch), append-only (a
 * trigger refuses UPDATE/DELETE), chained by SHA-256: each row's hash covers its own
 * canonical content and the previous row's hash, so editing or removing any row breaks
 * every hash after it. Writers hold the store's write lock, so the chain has no forks.
 */
import { createHash } from 'node:crypto'
import { asc, desc, gt } from 'drizzle-orm'
import { audit } from './db/schema'
import type { Queryable, Tx } from './db/store'

export const GENESIS_HASH = '0'.repeat(64)

export interface AuditEntry {
  at: Date
  actorId: string
  accountId: string | null
  entity: string
  entityId: string
  action: string
  clientId: string | null
  mutationId: number | null
  before: unknown
  after: unknown
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']'
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonicalJson(v)).join(',') + '}'
}

export function auditHash(prevHash: string, entry: AuditEntry): string {
  const content = canonicalJson({ ...entry, at: entry.at.toISOString() })
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex')
}

/**
 * Append one row and return its hash. `prevHash` may be passed by a caller that holds the
 * write lock and already knows the chain head (a push batch); otherwise it is read.
 */
export async function appendAudit(tx: Tx, entry: AuditEntry, prevHash?: string): Promise<string> {
  let head = prevHash
  if (head === undefined) {
    const last = await tx.select({ hash: audit.hash }).from(audit).orderBy(desc(audit.seq)).limit(1)
    head = last[0]?.hash ?? GENESIS_HASH
  }
  // Round-trip the JSON values now so that what is hashed is exactly what is stored.
  const normal: AuditEntry = {
    ...entry,
    before: entry.before === undefined ? null : JSON.parse(JSON.stringify(entry.before)),
    after: entry.after === undefined ? null : JSON.parse(JSON.stringify(entry.after)),
  }
  const hash = auditHash(head, normal)
  await tx.insert(audit).values({ ...normal, prevHash: head, hash })
  return hash
}

export interface AuditVerification {
  ok: boolean
  rows: number
  /** The first row whose hash or link does not match. */
  brokenAt?: number
  reason?: string
}

/** Recompute the whole chain, in pages. */
export async function verifyAudit(db: Queryable): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH
  let after = 0
  let count = 0
  for (;;) {
    const page = await db
      .select()
      .from(audit)
      .where(gt(audit.seq, after))
      .orderBy(asc(audit.seq))
      .limit(1000)
    if (page.length === 0) return { ok: true, rows: count }
    for (const row of page) {
      if (row.prevHash !== prevHash)
        return { ok: false, rows: count, brokenAt: row.seq, reason: 'previous hash does not match' }
      const entry: AuditEntry = {
        at: row.at,
        actorId: row.actorId,
        accountId: row.accountId,
        entity: row.entity,
        entityId: row.entityId,
        action: row.action,
        clientId: row.clientId,
        mutationId: row.mutationId,
        before: row.before,
        after: row.after,
      }
      if (auditHash(prevHash, entry) !== row.hash)
        return {
          ok: false,
          rows: count,
          brokenAt: row.seq,
          reason: 'row content does not match its hash',
        }
      prevHash = row.hash
      after = row.seq
      count++
    }
  }
}
