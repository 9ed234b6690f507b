import { useCallback, useState } from 'react'
import type {
  AgentInfo,
  OrderTypeInfo,
  TicketAssignmentInfo,
  TicketChangeInfo,
  TicketSummary,
} from '../../../shared/contract'
import type { ErrorInfo } from '../../../shared/errors'
import { PAUSE_REASONS } from '../../../shared/sla/events'
import { useKontor } from '../store'
import { formatDateTime } from '../format'
import { QueuedChange } from '../components/QueuedChange'
import { useReloadOnSync } from '../useReloadOnSync'

const REASON_LABEL: Record<string, string> = {
  waiting_on_customer: 'Waiting on customer',
  waiting_on_po_approval: 'Waiting on PO / approval',
  waiting_on_erp_backorder: 'Waiting on ERP / backorder',
  waiting_on_supplier: 'Waiting on supplier',
}
const STATUS_LABEL: Record<string, string> = {
  open: 'Open',
  pending: 'Pending',
  paused: 'Paused',
  resolved: 'Resolved',
  closed: 'Closed',
}

const UNASSIGN = '__unassign'

type TicketMutation = 'ticket.assign' | 'ticket.setStatus' | 'ticket.setOrderType'

interface Loaded {
  info: TicketAssignmentInfo
  agents: AgentInfo[]
  orderTypes: OrderTypeInfo[]
}

/** What a queued change does, in the agent's words. */
function describeChange(
  change: TicketChangeInfo,
  agentName: (id: string) => string,
  orderTypeLabel: (id: string) => string,
): string {
  const a = change.args
  switch (change.name) {
    case 'ticket.assign':
      return typeof a.assigneeId === 'string' ? `Assign to ${agentName(a.assigneeId)}` : 'Unassign'
    case 'ticket.setStatus':
      if (a.status === 'paused')
        return `Pause: ${REASON_LABEL[String(a.pauseReason)] ?? String(a.pauseReason)}`
      return a.status === 'resolved' ? 'Resolve' : a.status === 'open' ? 'Reopen' : String(a.status)
    case 'ticket.setOrderType':
      return typeof a.orderType === 'string'
        ? `Order type: ${orderTypeLabel(a.orderType)}`
        : 'Clear order type'
    case 'ticket.addNote':
      return 'Add note'
    default:
      return change.name
  }
}

/**
 * Assignment (to me, the account's rep, a teammate, nobody), status with a typed pause
 * reason and the order type, each pushed to the sync server through the outbox. What the
 * server confirmed is shown; a change waiting for it is listed as pending, and a rejected
 * one with the server's reason until the agent dismisses it.
 */
