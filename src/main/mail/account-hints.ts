import type { AccountHint } from '../../shared/contract/mail'
import type { DbHandle } from '../db/open'

/** Business reference kinds that name an entity the sync server knows by its number. */
const REF_ENTITY: Record<string, 'order' | 'quote' | 'invoice'> = {
  order: 'order',
  quote: 'quote',
  invoice: 'invoice',
}
const MAX_HINTS = 5

/** The replica lookups, each served by an index of migration 0014 (the expressions must match). */
export const HINT_QUERIES = {
  byNumber: `SELECT account_id AS accountId, json_extract(data, '$.number') AS number FROM replica_entities
      WHERE entity IN ('order', 'quote', 'invoice') AND entity = ?
        AND upper(json_extract(data, '$.number')) = ?`,
  contactByName: `SELECT account_id AS accountId FROM replica_entities
      WHERE entity = 'contact' AND lower(trim(json_extract(data, '$.name'))) = ?`,
}

/**
 * Which accounts a Triage ticket probably belongs to, for the agent sorting it: an order,
 * quote or invoice number the customer wrote that is one of the account's (orders and quotes
 * the sync server holds for the agent's scope), and a contact of the account with the
 * sender's name (a buyer writing from a private address). Hints only: the agent decides.
 */
export function accountHints(handle: DbHandle, ticketId: string): AccountHint[] {
  const sqlite = handle.sqlite
  const messages = sqlite
    .prepare(
      `SELECT business_refs AS refs, from_name AS fromName FROM mail_messages
        WHERE ticket_id = ? AND direction = 'in' AND auto_reply = 0 ORDER BY internal_date, id`,
    )
    .all(ticketId) as { refs: string; fromName: string | null }[]
  const byAccount = new Map<string, Set<string>>()
  const hint = (accountId: string | null, reason: string) => {
    if (!accountId) return
    let reasons = byAccount.get(accountId)
    if (!reasons) byAccount.set(accountId, (reasons = new Set()))
    reasons.add(reason)
  }
  const numbered = sqlite.prepare(HINT_QUERIES.byNumber)
  const named = sqlite.prepare(HINT_QUERIES.contactByName)
  const refs = new Set<string>()
  const names = new Set<string>()
  for (const m of messages) {
    for (const ref of safeList(m.refs)) refs.add(ref)
    const name = m.fromName?.trim().toLowerCase()
    // A full name, not a department or a first name alone.
    if (name && /\S\s+\S/.test(name)) names.add(name)
  }
  for (const ref of [...refs].sort()) {
    const colon = ref.indexOf(':')
    const entity = REF_ENTITY[ref.slice(0, colon)]
    if (!entity) continue
    for (const row of numbered.all(entity, ref.slice(colon + 1).toUpperCase()) as {
      accountId: string | null
      number: string
    }[])
      hint(row.accountId, `${entity} ${row.number}`)
  }
  for (const name of names)
    for (const row of named.all(name) as { accountId: string | null }[])
      hint(row.accountId, `contact ${titleOf(messages, name)}`)
  if (byAccount.size === 0) return []
  const accountName = sqlite.prepare(
    `SELECT json_extract(data, '$.name') AS name FROM replica_entities WHERE entity = 'account' AND id = ?`,
  )
  return [...byAccount]
    .map(([accountId, reasons]) => ({
      accountId,
      accountName:
        (accountName.get(accountId) as { name: string | null } | undefined)?.name ?? accountId,
      reasons: [...reasons],
    }))
    .sort(
      (a, b) => b.reasons.length - a.reasons.length || a.accountName.localeCompare(b.accountName),
    )
    .slice(0, MAX_HINTS)
}

function safeList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

/** The name as the sender wrote it (the lookup is case-insensitive). */
function titleOf(messages: { fromName: string | null }[], lower: string): string {
  return messages.find((m) => m.fromName?.trim().toLowerCase() === lower)?.fromName?.trim() ?? lower
}
