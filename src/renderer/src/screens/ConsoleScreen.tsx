import { useCallback, useEffect, useRef, useState } from 'react'
import { TicketList } from '../components/TicketList'
import { useKontor } from '../store'
import { AccountPane } from './AccountPane'
import { TicketView } from './TicketView'

/** A queue's tickets beside the open ticket. */
export function ConsoleScreen() {
  const total = useKontor((s) => s.total)
  const rows = useKontor((s) => s.rows)
  const loaded = useKontor((s) => s.rowsLoaded)
  const error = useKontor((s) => s.rowsError)
  const sort = useKontor((s) => s.sort)
  const setSort = useKontor((s) => s.setSort)
  const ensureRows = useKontor((s) => s.ensureRows)
  const refresh = useKontor((s) => s.refresh)
  const selected = useKontor((s) => s.selectedTicketId)
  const detail = useKontor((s) => s.detail)
  const detailError = useKontor((s) => s.detailError)
  const openTicket = useKontor((s) => s.openTicket)
  const reloadTicket = useKontor((s) => s.reloadTicket)
  const client = useKontor((s) => s.client)
  const visible = useRef<[number, number]>([0, 50])
  const [orderTypeLabels, setOrderTypeLabels] = useState<ReadonlyMap<string, string>>()

  useEffect(() => {
    if (!client) return
    // The list shows an order type's label; read once, not per row. Unread, a row shows the key.
    let live = true
    void client.call('team:orderTypes', {}).then((r) => {
      if (live && r.ok) setOrderTypeLabels(new Map(r.data.map((t) => [t.id, t.label])))
    })
    return () => {
      live = false
    }
  }, [client])

  const onVisibleRange = useCallback(
    (start: number, end: number) => {
      visible.current = [start, end]
      void ensureRows(start, end)
    },
    [ensureRows],
  )

  useEffect(() => {
    void ensureRows(0, 200)
    if (!client) return
    // Rows changed in the core (new mail, server data, an SLA state moved with time):
    // re-read the counts and the pages on screen; the list keeps its scroll position.
    const off = client.on('console:changed', () => void refresh(visible.current))
    return off
  }, [client, ensureRows, refresh])

  useEffect(() => {
    if (!client) return
    // New mail, bodies or our own replies on the open ticket: re-read it (coalesced, so a
    // sync's burst of changes is one read). `ticketIds`, when given, says which tickets.
    let timer: ReturnType<typeof setTimeout> | null = null
    const off = client.on('db:changed', (e) => {
      if (!e.tables.some((t) => t.startsWith('mail_'))) return
      const open = useKontor.getState().selectedTicketId
      if (
        !open ||
        (e.ticketIds && !e.ticketIds.includes(open) && !e.tables.includes('mail_bodies'))
      )
        return
      timer ??= setTimeout(() => {
        timer = null
        void reloadTicket()
      }, 250)
    })
    return () => {
      off()
      if (timer) clearTimeout(timer)
    }
  }, [client, reloadTicket])

  const rowAt = useCallback((i: number) => rows[i], [rows])

  return (
    <div className="console">
      <section className="list-pane" aria-label="Queue">
        <div className="list-toolbar">
          <span className="muted" data-testid="queue-total">
            {total} {total === 1 ? 'ticket' : 'tickets'}
          </span>
          <label className="muted">
            Sort{' '}
            <select
              value={sort}
              onChange={(e) => setSort(e.target.value === 'activity' ? 'activity' : 'sla')}
            >
              <option value="sla">SLA due first</option>
              <option value="activity">Latest activity</option>
            </select>
          </label>
        </div>
        {error && (
          <p role="alert" className="error pad">
            {error.message}
          </p>
        )}
        {loaded && total === 0 && !error && <p className="muted pad">No tickets in this queue.</p>}
        <TicketList
          total={total}
          rowAt={rowAt}
          onVisibleRange={onVisibleRange}
          selectedId={selected}
          onSelect={(id) => void openTicket(id)}
          orderTypeLabels={orderTypeLabels}
        />
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
      {detail?.ticket.accountId && (
        <section className="account-column" aria-label="Account beside the mail">
          <AccountPane key={detail.ticket.accountId} accountId={detail.ticket.accountId} />
        </section>
      )}
    </div>
  )
}