export function TicketActions({ ticket }: { ticket: TicketSummary }) {
  const client = useKontor((s) => s.client)
  const sync = useKontor((s) => s.sync)
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const accountId = ticket.accountId
  const configured = sync?.configured === true

  const load = useCallback(async () => {
    if (!client || !accountId) return
    const [info, agents, orderTypes] = await Promise.all([
      client.call('team:ticket', { ticketId: ticket.id, accountId }),
      client.call('team:agents', {}),
      client.call('team:orderTypes', {}),
    ])
    if (!info.ok) {
      setError(info.error)
      return
    }
    setLoaded({
      info: info.data,
      agents: agents.ok ? agents.data : [],
      orderTypes: orderTypes.ok ? orderTypes.data : [],
    })
  }, [client, accountId, ticket.id])

  useReloadOnSync(configured && !!accountId, load)

  if (!configured || !accountId) return null

  const mutate = async (name: TicketMutation, args: Record<string, unknown>) => {
    if (!client) return
    const result = await client.call('sync:mutate', {
      name,
      args: { ticketId: ticket.id, accountId, ...args },
    })
    if (result.ok) setError(null)
    else setError(result.error)
    await load()
  }

  const dismiss = async (id: number) => {
    if (!client) return
    await client.call('sync:dismiss', { id })
    await load()
  }

  if (!loaded)
    return (
      <div className="ticket-actions muted" aria-label="Ticket actions">
        Loading assignment…
        {error && (
          <span role="alert" className="error">
            {error.message}
          </span>
        )}
      </div>
    )

  const { info, agents, orderTypes } = loaded
  const me = agents.find((a) => a.me) ?? null
  const nameOf = (id: string) => agents.find((a) => a.id === id)?.name ?? id
  const typeLabel = (id: string) => orderTypes.find((t) => t.id === id)?.label ?? id
  const teammates = agents.filter((a) => a.teammate)
  const others = agents.filter((a) => !a.me && !a.teammate && a.id !== info.rep?.id)
  const repName = info.rep ? (info.rep.name ?? info.rep.id) : null
  // The order type shown is the newest asked for, else the server's.
  const pendingType = [...info.pending].reverse().find((c) => c.name === 'ticket.setOrderType')
  const shownType = pendingType
    ? typeof pendingType.args.orderType === 'string'
      ? pendingType.args.orderType
      : ''
    : (info.orderType ?? '')
  const typeOptions =
    shownType && !orderTypes.some((t) => t.id === shownType)
      ? [...orderTypes, { id: shownType, label: shownType }]
      : orderTypes

  return (
    <div className="ticket-actions-block" aria-label="Ticket actions">
      <div className="ticket-facts">
        <span data-testid="assignee">
          {info.assigneeId
            ? `Assigned to ${info.assigneeName ?? info.assigneeId}${info.assigneeId === me?.id ? ' (me)' : ''}`
            : 'Unassigned'}
        </span>
        <span data-testid="ticket-status" className={`status status-${info.status}`}>
          {STATUS_LABEL[info.status] ?? info.status}
          {info.pauseReason ? ` · ${REASON_LABEL[info.pauseReason] ?? info.pauseReason}` : ''}
          {info.reopenedAt
            ? ` · reopened by the customer on ${formatDateTime(info.reopenedAt)}`
            : ''}
        </span>
        {info.orderType && (
          <span data-testid="order-type" className="ticket-order-type">
            {typeLabel(info.orderType)}
          </span>
        )}
      </div>
      <div className="ticket-actions">
        <select
          aria-label="Assign"
          value=""
          onChange={(e) => {
            const value = e.target.value
            if (value === UNASSIGN) void mutate('ticket.assign', { assigneeId: null })
            else if (value) void mutate('ticket.assign', { assigneeId: value })
          }}
        >
          <option value="">Assign…</option>
          {me && me.id !== info.assigneeId && <option value={me.id}>Assign to me</option>}
          {info.rep && info.rep.id !== me?.id && info.rep.id !== info.assigneeId && (
            <option value={info.rep.id}>Account rep: {repName}</option>
          )}
          {teammates.length > 0 && (
            <optgroup label="Team">
              {teammates.map((a) => (
                <option key={a.id} value={a.id} disabled={a.id === info.assigneeId}>
                  {a.name}
                </option>
              ))}
            </optgroup>
          )}
          {others.length > 0 && (
            <optgroup label="Others">
              {others.map((a) => (
                <option key={a.id} value={a.id} disabled={a.id === info.assigneeId}>
                  {a.name}
                  {a.teamName ? ` (${a.teamName})` : ''}
                </option>
              ))}
            </optgroup>
          )}
          {info.assigneeId && <option value={UNASSIGN}>Unassign</option>}
        </select>
        <select
          aria-label="Set status"
          value=""
          onChange={(e) => {
            const value = e.target.value
            if (value === 'resolved' || value === 'open')
              void mutate('ticket.setStatus', { status: value })
            else if (value)
              void mutate('ticket.setStatus', { status: 'paused', pauseReason: value })
          }}
        >
          <option value="">Status…</option>
          <option value="open">Open</option>
          {PAUSE_REASONS.map((r) => (
            <option key={r} value={r}>
              {REASON_LABEL[r]}
            </option>
          ))}
          <option value="resolved">Resolved</option>
        </select>
        <select
          aria-label="Order type"
          value={shownType}
          onChange={(e) => {
            const value = e.target.value
            void mutate('ticket.setOrderType', { orderType: value === '' ? null : value })
          }}
        >
          <option value="">No order type</option>
          {typeOptions.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      {info.pending.length > 0 && (
        <ul className="ticket-changes" aria-label="Pending changes">
          {info.pending.map((c) => (
            <QueuedChange
              key={c.id}
              id={c.id}
              label={describeChange(c, nameOf, typeLabel)}
              rejected={false}
              error={null}
              onDismiss={(id) => void dismiss(id)}
            />
          ))}
        </ul>
      )}
      {info.rejected.length > 0 && (
        <ul className="ticket-changes" aria-label="Rejected changes">
          {info.rejected.map((c) => (
            <QueuedChange
              key={c.id}
              id={c.id}
              label={describeChange(c, nameOf, typeLabel)}
              rejected
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
    </div>
  )
}
