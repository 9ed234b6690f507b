import { and, asc, eq, inArray } from 'drizzle-orm'
import { z } from 'zod'
import type {
  AgentInfo,
  OrderTypeInfo,
  TicketAssignmentInfo,
  TicketChangeInfo,
} from '../../shared/contract/team'
import type { MutationName } from '../../shared/sync/mutations'
import { DEFAULT_ORDER_TYPES, orderTypeSchema } from '../../shared/sync/mutations'
import type { Core } from '../core/core'
import type { HandlerSlice } from '../core/dispatch'
import { customerReopenedAt } from '../sla/ticket-events'
import { replicaEntities, syncOutbox } from '../sync/schema'
import { SettingsStore } from './settings'

type TeamCalls = 'team:me' | 'team:agents' | 'team:orderTypes' | 'team:ticket'

/** The settings key of the company's own order types (`[{ id, label }]`). */
export const ORDER_TYPES_SETTING = 'team.orderTypes'
const orderTypesSettingSchema = z
  .array(z.object({ id: orderTypeSchema, label: z.string().min(1).max(80) }).strict())
  .min(1)
  .max(50)

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

/** Handlers for agents and teams, assignment and order types (from the local replica). */
export function teamHandlers(core: Core): HandlerSlice<TeamCalls> {
  const db = core.db.db

  const replicaRows = (entity: string, ids?: string[]) =>
    db
      .select({
        id: replicaEntities.id,
        version: replicaEntities.version,
        data: replicaEntities.data,
      })
      .from(replicaEntities)
      .where(
        and(eq(replicaEntities.entity, entity), ids ? inArray(replicaEntities.id, ids) : undefined),
      )
      .orderBy(asc(replicaEntities.id))
      .all()
      .map((r) => ({
        id: r.id,
        version: r.version,
        data: JSON.parse(r.data) as Record<string, unknown>,
      }))

  /** The directory as the UI lists it; `agentId` is the signed-in agent. */
  const directory = (agentId: string | null): AgentInfo[] => {
    const teams = new Map(replicaRows('team').map((t) => [t.id, str(t.data.name) ?? t.id]))
    const rows = replicaRows('agent')
    const myTeam = str(rows.find((a) => a.id === agentId)?.data.teamId)
    return rows.map((a) => {
      const teamId = str(a.data.teamId)
      return {
        id: a.id,
        name: str(a.data.name) ?? a.id,
        role: str(a.data.role) ?? 'agent',
        teamId,
        teamName: teamId === null ? null : (teams.get(teamId) ?? teamId),
        me: a.id === agentId,
        teammate: a.id !== agentId && myTeam !== null && teamId === myTeam,
      }
    })
  }

  const agentName = (id: string): string | null => {
    const [row] = replicaRows('agent', [id])
    return row ? (str(row.data.name) ?? null) : null
  }

  return {
    'team:me': () => {
      if (!core.sync) return { configured: false, agent: null, team: null }
      const agentId = core.sync.agentId()
      const agent = agentId === null ? null : (directory(agentId).find((a) => a.me) ?? null)
      return {
        configured: true,
        agent,
        team:
          agent?.teamId != null ? { id: agent.teamId, name: agent.teamName ?? agent.teamId } : null,
      }
    },

    'team:agents': () => {
      const agentId = core.sync?.agentId() ?? null
      // Me first, then my team, then everyone else (reps, assignees), each by name.
      const rank = (a: AgentInfo) => (a.me ? 0 : a.teammate ? 1 : 2)
      return directory(agentId).sort(
        (a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
      )
    },

    'team:orderTypes': (): OrderTypeInfo[] => {
      const configured = new SettingsStore(core.db, core.clock).get(
        ORDER_TYPES_SETTING,
        orderTypesSettingSchema,
      )
      return (configured ?? DEFAULT_ORDER_TYPES).map((t) => ({ id: t.id, label: t.label }))
    },

    'team:ticket': (input): TicketAssignmentInfo => {
      const [ticket] = replicaRows('ticket', [input.ticketId])
      const t = ticket?.data
      const accountId = str(t?.accountId) ?? input.accountId
      const [account] = replicaRows('account', [accountId])
      const repId = str(account?.data.repAgentId)
      const assigneeId = str(t?.assigneeId)
      const changes = db
        .select()
        .from(syncOutbox)
        .where(
          and(
            eq(syncOutbox.entity, 'ticket'),
            eq(syncOutbox.entityId, input.ticketId),
            // An applied change stays in the outbox until the pull that brings it: until
            // the replica holds its version it still shows as pending.
            inArray(syncOutbox.status, ['pending', 'applied', 'rejected']),
          ),
        )
        .orderBy(asc(syncOutbox.id))
        .all()
      const reopenedAt = t ? customerReopenedAt(core.db, input.ticketId, t) : null
      const change = (r: (typeof changes)[number]): TicketChangeInfo => ({
        id: r.id,
        name: r.name as MutationName,
        args: JSON.parse(r.args) as Record<string, unknown>,
        createdAt: r.createdAt,
        error: r.error ? (JSON.parse(r.error) as TicketChangeInfo['error']) : null,
      })
      return {
        ticketId: input.ticketId,
        accountId,
        assigneeId,
        assigneeName: assigneeId === null ? null : agentName(assigneeId),
        status: reopenedAt !== null ? 'open' : (str(t?.status) ?? 'open'),
        reopenedAt,
        pauseReason: str(t?.pauseReason),
        orderType: str(t?.orderType),
        version: ticket?.version ?? 0,
        rep: repId === null ? null : { id: repId, name: agentName(repId) },
        pending: changes
          .filter(
            (r) =>
              r.status === 'pending' ||
              (r.status === 'applied' && (r.appliedVersion ?? 0) > (ticket?.version ?? 0)),
          )
          .map(change),
        rejected: changes.filter((r) => r.status === 'rejected').map(change),
      }
    },
  }
}
