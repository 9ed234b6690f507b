import { useEffect, useState } from 'react'
import type { OutgoingMail, TicketMessage } from '../../../../shared/contract'
import { formatPerson } from '../../../../shared/compose/recipients'
import { useKontor } from '../../store'

export const STATE_LABEL: Record<string, string> = {
  queued: 'Queued (goes out when online)',
  sending: 'Sending…',
  accepted: 'Sent',
  copied: 'Sent',
  done: 'Sent',
  failed: 'Failed',
  unknown_outcome: 'Outcome unknown: check Sent before resending',
}

/** The ticket's replies and forwards in the outbox, kept current from outbox events. */
export function useOutgoing(ticketId: string): OutgoingMail[] {
  const client = useKontor((s) => s.client)
  const [rows, setRows] = useState<OutgoingMail[]>([])
  useEffect(() => {
    if (!client) return
    let live = true
    const load = () =>
      void client.call('compose:outgoing', { ticketId }).then((r) => {
        if (live && r.ok) setRows(r.data)
      })
    load()
    const off1 = client.on('mail:outboxChanged', load)
    const off2 = client.on('db:changed', (e) => {
      if (e.tables.includes('mail_outbox')) load()
    })
    return () => {
      live = false
      off1()
      off2()
    }
  }, [client, ticketId])
  return rows
}

export function OutboxBadge({ mail }: { mail: OutgoingMail }) {
  return (
    <span
      className={`outbox-badge outbox-${mail.state}`}
      data-testid="outbox-state"
      title={mail.lastError ?? undefined}
    >
      {STATE_LABEL[mail.state] ?? mail.state}
      {mail.state === 'failed' && mail.lastError ? `: ${mail.lastError}` : ''}
    </span>
  )
}

/**
 * A failed reply, or one whose outcome is unknown (never resent blindly: the agent checks and
 * decides), with the two decisions the outbox accepts.
 */
function Decide({ mail }: { mail: OutgoingMail }) {
  const client = useKontor((s) => s.client)
  const [error, setError] = useState<string | null>(null)
  if (mail.state !== 'failed' && mail.state !== 'unknown_outcome') return null
  if (mail.lastError === 'discarded by agent') return null
  const decide = async (action: 'resend' | 'discard') => {
    if (!client) return
    const r = await client.call('mail:decideReply', { id: mail.id, action })
    setError(r.ok ? null : r.error.message)
  }
  return (
    <div className="message-actions">
      <button type="button" onClick={() => void decide('resend')}>
        Resend
      </button>
      <button type="button" onClick={() => void decide('discard')}>
        Discard
      </button>
      {error && <span className="error">{error}</span>}
    </div>
  )
}

/** The outbox state of a thread message we sent (matched by Message-ID), if it went through the outbox here. */
export function outgoingFor(
  outgoing: OutgoingMail[],
  message: Pick<TicketMessage, 'messageId'>,
): OutgoingMail | undefined {
  return message.messageId
    ? outgoing.find((o) => o.messageId === `<${message.messageId}>`)
    : undefined
}

/** Replies and forwards not yet back from the Sent folder: shown on the thread with their state. */
export function PendingOutgoing({
  outgoing,
  messages,
}: {
  outgoing: OutgoingMail[]
  messages: TicketMessage[]
}) {
  const inThread = new Set(messages.flatMap((m) => (m.messageId ? [`<${m.messageId}>`] : [])))
  const pending = outgoing.filter((o) => !inThread.has(o.messageId))
  if (pending.length === 0) return null
  return (
    <>
      {pending.map((o) => (
        <section
          key={o.id}
          className="message message-out message-pending"
          data-testid="outgoing"
          aria-label={`${o.kind === 'forward' ? 'Forward' : 'Reply'} to ${o.to.map((p) => p.address).join(', ')}`}
        >
          <header className="message-head">
            <span className="message-from">
              {o.kind === 'forward' ? 'Forward' : 'Reply'} to {o.to.map(formatPerson).join(', ')}
              {o.cc.length > 0 ? ` · Cc ${o.cc.map(formatPerson).join(', ')}` : ''}
            </span>
            <OutboxBadge mail={o} />
          </header>
          <pre className="message-text">{o.excerpt}</pre>
          <Decide mail={o} />
        </section>
      ))}
    </>
  )
}
