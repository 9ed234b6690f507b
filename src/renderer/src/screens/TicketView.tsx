import { useCallback, useState } from 'react'
import type {
  TicketDetail,
  TicketMessage,
  TriageStateInfo,
  ViewerSettings,
} from '../../../shared/contract'
import type { ContractClient } from '../../../shared/contract/client'
import { imageSenderFor } from '../../../shared/contract/viewer'
import { AttachmentList } from '../mail/AttachmentList'
import { LinkConfirm } from '../mail/LinkConfirm'
import { MailFrame } from '../mail/MailFrame'
import { RemoteImages } from '../mail/RemoteImages'
import { useSenderRoles, useViewerSettings } from '../mail/useViewer'
import { useKontor } from '../store'
import { Composer, type ComposeRequest, type ComposerMode } from './Composer'
import { OutboxBadge, outgoingFor, PendingOutgoing, useOutgoing } from './compose/Outgoing'
import { TicketNotes } from './compose/TicketNotes'
import { TicketActions } from './TicketActions'
import { TriageContact } from './TriageContact'
import { formatDateTime } from '../format'

const JOIN_LABEL: Record<string, string> = {
  root: 'Started the ticket',
  references: 'Joined by References header',
  'in-reply-to': 'Joined by In-Reply-To header',
  subject: 'Joined by subject',
  'business-ref': 'Joined by business reference',
}

/**
 * Where a reply to a customer's message goes when that is not its sender (Reply-To): the
 * composer addresses it there, and the agent should see why. (A follow-up to our own message
 * goes to its recipients, whatever its Reply-To.)
 */
function ReplyTo({ message }: { message: TicketMessage }) {
  if (message.direction !== 'in') return null
  const from = message.fromAddress?.toLowerCase()
  const others = message.replyTo.filter((p) => p.address.toLowerCase() !== from)
  if (others.length === 0) return null
  return (
    <div className="reply-to" data-testid="reply-to">
      Replies go to{' '}
      {others.map((p) => (p.name ? `${p.name} <${p.address}>` : p.address)).join(', ')}
    </div>
  )
}

function MessageBody({
  message,
  client,
  settings,
  onLink,
}: {
  message: TicketMessage
  client: ContractClient | null
  settings: ViewerSettings | null
  onLink: (url: string) => void
}) {
  const [loadedOnce, setLoadedOnce] = useState(false)
  const [blocked, setBlocked] = useState(0)
  const allowedBy = imageSenderFor(settings?.imageSenders ?? [], message.fromAddress)
  const allowRemote = loadedOnce || allowedBy !== null
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
        <RemoteImages
          client={client}
          blocked={blocked}
          fromAddress={message.fromAddress}
          allowedBy={allowedBy}
          loadedOnce={loadedOnce}
          onLoadOnce={() => setLoadedOnce(true)}
        />
        <MailFrame
          html={message.html}
          allowRemote={allowRemote}
          onLink={onLink}
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
  const [compose, setCompose] = useState<ComposeRequest | null>(null)
  const outgoing = useOutgoing(ticket.id)
  const act = (mode: ComposerMode, rowId: number) => setCompose({ mode, rowId, nonce: Date.now() })
  const client = useKontor((s) => s.client)
  const settings = useViewerSettings(client)
  const roles = useSenderRoles(client, ticket.accountId)
  const [link, setLink] = useState<string | null>(null)
  // The Triage state as TriageContact last read it, for this ticket only.
  const [triage, setTriage] = useState<{ id: string; state: TriageStateInfo | null } | null>(null)
  const onTriageState = useCallback(
    (state: TriageStateInfo | null) => setTriage({ id: ticket.id, state }),
    [ticket.id],
  )
  const triageClosed = triage?.id === ticket.id && triage.state?.status === 'closed'
  const onLink = useCallback((url: string) => setLink(url), [])
  return (
    <article className="ticket-view" aria-labelledby="ticket-subject">
      <header className="ticket-view-head">
        <h2 id="ticket-subject">{ticket.subject || '(no subject)'}</h2>
        <div className="muted">
          {ticket.accountId ? (
            <span className="ticket-view-account" title={`Account id ${ticket.accountId}`}>
              {ticket.accountName ?? ticket.accountId}
            </span>
          ) : triageClosed ? (
            'Triage: closed without an account'
          ) : (
            'Triage: no account matched yet'
          )}{' '}
          · {ticket.messageCount} messages · {ticket.status}
        </div>
        <TicketActions ticket={ticket} />
        {!ticket.accountId && (
          <TriageContact
            key={ticket.id}
            ticket={ticket}
            messages={messages}
            onState={onTriageState}
          />
        )}
      </header>
      {messages.map((m) => (
        <section
          key={m.rowId}
          className={`message message-${m.direction}${m.autoReply ? ' message-auto' : ''}`}
          data-testid="message"
        >
          <header className="message-head">
            <span className="message-from">
              {m.fromName
                ? `${m.fromName} <${m.fromAddress ?? ''}>`
                : (m.fromAddress ?? 'unknown sender')}
              {m.fromAddress && roles.get(m.fromAddress.toLowerCase()) && (
                <span className="sender-role" title="Role at the customer account">
                  {roles.get(m.fromAddress.toLowerCase())?.role}
                </span>
              )}
              {m.autoReply && (
                <span
                  className="auto-reply"
                  title="Sent automatically (out of office or similar): it neither reopens the ticket nor starts an SLA clock"
                >
                  automatic reply
                </span>
              )}
            </span>
            <span className="muted">{formatDateTime(m.internalDate)}</span>
            {(() => {
              const o = outgoingFor(outgoing, m)
              return o ? <OutboxBadge mail={o} /> : null
            })()}
          </header>
          <ReplyTo message={m} />
          {m.joinReason && (
            <div className="join-reason" title={m.joinDetail ?? ''}>
              {JOIN_LABEL[m.joinReason] ?? m.joinReason}
              {m.joinDetail ? `: ${m.joinDetail}` : ''}
            </div>
          )}
          <MessageBody message={m} client={client} settings={settings} onLink={onLink} />
          <AttachmentList
            client={client}
            messageRowId={m.rowId}
            attachments={m.attachments}
            settings={settings}
          />
          <div className="message-actions">
            <button type="button" onClick={() => act('reply', m.rowId)}>
              Reply
            </button>
            <button type="button" onClick={() => act('replyAll', m.rowId)}>
              Reply all
            </button>
            <button type="button" onClick={() => act('forward', m.rowId)}>
              Forward
            </button>
            <button
              type="button"
              onClick={() => act('note', m.rowId)}
              disabled={!ticket.accountId}
              title={
                ticket.accountId
                  ? 'An internal note for the team (never sent)'
                  : 'Notes are kept with the account: sort this ticket into one first'
              }
            >
              Note
            </button>
          </div>
        </section>
      ))}
      <PendingOutgoing outgoing={outgoing} messages={messages} />
      <TicketNotes ticketId={ticket.id} />
      <Composer
        key={ticket.id}
        detail={detail}
        request={compose && messages.some((m) => m.rowId === compose.rowId) ? compose : null}
      />
      {link !== null && (
        <LinkConfirm
          client={client}
          url={link}
          opensLinks={settings?.opensLinks ?? false}
          onClose={() => setLink(null)}
        />
      )}
    </article>
  )
}
