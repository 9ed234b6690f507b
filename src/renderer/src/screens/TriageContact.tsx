import { useCallback, useMemo, useState, type FormEvent } from 'react'
import type {
  AccountHint,
  OutboxEntryInfo,
  ReplicaEntityInfo,
  TicketMessage,
  TicketSummary,
  TriageStateInfo,
} from '../../../shared/contract'
import type { ErrorInfo } from '../../../shared/errors'
import { CONTACT_ROLES } from '../../../shared/sync/import'
import { TRIAGE_REASONS } from '../../../shared/sync/mutations'
import { useKontor } from '../store'
import { formatDateTime } from '../format'
import { QueuedChange } from '../components/QueuedChange'
import { useReloadOnSync } from '../useReloadOnSync'

const ROLE_LABEL: Record<(typeof CONTACT_ROLES)[number], string> = {
  buyer: 'Buyer',
  finance: 'Finance',
  approver: 'Approver',
  admin: 'Admin',
}
const CLOSE_LABEL: Record<(typeof TRIAGE_REASONS)[number], string> = {
  spam: 'Spam',
  not_a_customer: 'Not a customer request',
  handled_elsewhere: 'Handled elsewhere',
}

/** Accounts offered at once; typing narrows the list. */
const SHOWN = 200

interface AccountOption {
  id: string
  name: string
  domain: string | null
}

/** Addresses that send for a system, not a person: never the contact to add first. */
const NO_REPLY = /^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster|notifications?)[@.+-]/i

/**
 * The customer addresses of a Triage ticket: who wrote to us, a portal's Reply-To before its
 * From, and system senders (no-reply@ ...) last; never our own or an automatic reply's.
 */
export function triageAddresses(ticket: TicketSummary, messages: TicketMessage[]): string[] {
  const seen = new Map<string, string>()
  const add = (address: string | null | undefined) => {
    if (address && !seen.has(address.toLowerCase())) seen.set(address.toLowerCase(), address)
  }
  for (const m of messages) {
    if (m.direction !== 'in' || m.autoReply) continue
    for (const r of m.replyTo) add(r.address)
    add(m.fromAddress)
  }
  add(ticket.customerAddress)
  const all = [...seen.values()]
  return [...all.filter((a) => !NO_REPLY.test(a)), ...all.filter((a) => NO_REPLY.test(a))]
}

function nameFor(address: string, messages: TicketMessage[]): string {
  const lower = address.toLowerCase()
  for (const m of messages) {
    if (m.fromAddress?.toLowerCase() === lower && m.fromName) return m.fromName
    const r = m.replyTo.find((p) => p.address.toLowerCase() === lower && p.name)
    if (r?.name) return r.name
  }
  return address.split('@')[0] ?? address
}

/**
 * A Triage ticket has no account: no assignee, no notes, no account SLA. The agent sorts it by
 * adding the sender to an account's contacts (`contact.add`), or closes it without an account
 * with a reason (`triage.setStatus`: spam, not a customer request, handled elsewhere). Both go
 * to the sync server through the outbox (they wait offline). Once confirmed, every client's
 * replica has them: the sender's mail maps to the account and this ticket leaves Triage with
 * the account's actions, or the closed ticket moves to Solved until someone reopens it.
 */
