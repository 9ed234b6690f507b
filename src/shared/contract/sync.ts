import { z } from 'zod'
import type { ErrorInfo } from '../errors'
import { MUTATION_NAMES, type MutationName } from '../sync/mutations'
import { ENTITY_TYPES, type ConflictInfo } from '../sync/protocol'
import { call, event } from './define'

export interface SyncStatusInfo {
  /** Whether a sync server is configured for this workspace. */
  configured: boolean
  state: 'idle' | 'syncing' | 'offline' | 'error'
  pending: number
  rejected: number
  lastSyncAt: string | null
  lastError: ErrorInfo | null
}

export interface OutboxEntryInfo {
  id: number
  name: MutationName
  entity: string
  entityId: string
  /** What was asked, as queued (the mutation's arguments). */
  args: Record<string, unknown>
  status: 'pending' | 'applied' | 'rejected'
  error: (ErrorInfo & { conflict?: ConflictInfo }) | null
  createdAt: string
  settledAt: string | null
}

export interface ReplicaEntityInfo {
  entity: string
  id: string
  accountId: string | null
  version: number
  data: Record<string, unknown>
}

const mutationNameSchema = z.enum(MUTATION_NAMES as [MutationName, ...MutationName[]])

export const syncCalls = {
  /** Where sync stands: offline, pending and rejected changes. */
  'sync:status': call<SyncStatusInfo>()(z.object({}).strict()),
  /** Push and pull now (the agent pressed "sync", or came back online). */
  'sync:now': call<SyncStatusInfo>()(z.object({}).strict()),
  /**
   * Queue a change to tickets, quotes, orders or invoices. The arguments are validated
   * here against the shared mutation schemas, and again by the server.
   */
  'sync:mutate': call<{ id: number }>()(
    z
      .object({
        name: mutationNameSchema,
        args: z.record(z.string(), z.unknown()),
        baseVersion: z.number().int().min(0).optional(),
      })
      .strict(),
  ),
  /** Changes made here: pending ones, and rejected ones with the server's reason. */
  'sync:outbox': call<OutboxEntryInfo[]>()(
    z
      .object({
        status: z.enum(['pending', 'applied', 'rejected']).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
  ),
  /** The agent has read why a change was rejected. */
  'sync:dismiss': call<{ dismissed: true }>()(z.object({ id: z.number().int().min(1) }).strict()),
  /** Server data in scope: one account's entities of one kind (account pane). */
  'replica:list': call<ReplicaEntityInfo[]>()(
    z
      .object({
        entity: z.enum(ENTITY_TYPES),
        accountId: z.string().min(1).max(128).optional(),
        limit: z.number().int().min(1).max(5000).optional(),
      })
      .strict(),
  ),
}

export const syncEvents = {
  'sync:statusChanged': event<SyncStatusInfo>(),
}
