/**
 * The directory: which agents and teams a caller may see, pulled by clients so assignees
 * show by name and the assign menu can offer teammates.
 *
 * An agent sees themselves, their team's members (and so its leads), the reps of accounts
 * in their scope and the assignees of tickets in their scope (whose names they already see
 * on those tickets); an admin sees every active agent. Revoked agents are never listed.
 * Only id, name, role and team cross the wire: never the token hash, email or timestamps.
 *
 * The whole directory is small (a team, a few reps), so it is sent whole whenever its
 * digest differs from the one the client holds, and the client drops every agent and team
 * not listed: removal (revocation, a teammate who moved, an account that left the scope)
 * needs no per-client bookkeeping on the server.
 */
import { createHash } from 'node:crypto'
import { asc, inArray, sql, type SQL } from 'drizzle-orm'
import type { AgentData, Change, DirectoryInfo, TeamData } from '../shared/sync/protocol'
import type { Caller } from './auth'
import { teams } from './db/schema'
import { rows, type Queryable } from './db/store'

interface AgentRow extends AgentData {
  version: number
}
interface TeamRow extends TeamData {
  version: number
}

export interface Directory {
  agents: AgentRow[]
  teams: TeamRow[]
  digest: string
}

/** The condition on `agents g` that makes an agent visible to the caller (admins: every one). */
function visibleWhere(caller: Caller, scope: ReadonlySet<string>): SQL {
  if (caller.role === 'admin') return sql`g.revoked_at is null`
  // One jsonb parameter instead of one parameter per account (a lead's scope can be large).
  const ids = JSON.stringify([...scope])
  return sql`g.revoked_at is null and (
      g.id = ${caller.id}
      or (${caller.teamId}::text is not null and g.team_id = ${caller.teamId})
      or g.id in (select a.rep_agent_id from accounts a
                   where a.id in (select jsonb_array_elements_text(${ids}::jsonb)))
      or g.id in (select t.assignee_id from tickets t
                   where t.account_id in (select jsonb_array_elements_text(${ids}::jsonb))))`
}

export async function visibleDirectory(
  db: Queryable,
  caller: Caller,
  scope: ReadonlySet<string>,
): Promise<Directory> {
  const agentRows = await rows<AgentRow>(
    db,
    sql`select g.id, g.name, g.role, g.team_id as "teamId", g.version
          from agents g where ${visibleWhere(caller, scope)} order by g.id`,
  )
  const teamIds = [...new Set(agentRows.flatMap((a) => (a.teamId ? [a.teamId] : [])))]
  const teamRows: TeamRow[] =
    caller.role === 'admin'
      ? await db.select().from(teams).orderBy(asc(teams.id))
      : teamIds.length > 0
        ? await db.select().from(teams).where(inArray(teams.id, teamIds)).orderBy(asc(teams.id))
        : []
  // Ids and versions fix the content: every change to an agent or team bumps its version.
  const hash = createHash('sha256')
  for (const a of agentRows) hash.update(`a\u0000${a.id}\u0000${a.version}\n`)
  for (const t of teamRows) hash.update(`t\u0000${t.id}\u0000${t.version}\n`)
  return { agents: agentRows, teams: teamRows, digest: hash.digest('hex') }
}

/** Whether `agentId` is an active agent the caller may see (and so may assign tickets to). */
export async function canSeeAgent(
  db: Queryable,
  caller: Caller,
  scope: ReadonlySet<string>,
  agentId: string,
): Promise<boolean> {
  const found = await rows<{ id: string }>(
    db,
    sql`select g.id from agents g where g.id = ${agentId} and ${visibleWhere(caller, scope)}`,
  )
  return found.length > 0
}

/** The directory as pull changes plus the id lists the client keeps. */
export function directoryChanges(dir: Directory): { changes: Change[]; info: DirectoryInfo } {
  const changes: Change[] = [
    ...dir.teams.map((t): Change => ({
      entity: 'team',
      id: t.id,
      version: t.version,
      data: { id: t.id, name: t.name } satisfies TeamData,
    })),
    ...dir.agents.map((a): Change => ({
      entity: 'agent',
      id: a.id,
      version: a.version,
      data: { id: a.id, name: a.name, role: a.role, teamId: a.teamId } satisfies AgentData,
    })),
  ]
  return {
    changes,
    info: {
      digest: dir.digest,
      agents: dir.agents.map((a) => a.id),
      teams: dir.teams.map((t) => t.id),
    },
  }
}
