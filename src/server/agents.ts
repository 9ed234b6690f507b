/** Agents, teams and assignments (used by `kontor server agent ...` and seed-demo). */
import { randomUUID } from 'node:crypto'
import { eq, or, sql } from 'drizzle-orm'
import { KontorError } from '../shared/errors'
import { isRole, type Role } from '../shared/sync/roles'
import { hashToken, newToken } from './auth'
import { agentAccounts, agents, teams } from './db/schema'
import type { ServerDb } from './db/store'

export interface NewAgent {
  id?: string
  name: string
  email: string
  role: Role
  team?: string
  accounts?: string[]
}

/** Create an agent and return its bearer token: the only time the token exists in clear. */
export async function addAgent(
  db: ServerDb,
  input: NewAgent,
  now: Date,
): Promise<{ id: string; token: string }> {
  if (!isRole(input.role))
    throw new KontorError('E_INVALID_INPUT', `unknown role ${String(input.role)}`)
  if (input.role === 'team_lead' && !input.team)
    throw new KontorError('E_INVALID_INPUT', 'a team lead needs --team')
  const token = newToken()
  const id = input.id ?? `ag_${randomUUID().slice(0, 8)}`
  await db.transaction(async (tx) => {
    const [dup] = await tx
      .select({ id: agents.id })
      .from(agents)
      .where(or(eq(agents.email, input.email.toLowerCase()), eq(agents.id, id)))
    if (dup)
      throw new KontorError(
        'E_CONFLICT',
        `an agent with this email or id already exists (${dup.id})`,
      )
    if (input.team)
      await tx.insert(teams).values({ id: input.team, name: input.team }).onConflictDoNothing()
    await tx.insert(agents).values({
      id,
      name: input.name,
      email: input.email.toLowerCase(),
      role: input.role,
      teamId: input.team ?? null,
      tokenHash: hashToken(token),
      createdAt: now,
    })
    for (const accountId of input.accounts ?? [])
      await tx.insert(agentAccounts).values({ agentId: id, accountId }).onConflictDoNothing()
  })
  return { id, token }
}

/** Revoke by id or email: the token is refused from the next request on. */
export async function revokeAgent(db: ServerDb, idOrEmail: string, now: Date): Promise<string> {
  const updated = await db
    .update(agents)
    // A new version: clients that pulled this agent drop it from their directory.
    .set({ revokedAt: now, version: sql`${agents.version} + 1` })
    .where(or(eq(agents.id, idOrEmail), eq(agents.email, idOrEmail.toLowerCase())))
    .returning({ id: agents.id })
  if (!updated[0]) throw new KontorError('E_NOT_FOUND', `no agent ${idOrEmail}`)
  return updated[0].id
}

export async function assignAccounts(
  db: ServerDb,
  agentId: string,
  accountIds: string[],
  replace: boolean,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (replace) await tx.delete(agentAccounts).where(eq(agentAccounts.agentId, agentId))
    for (const accountId of accountIds)
      await tx.insert(agentAccounts).values({ agentId, accountId }).onConflictDoNothing()
  })
}
