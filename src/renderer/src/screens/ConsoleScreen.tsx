import { useEffect, useMemo } from 'react'
import type { TicketSummary } from '../../../shared/contract'
import { TicketList, type TicketRow } from '../components/TicketList'
import { useKontor } from '../store'
import { TicketView } from './TicketView'

function toRow(t: TicketSummary): TicketRow {
  return {
    id: t.id,
    subject: t.subject,
    accountName: t.accountId,
    tier: null,
    assigneeName: null,
    orderType: null,
    customer: t.customerAddress,
    lastMessageAt: t.lastMessageAt,
    sla: null,
  }
}

/** A queue's tickets beside the open ticket. */
export function ConsoleScreen() {
  const tickets = useKontor((s) => s.tickets)
  const loaded = useKontor((s) => s.ticketsLoaded)
  const error = useKontor((s) => s.ticketsError)
  const selected = useKontor((s) => s.selectedTicketId)
  const detail = useKontor((s) => s.detail)
  const detailError = useKontor((s) => s.detailError)
  const loadTickets = useKontor((s) => s.loadTickets)
  const openTicket = useKontor((s) => s.openTicket)
  const client = useKontor((s) => s.client)

  useEffect(() => {
    void loadTickets()
    if (!client) return
    // New mail or server data: re-read the queue (the list keeps its scroll position).
    const offSynced = client.on('mail:synced', () => void loadTickets())
    const offChanged = client.on('db:changed', () => void loadTickets())
    return () => {
      offSynced()
      offChanged()
    }
  }, [client, loadTickets])

  const rows = useMemo(() => tickets.map(toRow), [tickets])

  return (
    <div className="console">
      <section className="list-pane" aria-label="Queue">
        {error && (
          <p role="alert" className="error">
            {error.message}
          </p>
        )}
        {loaded && rows.length === 0 && !error && (
          <p className="muted pad">No tickets in this queue.</p>
        )}
        <TicketList rows={rows} selectedId={selected} onSelect={(id) => void openTicket(id)} />
      </section>
      <section className="detail-pane" aria-label="Ticket">
        {detailError && (
          <p role="alert" className="error">
            {detailError.message}
          </p>
        )}
        {detail ? (
          <TicketView detail={detail} />
        ) : (
          !detailError && <p className="muted pad">Select a ticket to read it.</p>
        )}
      </section>
    </div>
  )
}
