import { useEffect, useState } from 'react'
import type { TicketNote } from '../../../../shared/contract'
import { useKontor } from '../../store'
import { formatDateTime } from '../../format'

/** Internal notes on the ticket (the server's and ones on their way): never mail, and never look like it. */
export function TicketNotes({ ticketId }: { ticketId: string }) {
  const client = useKontor((s) => s.client)
  const [notes, setNotes] = useState<TicketNote[]>([])
  useEffect(() => {
    if (!client) return
    let live = true
    const load = () =>
      void client.call('compose:notes', { ticketId }).then((r) => {
        if (live && r.ok) setNotes(r.data)
      })
    load()
    const off1 = client.on('compose:noteAdded', (e) => {
      if (e.ticketId === ticketId) load()
    })
    const off2 = client.on('db:changed', (e) => {
      if (e.tables.some((t) => t.startsWith('replica') || t === 'sync_outbox')) load()
    })
    return () => {
      live = false
      off1()
      off2()
    }
  }, [client, ticketId])
  if (notes.length === 0) return null
  return (
    <section className="notes" aria-label="Internal notes">
      {notes.map((n) => (
        <article key={n.noteId} className={`note note-${n.state}`} data-testid="note">
          <header className="note-head">
            <span className="note-tag">Internal note</span>
            <strong>{n.byName}</strong>
            <span className="muted">{formatDateTime(n.at)}</span>
            {n.state === 'pending' && <span className="muted">· waiting for sync</span>}
            {n.state === 'rejected' && (
              <span className="error">· refused by the server{n.error ? `: ${n.error}` : ''}</span>
            )}
          </header>
          <p className="note-text">{n.text}</p>
        </article>
      ))}
    </section>
  )
}
