/**
 * The client's side of server sync: a replica of the agent's scope, the outbox of changes
 * made here, and the sync cursor. Server data is stored as received (JSON per entity and
 * version), so a new server field never needs a client migration to be kept.
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** Small sync facts: client id, pull cursor, last sync time. */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

/** Server-confirmed data in the caller's scope, one row per entity, newest version only. */
export const replicaEntities = sqliteTable(
  'replica_entities',
  {
    entity: text('entity').notNull(),
    id: text('id').notNull(),
    /** The owning account (null for agents, teams and stock, which are not account data). */
    accountId: text('account_id'),
    version: integer('version').notNull(),
    /** The entity as the server sent it (JSON). */
    data: text('data').notNull(),
    pulledAt: text('pulled_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.entity, t.id] }),
    index('replica_entities_account').on(t.accountId, t.entity),
  ],
)

/**
 * Changes made here that must reach the server. The row id IS the mutation id the server
 * deduplicates on (increasing per client), so a crash between the server's commit and ours
 * is healed by pushing the same id again: the server answers with its recorded result.
 */
export const syncOutbox = sqliteTable(
  'sync_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    args: text('args').notNull(),
    baseVersion: integer('base_version'),
    /** 'pending' → 'applied' | 'rejected'. */
    status: text('status').notNull(),
    /** For rejected changes: `{ code, message, conflict? }` as the server recorded it. */
    error: text('error'),
    /** The entity's version after the server applied it. */
    appliedVersion: integer('applied_version'),
    createdAt: text('created_at').notNull(),
    settledAt: text('settled_at'),
  },
  (t) => [
    index('sync_outbox_status').on(t.status, t.id),
    index('sync_outbox_entity').on(t.entity, t.entityId),
  ],
)
