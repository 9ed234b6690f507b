import type { KnownContact } from '../../shared/compose/sensitivity'
import type { DbHandle } from '../db/open'

/**
 * The account behind a ticket as the composer needs it (template fields, role check), from
 * the sync server's replica, else from accounts imported locally (`kontor accounts import`).
 */
export interface AccountContext {
  accountId: string
  name: string | null
  domains: string[]
  currency: string | null
  paymentTermsDays: number | null
  repName: string | null
  contacts: KnownContact[]
}

function replicaData(db: DbHandle, entity: string, id: string): Record<string, unknown> | null {
  const row = db.sqlite
    .prepare('SELECT data FROM replica_entities WHERE entity = ? AND id = ?')
    .get(entity, id) as { data: string } | undefined
  return row ? (JSON.parse(row.data) as Record<string, unknown>) : null
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null)

/** An agent's display name from the replica's directory. */
export function agentName(db: DbHandle, agentId: string | null): string | null {
  if (!agentId) return null
  return str(replicaData(db, 'agent', agentId)?.name)
}

/** The signed-in agent's id (remembered by the sync client), if any. */
export function signedInAgentId(db: DbHandle): string | null {
  const row = db.sqlite.prepare("SELECT value FROM sync_state WHERE key = 'agentId'").get() as
    { value: string } | undefined
  return row?.value ?? null
}

export function loadAccountContext(db: DbHandle, accountId: string | null): AccountContext | null {
  if (!accountId) return null
  const account = replicaData(db, 'account', accountId)
  if (account) {
    const contacts = (
      db.sqlite
        .prepare("SELECT data FROM replica_entities WHERE entity = 'contact' AND account_id = ?")
        .all(accountId) as { data: string }[]
    ).flatMap((r) => {
      const c = JSON.parse(r.data) as Record<string, unknown>
      const email = str(c.email)
      return email
        ? [
            {
              email,
              name: str(c.name) ?? email,
              role: str(c.role) ?? 'unknown',
              department: str(c.department),
            },
          ]
        : []
    })
    const domain = str(account.domain)
    const contactDomains = contacts.map((c) => c.email.split('@')[1]?.toLowerCase() ?? '')
    return {
      accountId,
      name: str(account.name),
      domains: [...new Set([...(domain ? [domain.toLowerCase()] : []), ...contactDomains])].filter(
        Boolean,
      ),
      currency: str(account.currency),
      paymentTermsDays:
        typeof account.paymentTermsDays === 'number' ? account.paymentTermsDays : null,
      repName: agentName(db, str(account.repAgentId)),
      contacts,
    }
  }
  const local = db.sqlite
    .prepare('SELECT name, domains FROM local_accounts WHERE id = ?')
    .get(accountId) as { name: string; domains: string } | undefined
  if (!local) return null
  const contacts = (
    db.sqlite
      .prepare('SELECT email, name, role FROM local_contacts WHERE account_id = ?')
      .all(accountId) as { email: string; name: string | null; role: string | null }[]
  ).map((c) => ({
    email: c.email,
    name: c.name ?? c.email,
    role: c.role ?? 'unknown',
    department: null,
  }))
  return {
    accountId,
    name: local.name,
    domains: JSON.parse(local.domains) as string[],
    currency: null,
    paymentTermsDays: null,
    repName: null,
    contacts,
  }
}
