import { useCallback, useState } from 'react'
import type { TicketDetail, TicketMessage } from '../../../shared/contract'
import { MailFrame } from '../mail/MailFrame'
import { Composer } from './Composer'
import { TicketActions } from './TicketActions'

const JOIN_LABEL: Record<string, string> = {
  root: 'Started the ticket',
  references: 'Joined by References header',
  'in-reply-to': 'Joined by In-Reply-To header',
  subject: 'Joined by subject',
  'business-ref': 'Joined by business reference',
}

function formatDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

function confirmAndOpen(url: string): void {
  if (!/^(https?:|mailto:)/i.test(url)) return
  if (window.confirm(`Open this link outside Kontor?\n\n${url}`))
    window.open(url, '_blank', 'noopener,noreferrer')
}

function MessageBody({ message }: { message: TicketMessage }) {
  const [allowRemote, setAllowRemote] = useState(false)
  const [blocked, setBlocked] = useState(0)
  const onBlocked = useCallback((n: number) => setBlocked(n), [])
  if (message.parseError) {
    return (
      <div className="message-raw">
        <p className="error">
          This message could not be read ({message.parseError}); its source is shown as text.
        </p>
        <pre>{message.text ?? ''}</pre>
      </div>
    )
  }
  if (message.bodyStatus === 'pending')
    return <p className="muted">The body is still being downloaded.</p>
  if (message.html) {
    return (
      <>
        {blocked > 0 && !allowRemote && (
          <div className="remote-banner">
            {blocked} remote {blocked === 1 ? 'image was' : 'images were'} blocked.{' '}
            <button type="button" className="link" onClick={() => setAllowRemote(true)}>
              Load images
            </button>
          </div>
        )}
        <MailFrame
          html={message.html}
          allowRemote={allowRemote}
          onLink={confirmAndOpen}
          onBlockedRemote={onBlocked}
          title={`Message from ${message.fromAddress ?? 'unknown sender'}`}
        />
      </>
    )
  }
  return <pre className="message-text">{message.text ?? ''}</pre>
}

/** The thread of one ticket: who wrote, when, why each message belongs here. All header text is rendered as text. */
export function TicketView({ detail }: { detail: TicketDetail }) {
  const { ticket, messages } = detail
  return (
    <article className="ticket-view" aria-labelledby="ticket-subject">
      <header className="ticket-view-head">
        <h2 id="ticket-subject">{ticket.subject || '(no subject)'}</h2>
        <div className="muted">
          {ticket.accountId ? `Account ${ticket.accountId}` : 'Triage: no account matched yet'} ·{' '}
          {ticket.messageCount} messages · {ticket.status}
        </div>
        <TicketActions ticket={ticket} />
      </header>
      {messages.map((m) => (
        <section key={m.rowId} className={`message message-${m.direction}`} data-testid="message">
          <header className="message-head">
            <span className="message-from">
              {m.fromName
                ? `${m.fromName} <${m.fromAddress ?? ''}>`
                : (m.fromAddress ?? 'unknown sender')}
            </span>
            <span className="muted">{formatDate(m.internalDate)}</span>
          </header>
          {m.joinReason && (
            <div className="join-reason" title={m.joinDetail ?? ''}>
              {JOIN_LABEL[m.joinReason] ?? m.joinReason}
              {m.joinDetail ? `: ${m.joinDetail}` : ''}
            </div>
          )}
          <MessageBody message={m} />
          {m.attachments.length > 0 && (
            <ul className="attachments">
              {m.attachments.map((a, i) => (
                <li key={i}>
                  {a.filename ?? 'unnamed attachment'}{' '}
                  <span className="muted">({Math.ceil(a.size / 1024)} KB)</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <Composer key={ticket.id} detail={detail} />
    </article>
  )
}