export function TriageContact({
  ticket,
  messages,
  onState,
}: {
  ticket: TicketSummary
  messages: TicketMessage[]
  /** Told the ticket's Triage state whenever it is read (the header shows a closed one). */
  onState?: (state: TriageStateInfo | null) => void
}) {
  const client = useKontor((s) => s.client)
  const configured = useKontor((s) => s.sync?.configured === true)
  const addresses = useMemo(() => triageAddresses(ticket, messages), [ticket, messages])
  const [email, setEmail] = useState(addresses[0] ?? '')
  const [name, setName] = useState(() => (addresses[0] ? nameFor(addresses[0], messages) : ''))
  const [role, setRole] = useState<(typeof CONTACT_ROLES)[number]>('buyer')
  const [filter, setFilter] = useState('')
  const [accountId, setAccountId] = useState('')
  const [accounts, setAccounts] = useState<AccountOption[] | null>(null)
  const [changes, setChanges] = useState<OutboxEntryInfo[]>([])
  const [error, setError] = useState<ErrorInfo | null>(null)
  const [asked, setAsked] = useState<string[]>([])
  const [hints, setHints] = useState<AccountHint[]>([])
  const [triage, setTriage] = useState<TriageStateInfo | null>(null)

  const load = useCallback(async () => {
    if (!client) return
    const [list, outbox, hinted, state] = await Promise.all([
      client.call('replica:list', { entity: 'account', limit: 5000 }),
      client.call('sync:outbox', { limit: 1000 }),
      client.call('tickets:accountHints', { id: ticket.id }),
      client.call('tickets:triage', { id: ticket.id }),
    ])
    if (hinted.ok) setHints(hinted.data)
    if (state.ok) {
      setTriage(state.data)
      onState?.(state.data)
    }
    if (list.ok)
      setAccounts(
        list.data
          .map((a: ReplicaEntityInfo) => ({
            id: a.id,
            name: typeof a.data.name === 'string' ? a.data.name : a.id,
            domain: typeof a.data.domain === 'string' ? a.data.domain : null,
          }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      )
    else setError(list.error)
    if (outbox.ok)
      setChanges(
        outbox.data.filter(
          (c) =>
            c.name === 'contact.add' || (c.name === 'triage.setStatus' && c.entityId === ticket.id),
        ),
      )
  }, [client, ticket.id, onState])

  useReloadOnSync(configured, load)

  if (!configured) return null

  const mine = new Set([...addresses, ...asked].map((a) => a.toLowerCase()))
  const related = changes.filter(
    (c) => c.status !== 'applied' && (c.name === 'triage.setStatus' ? true : mine.has(c.entityId)),
  )
  const accountName = (id: unknown) =>
    accounts?.find((a) => a.id === id)?.name ?? (typeof id === 'string' ? id : '?')
  const needle = filter.trim().toLowerCase()
  const matching = (accounts ?? []).filter(
    (a) =>
      !needle ||
      a.name.toLowerCase().includes(needle) ||
      a.id.toLowerCase().includes(needle) ||
      (a.domain ?? '').toLowerCase().includes(needle),
  )
  const shown = matching.slice(0, SHOWN)
  const chosen = accounts?.find((a) => a.id === accountId) ?? null

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!client || !chosen) return
    const address = email.trim()
    const result = await client.call('sync:mutate', {
      name: 'contact.add',
      args: { accountId: chosen.id, email: address, name: name.trim(), role },
    })
    if (result.ok) {
      setError(null)
      setAsked((a) => [...a, address])
    } else setError(result.error)
    await load()
  }

  const dismiss = async (id: number) => {
    if (!client) return
    await client.call('sync:dismiss', { id })
    await load()
  }

  const describe = (c: OutboxEntryInfo) =>
    c.name === 'triage.setStatus'
      ? c.args.status === 'closed'
        ? `Close as ${CLOSE_LABEL[c.args.reason as keyof typeof CLOSE_LABEL] ?? String(c.args.reason)}`
        : 'Reopen in Triage'
      : `Add ${String(c.args.email)} to ${accountName(c.args.accountId)} as ${
          ROLE_LABEL[c.args.role as keyof typeof ROLE_LABEL] ?? String(c.args.role)
        }`

  const setStatus = async (status: 'closed' | 'open', reason?: string) => {
    if (!client) return
    const result = await client.call('sync:mutate', {
      name: 'triage.setStatus',
      args: { ticketId: ticket.id, status, ...(reason ? { reason } : {}) },
      ...(triage ? { baseVersion: triage.version } : {}),
    })
    if (result.ok) setError(null)
    else setError(result.error)
    await load()
  }

  return (
    <form className="triage-contact" aria-label="Sort into an account" onSubmit={submit}>
      <p className="muted">
        Sort this ticket: add the sender to an account&apos;s contacts. Their mail then goes to that
        account, on every agent&apos;s desk.
      </p>
      {hints.length > 0 && (
        <p className="triage-hints" aria-label="Suggested accounts">
          Suggested:{' '}
          {hints.map((h) => (
            <button
              key={h.accountId}
              type="button"
              className={`triage-hint${h.accountId === accountId ? ' selected' : ''}`}
              aria-pressed={h.accountId === accountId}
              title={`The mail names ${h.reasons.join(', ')}`}
              onClick={() => setAccountId(h.accountId)}
            >
              {h.accountName} <span className="muted">({h.reasons.join(', ')})</span>
            </button>
          ))}
        </p>
      )}
      <div className="triage-contact-fields">
        <label>
          Address
          <input
            type="email"
            list={`triage-addresses-${ticket.id}`}
            value={email}
            required
            maxLength={254}
            onChange={(e) => {
              setEmail(e.target.value)
              const known = addresses.find(
                (a) => a.toLowerCase() === e.target.value.trim().toLowerCase(),
              )
              if (known) setName(nameFor(known, messages))
            }}
          />
          <datalist id={`triage-addresses-${ticket.id}`}>
            {addresses.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label>
          Name
          <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Role
          <select
            aria-label="Role"
            value={role}
            onChange={(e) => setRole(e.target.value as (typeof CONTACT_ROLES)[number])}
          >
            {CONTACT_ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Find account
          <input
            type="search"
            value={filter}
            placeholder="Name, id or domain"
            onChange={(e) => setFilter(e.target.value)}
          />
        </label>
        <label>
          Account
          <select
            aria-label="Account"
            value={accountId}
            required
            onChange={(e) => setAccountId(e.target.value)}
            disabled={!accounts}
          >
            <option value="">
              {accounts === null
                ? 'Loading accounts…'
                : matching.length === 0
                  ? 'No account matches'
                  : `Choose (${matching.length})`}
            </option>
            {chosen && !shown.includes(chosen) && <option value={chosen.id}>{chosen.name}</option>}
            {shown.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.domain ? ` (${a.domain})` : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!chosen || !email.trim() || !name.trim()}>
          Add contact
        </button>
      </div>
      <div className="triage-close">
        {triage?.status === 'closed' ? (
          <>
            <span data-testid="triage-closed">
              Closed without an account:{' '}
              {CLOSE_LABEL[triage.reason as keyof typeof CLOSE_LABEL] ?? triage.reason ?? 'closed'}
              {triage.byName || triage.by ? ` · by ${triage.byName ?? triage.by}` : ''}
              {triage.at ? ` · ${formatDateTime(triage.at)}` : ''}
            </span>
            <button type="button" onClick={() => void setStatus('open')}>
              Reopen
            </button>
          </>
        ) : (
          <label>
            {triage?.reopenedAt && (
              <span data-testid="triage-reopened" className="reopened">
                Reopened: the sender wrote again on {formatDateTime(triage.reopenedAt)} after it was
                closed (
                {CLOSE_LABEL[triage.reason as keyof typeof CLOSE_LABEL] ??
                  triage.reason ??
                  'closed'}
                ).{' '}
              </span>
            )}
            Or close it without an account{' '}
            <select
              aria-label="Close without an account"
              value=""
              onChange={(e) => {
                if (e.target.value) void setStatus('closed', e.target.value)
              }}
            >
              <option value="">Close as…</option>
              {TRIAGE_REASONS.map((r) => (
                <option key={r} value={r}>
                  {CLOSE_LABEL[r]}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {matching.length > SHOWN && (
        <p className="muted">
          {SHOWN} of {matching.length} accounts shown: type to narrow.
        </p>
      )}
      {related.length > 0 && (
        <ul className="ticket-changes" aria-label="Contact changes">
          {related.map((c) => (
            <QueuedChange
              key={c.id}
              id={c.id}
              label={describe(c)}
              rejected={c.status !== 'pending'}
              error={c.error}
              onDismiss={(id) => void dismiss(id)}
            />
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
    </form>
  )
}
