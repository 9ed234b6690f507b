/**
 * Who may see what. Computed from the database on every request, so a revocation or a
 * re-assignment takes effect on the next request, on every instance.
 *
 * - agent, account_manager: assigned accounts and all their descendants;
 * - team_lead: accounts of their team, accounts assigned to their team's agents, and descendants;
 * - admin: every account.
 */
import { sql } from 'drizzle-orm'
import type { Caller } from './auth'
import { rows, type Queryable } from './db/store'

export async function scopeAccountIds(db: Queryable, caller: Caller): Promise<Set<string>> {
  if (caller.role === 'admin') {
    const all = await rows<{ id: string }>(db, sql`select id from accounts`)
    return new Set(all.map((r) => r.id))
  }
  const roots =
    caller.role === 'team_lead'
      ? sql`select id from accounts where team_id = ${caller.teamId}
            union select aa.account_id from agent_accounts aa join agents g on g.id = aa.agent_id
              where g.team_id = ${caller.teamId} and g.revoked_at is null`
      : sql`select account_id as id from agent_accounts where agent_id = ${caller.id}`
  // UNION (not UNION ALL) drops repeats, so a cycle in parent links cannot recurse forever.
  const found = await rows<{ id: string }>(
    db,
    sql`with recursive s(id) as (${roots} union select a.id from accounts a join s on a.parent_id = s.id)
        select s.id from s join accounts a on a.id = s.id`,
  )
  return new Set(found.map((r) => r.id))
}

/** One account: in scope or not (same answer whether it exists or not). */
export async function inScope(db: Queryable, caller: Caller, accountId: string): Promise<boolean> {
  if (caller.role === 'admin') return true
  return (await scopeAccountIds(db, caller)).has(accountId)
}
