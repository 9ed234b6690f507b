import { z } from 'zod'
import type { ErrorInfo } from '../errors'
import type { MutationName } from '../sync/mutations'
import type { ConflictInfo } from '../sync/protocol'
import { idSchema } from '../sync/primitives'
import { call } from './define'

/** An agent of the directory the server lets this agent see (their team, reps, assignees). */
export interface AgentInfo {
  id: string
  name: string
  role: string
  teamId: string | null
  teamName: string | null
  /** The signed-in agent. */
  me: boolean
  /** In the signed-in agent's team (and not them). */
  teammate: boolean
}

export interface TeamInfo {
  id: string
  name: string
}

export interface OrderTypeInfo {
  id: string
  label: string
}

/** A change to the ticket made here that the server has not confirmed, or has rejected. */
export interface TicketChangeInfo {
  id: number
  name: MutationName
  args: Record<string, unknown>
  createdAt: string
  /** For rejected changes: the server's reason (and both sides of a conflict). */
  error: (ErrorInfo & { conflict?: ConflictInfo }) | null
}

/** A ticket's assignment, status and order type as the server confirmed them, and what waits. */
export interface TicketAssignmentInfo {
  ticketId: string
  accountId: string
  assigneeId: string | null
  /** From the directory; null when the assignee is not in it (shown by id). */
  assigneeName: string | null
  /** The server's status; `open` when a customer's message reopened a solved ticket. */
  status: string
  /**
   * When the customer's message that reopened a resolved or closed ticket came (ISO); null
   * when it was not reopened that way. The server still holds the solve until someone
   * resolves the ticket again or opens it.
   */
  reopenedAt: string | null
  pauseReason: string | null
  orderType: string | null
  /** The server's version of the ticket's metadata; 0 when it has none yet. */
  version: number
  /** The account's rep (from the account replica), with their name when in the directory. */
  rep: { id: string; name: string | null } | null
  pending: TicketChangeInfo[]
  rejected: TicketChangeInfo[]
}

export interface TeamMeInfo {
  /** Whether a sync server is configured (without one there is no team). */
  configured: boolean
  /** The signed-in agent; null until the first sync has asked the server who we are. */
  agent: AgentInfo | null
  team: TeamInfo | null
}

/** Calls for agents and teams, assignment and order types. */
export const teamCalls = {
  /** The signed-in agent and their team. */
  'team:me': call<TeamMeInfo>()(z.object({}).strict()),
  /** The agents this agent may assign to (the pulled directory), the signed-in one first. */
  'team:agents': call<AgentInfo[]>()(z.object({}).strict()),
  /** The order types offered for tickets: the configured list, else the B2B defaults. */
  'team:orderTypes': call<OrderTypeInfo[]>()(z.object({}).strict()),
  /** One ticket's confirmed assignment, status and order type, and its pending or rejected changes. */
  'team:ticket': call<TicketAssignmentInfo>()(
    z.object({ ticketId: idSchema, accountId: idSchema }).strict(),
  ),
}

export const teamEvents = {}
