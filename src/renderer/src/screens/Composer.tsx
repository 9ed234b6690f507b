import { useEffect, useState } from 'react'
import type { MailboxInfo, OutboxEntry, TicketDetail } from '../../../shared/contract'
import type { ErrorInfo } from '../../../shared/errors'
import { useKontor } from '../store'

const STATE_LABEL: Record<string, string> = {
  queued: 'Queued (goes out when online)',
  sending: 'Sending…',
  accepted: 'Sent',
  copied: 'Sent',
  done: 'Sent',
  failed: 'Failed',
  unknown_outcome: 'Outcome unknown: check Sent before resending',
}

function replySubject(subject: string): string {
  return /^re:/i.test(subject.trim()) ? subject : `Re: ${subject}`
}

/**
 * Reply to the customer through the outbox (works offline: the reply is queued and goes out
 * when the connection returns). Addresses are validated by the core, which refuses CR/LF
 * and malformed addresses with a clear error.
 */
export function Composer({ detail }: { detail: TicketDetail }) {
  const client = useKontor((s) => s.client)
  const [mailboxes, setMailboxes] = useState<MailboxInfo[]>([])
  const [mailboxId, setMailboxId] = useState('')
  const [to, setTo] = useState(detail.ticket.customerAddress ?? '')
  const [subject, setSubject] = useState(replySubject(detail.ticket.subject))
  const [text, setText] = useState('')
  const [error, setError] = useState<ErrorInfo | null>(null)
  const [sent, setSent] = useState<OutboxEntry | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!client) return
    void client.call('mail:mailboxes', {}).then((r) => {
      if (!r.ok) return
      const sendable = r.data.filter((m) => m.canSend)
      setMailboxes(sendable)
      // Answer from the mailbox the customer wrote to, when we know it.
      const inbound = detail.messages.find((m) => m.direction === 'in')
      const match = sendable.find((m) =>
        inbound?.to.some((p) => p.address.toLowerCase() === m.address.toLowerCase()),
      )
      setMailboxId((match ?? sendable[0])?.id ?? '')
    })
  }, [client, detail])

  useEffect(() => {
    if (!client || !sent) return
    return client.on('mail:outboxChanged', (e) => {
      if (e.id === sent.id) setSent({ ...sent, state: e.state })
    })
  }, [client, sent])

  const send = async () => {
    if (!client) return
    setBusy(true)
    setError(null)
    const result = await client.call('mail:reply', {
      ticketId: detail.ticket.id,
      mailboxId,
      to: to
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
      subject,
      text,
    })
    setBusy(false)
    if (result.ok) {
      setSent(result.data)
      setText('')
    } else setError(result.error)
  }

  if (mailboxes.length === 0) return null
  return (
    <form
      className="composer"
      aria-label="Reply"
      onSubmit={(e) => {
        e.preventDefault()
        void send()
      }}
    >
      <div className="composer-row">
        <label>
          From{' '}
          <select value={mailboxId} onChange={(e) => setMailboxId(e.target.value)}>
            {mailboxes.map((m) => (
              <option key={m.id} value={m.id}>
                {m.displayName ? `${m.displayName} <${m.address}>` : m.address}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="composer-row">
        <label>
          To <input value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" />
        </label>
      </div>
      <div className="composer-row">
        <label>
          Subject{' '}
          <input
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            aria-label="Subject"
          />
        </label>
      </div>
      <textarea
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label="Reply text"
        rows={6}
      />
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div className="composer-actions">
        {sent && (
          <span className={`muted outbox-${sent.state}`} data-testid="reply-state">
            {STATE_LABEL[sent.state] ?? sent.state}
          </span>
        )}
        <button type="submit" disabled={busy || !text.trim() || !to.trim()}>
          {busy ? 'Queuing…' : 'Send reply'}
        </button>
      </div>
    </form>
  )
}
