import { z } from 'zod'
import type { ErrorCode } from '../errors'
import { LIMITS } from './limits'
import { mutationSchema } from './mutations'
import { idSchema } from './primitives'

/**
 * The push/pull protocol (shape after Replicache): the client pushes its outbox as
 * `(clientId, mutation id)`-keyed mutations, and pulls changes since an opaque cursor.
 */

/** A client install: random, stable across restarts, bound to one agent on first use. */
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 of A-Z a-z 0-9 _ -')

export const pushBodySchema = z.strictObject({
  clientId: clientIdSchema,
  mutations: z.array(mutationSchema).min(1).max(LIMITS.MAX_PUSH_BATCH),
})
export type PushBody = z.infer<typeof pushBodySchema>

export const MUTATION_STATUSES = ['applied', 'rejected'] as const

/** What the server recorded for one mutation (returned again, unchanged, when the id is pushed twice). */
export interface MutationResult {
  id: number
  status: (typeof MUTATION_STATUSES)[number]
  /** True when the id had already been recorded: nothing was applied this time. */
  duplicate?: boolean
  /** For rejected mutations. */
  error?: { code: ErrorCode; message: string; conflict?: ConflictInfo }
  /** The entity's version after an applied mutation. */
  version?: number
}

/** Both sides of a conflict: what the server holds now and what the client proposed. */
export interface ConflictInfo {
  entity: string
  entityId: string
  fields: string[]
  baseVersion: number | null
  serverVersion: number
  server: Record<string, unknown>
  client: Record<string, unknown>
}

export interface PushResponse {
  /** The highest mutation id the server has recorded for this client. */
  lastMutationId: number
  results: MutationResult[]
}

/** The cursor is opaque to clients: a decimal change sequence number (`"0"` for a fresh replica). */
export const cursorSchema = z.string().regex(/^\d{1,18}$/, 'a cursor returned by the server')

/** Fingerprint of the directory (agents and teams) a client holds, as the server sent it. */
export const directoryDigestSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a digest returned by the server')

export const pullBodySchema = z.strictObject({
  clientId: clientIdSchema,
  cursor: cursorSchema,
  limit: z.number().int().min(1).max(LIMITS.MAX_PULL_PAGE).optional(),
  /** The directory digest this client holds: the server resends the directory only when it differs. */
  directory: directoryDigestSchema.optional(),
})
export type PullBody = z.infer<typeof pullBodySchema>

export const ENTITY_TYPES = [
  'account',
  'contact',
  'order',
  'quote',
  'invoice',
  'inventory',
  'ticket',
  'agent',
  'team',
  /** A Triage ticket's state (closed without an account): shared by every agent, no account. */
  'triage',
] as const
export type EntityType = (typeof ENTITY_TYPES)[number]

export interface Change {
  entity: EntityType
  id: string
  /** Entity version: apply only if newer than the local copy (a snapshot and a change can overlap). */
  version: number
  data: Record<string, unknown>
}

/** An agent as clients see it (names for assignees, teammates to assign to): nothing secret. */
export interface AgentData {
  id: string
  name: string
  role: string
  teamId: string | null
}

export interface TeamData {
  id: string
  name: string
}

/**
 * The people a caller may see: themselves, their team's members and leads, the reps of
 * accounts in scope and the assignees of tickets in scope (everyone, for an admin). Sent
 * whole (its `agent` and `team` entities in `changes`) when the client's digest differs.
 */
export interface DirectoryInfo {
  /** Fingerprint of the visible agents and teams with their versions: send it with the next pull. */
  digest: string
  /** Every agent and team id the caller may see now: drop any other. */
  agents: string[]
  teams: string[]
}

export interface PullResponse {
  cursor: string
  /** More pages wait: pull again at once with the returned cursor. */
  hasMore: boolean
  lastMutationId: number
  /** Every account id the caller may see now: delete local data of any other account. */
  scope: string[]
  /** Accounts that left the caller's scope since the last pull of this client. */
  removedAccounts: string[]
  changes: Change[]
  /** Present when the directory differs from the client's digest. */
  directory?: DirectoryInfo
}

export const outboundQuerySchema = z.strictObject({
  after: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.MAX_PULL_PAGE).optional(),
})
export const outboundAckSchema = z.strictObject({ upTo: cursorSchema })

export const agentIdParam = z.strictObject({ id: idSchema })
