/**
 * Bearer tokens: 32 random bytes, printed once by `kontor server agent add`, stored only as
 * their SHA-256. A plain hash (not a slow password hash) is right here: the token has 256
 * bits of entropy, so it cannot be guessed from its hash, and every request must check it.
 */
import { createHash, randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Role } from '../shared/sync/roles'
import { agents } from './db/schema'
import type { Queryable } from './db/store'

export const TOKEN_PREFIX = 'kt_'

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export interface Caller {
  id: string
  name: string
  role: Role
  teamId: string | null
  /** The token hash: the key for per-token rate limits (never the token itself). */
  tokenHash: string
}

/** The agent behind `Authorization: Bearer <token>`, or null (missing, unknown or revoked: checked on every request). */
export async function authenticate(
  db: Queryable,
  header: string | undefined,
): Promise<Caller | null> {
  if (!header) return null
  const match = /^Bearer\s+(kt_[A-Za-z0-9_-]{20,100})\s*$/.exec(header)
  if (!match?.[1]) return null
  const tokenHash = hashToken(match[1])
  const found = await db.select().from(agents).where(eq(agents.tokenHash, tokenHash)).limit(1)
  const agent = found[0]
  if (!agent || agent.revokedAt) return null
  return {
    id: agent.id,
    name: agent.name,
    role: agent.role as Role,
    teamId: agent.teamId,
    tokenHash,
  }
}
