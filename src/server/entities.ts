/**
 * What clients receive for each entity: the row without server bookkeeping
 * (`fieldVersions`), dates as ISO strings. Used for pull changes, snapshots, reads, the
 * audit's before/after and the outbound feed.
 */
import type { EntityType } from '../shared/sync/protocol'
import { changes } from './db/schema'
import type { Tx } from './db/store'

export function publicRow(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(row)) {
    if (k === 'fieldVersions' || k === 'tokenHash') continue
    out[k] = v instanceof Date ? v.toISOString() : v
  }
  return out
}

export function inventoryId(sku: string, warehouse: string): string {
  return `${sku}@${warehouse}`
}

/** Append one entity's new state to the change log clients pull from. */
export async function recordChange(
  tx: Tx,
  entity: EntityType,
  entityId: string,
  accountId: string | null,
  row: { version: number } & object,
): Promise<void> {
  await tx
    .insert(changes)
    .values({ entity, entityId, accountId, version: row.version, data: publicRow(row) })
}
