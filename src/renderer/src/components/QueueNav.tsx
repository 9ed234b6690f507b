import { useEffect } from 'react'
import { useKontor, type View } from '../store'

const REASON_LABEL: Record<string, string> = {
  waiting_on_customer: 'Customer',
  waiting_on_po_approval: 'PO / approval',
  waiting_on_erp_backorder: 'ERP / backorder',
  waiting_on_supplier: 'Supplier',
}

function isActive(view: View, queue: string, reason?: string): boolean {
  return view.kind === 'queue' && view.queue === queue && view.reason === reason
}

/** The queues with their counts, kept current by `console:changed`. */
export function QueueNav() {
  const queues = useKontor((s) => s.queues)
  const view = useKontor((s) => s.view)
  const setView = useKontor((s) => s.setView)
  const loadQueues = useKontor((s) => s.loadQueues)
  const client = useKontor((s) => s.client)

  useEffect(() => {
    void loadQueues()
    if (!client) return
    return client.on('console:changed', () => void loadQueues())
  }, [client, loadQueues])

  return (
    <nav className="sidebar" aria-label="Queues">
      {queues.map((q) => (
        <div key={q.id}>
          <button
            type="button"
            className={`nav-item${isActive(view, q.id) ? ' active' : ''}${q.id === 'breached' && q.count > 0 ? ' nav-alert' : ''}`}
            aria-current={isActive(view, q.id) ? 'page' : undefined}
            onClick={() => setView({ kind: 'queue', queue: q.id })}
            data-queue={q.id}
          >
            <span className="nav-label" title={q.label}>
              {q.label}
            </span>
            <span className="count">{q.count}</span>
          </button>
          {q.reasons?.map((r) => (
            <button
              key={r.reason}
              type="button"
              className={`nav-item nav-sub${isActive(view, q.id, r.reason) ? ' active' : ''}`}
              onClick={() => setView({ kind: 'queue', queue: q.id, reason: r.reason })}
            >
              <span className="nav-label" title={REASON_LABEL[r.reason] ?? r.reason}>
                {REASON_LABEL[r.reason] ?? r.reason}
              </span>
              <span className="count">{r.count}</span>
            </button>
          ))}
        </div>
      ))}
      <div className="nav-spacer" />
      <button
        type="button"
        className={`nav-item${view.kind === 'system' ? ' active' : ''}`}
        aria-current={view.kind === 'system' ? 'page' : undefined}
        onClick={() => setView({ kind: 'system' })}
      >
        System
      </button>
      <button
        type="button"
        className={`nav-item${view.kind === 'settings' ? ' active' : ''}`}
        aria-current={view.kind === 'settings' ? 'page' : undefined}
        onClick={() => setView({ kind: 'settings' })}
      >
        Settings
      </button>
    </nav>
  )
}
