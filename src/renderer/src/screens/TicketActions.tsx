import { useState } from 'react'
import type { TicketSummary } from '../../../shared/contract'
import type { ErrorInfo } from '../../../shared/errors'
import { PAUSE_REASONS } from '../../../shared/sla/events'
import { useKontor } from '../store'

const REASON_LABEL: Record<string, string> = {
  waiting_on_customer: 'Waiting on customer',
  waiting_on_po_approval: 'Waiting on PO / approval',
  waiting_on_erp_backorder: 'Waiting on ERP / backorder',
  waiting_on_supplier: 'Waiting on supplier',
}

/**
 * Status with a typed pause reason, pushed to the sync server through the outbox (pending until the
 * server confirms; a rejection is shown with the server's reason in the sync badge).
 */
export function TicketActions({ ticket }: { ticket: TicketSummary }) {
  const client = useKontor((s) => s.client)
  const sync = useKontor((s) => s.sync)
  const [note, setNote] = useState<string | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)
  if (!sync?.configured || !ticket.accountId) return null
  const accountId = ticket.accountId

  const mutate = async (name: 'ticket.setStatus', args: Record<string, unknown>, label: string) => {
    if (!client) return
    const result = await client.call('sync:mutate', {
      name,
      args: { ticketId: ticket.id, accountId, ...args },
    })
    if (result.ok) {
      setError(null)
      setNote(`${label}: pending until the server confirms`)
    } else setError(result.error)
  }

  return (
    <div className="ticket-actions" aria-label="Ticket actions">
      <select
        aria-label="Set status"
        value=""
        onChange={(e) => {
          const value = e.target.value
          if (value === 'resolved' || value === 'open')
            void mutate(
              'ticket.setStatus',
              { status: value },
              value === 'resolved' ? 'Resolved' : 'Reopened',
            )
          else if (value)
            void mutate(
              'ticket.setStatus',
              { status: 'paused', pauseReason: value },
              REASON_LABEL[value] ?? value,
            )
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
      {note && <span className="muted">{note}</span>}
      {error && (
        <span role="alert" className="error">
          {error.message}
        </span>
      )}
    </div>
  )
}
