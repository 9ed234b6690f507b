import { useCallback, useEffect, useRef, useState } from 'react'
import type { CheckIssue } from '../../../shared/compose/check'
import { formatPerson, type ComposeMode } from '../../../shared/compose/recipients'
import type {
  ComposeDraft,
  MailboxInfo,
  OutboxEntry,
  RenderedTemplateInfo,
  TemplateInfo,
  TicketDetail,
} from '../../../shared/contract'
import type { ErrorInfo } from '../../../shared/errors'
import { useKontor } from '../store'
import { STATE_LABEL } from './compose/Outgoing'
import { SendConfirm } from './compose/SendConfirm'
import './compose/compose.css'

export type ComposerMode = ComposeMode | 'note'

/** What the ticket view asks for: a mode on one message (`nonce` makes a repeated click count). */
export interface ComposeRequest {
  mode: ComposerMode
  rowId: number
  nonce: number
}

const MODE_LABEL: Record<ComposerMode, string> = {
  reply: 'Reply',
  replyAll: 'Reply all',
  forward: 'Forward',
  note: 'Internal note',
}

const people = (list: { name: string | null; address: string }[]) =>
  list.map(formatPerson).join(', ')

/**
 * Reply, reply all, forward or an internal note. Drafts, templates, the send-time check and
 * the send itself are the core's (compose:*); this form only holds what the agent types.
 * Replies go through the outbox (work offline: queued, sent when the connection returns);
 * notes go to the sync server and never over SMTP.
 */
export function Composer({
  detail,
  request = null,
}: {
  detail: TicketDetail
  request?: ComposeRequest | null
}) {
  const client = useKontor((s) => s.client)
  const ticketId = detail.ticket.id
  const [mailboxes, setMailboxes] = useState<MailboxInfo[]>([])
  const [templates, setTemplates] = useState<TemplateInfo[]>([])
  const [mode, setMode] = useState<ComposerMode>('reply')
  const [draft, setDraft] = useState<ComposeDraft | null>(null)
  // The check compares against when the ticket was opened here, not when a mode was switched.
  const session = useRef<{ openedAt: string; lastSeenRowId: number } | null>(null)
  const ownOutboxIds = useRef<string[]>([])
  // Events the agent already confirmed in this session (a colleague's reply, a new note): not asked again.
  const seenEvents = useRef<string[]>([])
  const [mailboxId, setMailboxId] = useState('')
  const [to, setTo] = useState('')
  const [cc, setCc] = useState('')
  const [subject, setSubject] = useState('')
  const [text, setText] = useState('')
  const [includeQuote, setIncludeQuote] = useState(true)
  const [usedTemplates, setUsedTemplates] = useState<string[]>([])
  const [fieldsNote, setFieldsNote] = useState<RenderedTemplateInfo | null>(null)
  const [issues, setIssues] = useState<CheckIssue[] | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const [sent, setSent] = useState<OutboxEntry | null>(null)
  const [busy, setBusy] = useState(false)
  const textRef = useRef<HTMLTextAreaElement>(null)
  const formRef = useRef<HTMLFormElement>(null)

  useEffect(() => {
    if (!client) return
    void client.call('mail:mailboxes', {}).then((r) => {
      if (r.ok) setMailboxes(r.data.filter((m) => m.canSend))
    })
    void client.call('compose:templates', {}).then((r) => {
      if (r.ok) setTemplates(r.data)
    })
  }, [client])

  const loadDraft = useCallback(
    async (next: ComposeMode, rowId?: number) => {
      if (!client) return
      const r = await client.call('compose:draft', { ticketId, mode: next, parentRowId: rowId })
      if (!r.ok) {
        setError(r.error)
        return
      }
      const d = r.data
      session.current ??= { openedAt: d.openedAt, lastSeenRowId: d.lastSeenRowId }
      setDraft(d)
      if (d.mailboxId) setMailboxId(d.mailboxId)
      setTo(people(d.to))
      setCc(people(d.cc))
      setSubject(d.subject)
      setIssues(null)
      setError(null)
    },
    [client, ticketId],
  )

  // The default: a reply to the latest customer message, ready when the ticket opens.
  useEffect(() => {
    void loadDraft('reply')
  }, [loadDraft])

  useEffect(() => {
    if (!request) return
    setMode(request.mode)
    setSent(null)
    if (request.mode !== 'note') void loadDraft(request.mode, request.rowId)
    formRef.current?.scrollIntoView?.({ block: 'nearest' })
    textRef.current?.focus()
  }, [request, loadDraft])

  useEffect(() => {
    if (!client || !sent) return
    return client.on('mail:outboxChanged', (e) => {
      if (e.id === sent.id) setSent({ ...sent, state: e.state })
    })
  }, [client, sent])

  const insertTemplate = async (id: string) => {
    if (!client || !id) return
    const r = await client.call('compose:renderTemplate', {
      templateId: id,
      ticketId,
      contactAddress: draft?.to[0]?.address,
    })
    if (!r.ok) {
      setError(r.error)
      return
    }
    setText((t) => (t.trim() ? `${r.data.text}\n\n${t}` : r.data.text))
    setUsedTemplates((u) => [...new Set([...u, id])])
    setFieldsNote(r.data.missing.length + r.data.unknown.length > 0 ? r.data : null)
  }

  const send = async (confirmed: string[]) => {
    if (!client || !draft || mode === 'note') return
    setBusy(true)
    setError(null)
    const s = session.current ?? { openedAt: draft.openedAt, lastSeenRowId: draft.lastSeenRowId }
    const result = await client.call('compose:send', {
      ticketId,
      mode,
      parentRowId: draft.parentRowId,
      mailboxId: mailboxId || mailboxes[0]?.id || '',
      to,
      cc,
      subject,
      text,
      includeQuote,
      lang: draft.lang,
      templateIds: usedTemplates,
      openedAt: s.openedAt,
      lastSeenRowId: s.lastSeenRowId,
      ownOutboxIds: ownOutboxIds.current,
      confirmed: [...new Set([...seenEvents.current, ...confirmed])],
    })
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return
    }
    if (result.data.status === 'confirm') {
      setIssues(result.data.issues)
      return
    }
    ownOutboxIds.current = [...ownOutboxIds.current, result.data.entry.id]
    seenEvents.current = [
      ...seenEvents.current,
      ...confirmed.filter((k) => /^(replied|message|queued|note):/.test(k)),
    ]
    setSent(result.data.entry)
    setIssues(null)
    setText('')
    setUsedTemplates([])
    setFieldsNote(null)
  }

  const addNote = async () => {
    if (!client) return
    setBusy(true)
    setError(null)
    const r = await client.call('compose:addNote', { ticketId, text })
    setBusy(false)
    if (r.ok) setText('')
    else setError(r.error)
  }

  const switchMode = (next: ComposerMode) => {
    setMode(next)
    setSent(null)
    if (next !== 'note') void loadDraft(next, draft?.parentRowId)
  }

  const isNote = mode === 'note'
  if (!isNote && mailboxes.length === 0) {
    return (
      <div className="composer composer-empty">
        <ModeBar mode={mode} onChange={switchMode} />
        <p className="muted">No mailbox here can send mail (SMTP is not set up).</p>
      </div>
    )
  }
  return (
    <form
      ref={formRef}
      className={`composer ${isNote ? 'composer-note' : ''}`}
      aria-label={MODE_LABEL[mode]}
      onSubmit={(e) => {
        e.preventDefault()
        void (isNote ? addNote() : send([]))
      }}
    >
      <ModeBar mode={mode} onChange={switchMode} />
      {isNote ? (
        <p className="note-hint">
          Internal note: visible to your team only, kept on the ticket, never sent to the customer.
        </p>
      ) : (
        <>
          <div className="composer-row">
            <label>
              From{' '}
              <select
                value={mailboxId || mailboxes[0]?.id}
                onChange={(e) => setMailboxId(e.target.value)}
              >
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
              Cc <input value={cc} onChange={(e) => setCc(e.target.value)} aria-label="Cc" />
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
          <div className="composer-row">
            <label>
              Template{' '}
              <select
                value=""
                aria-label="Insert template"
                onChange={(e) => void insertTemplate(e.target.value)}
              >
                <option value="">Insert a template…</option>
                {(['en', 'de'] as const).map((lang) => (
                  <optgroup key={lang} label={lang === 'de' ? 'Deutsch' : 'English'}>
                    {templates
                      .filter((t) => t.lang === lang)
                      .map((t) => (
                        <option key={t.id} value={t.id}>
                          {t.name}
                        </option>
                      ))}
                  </optgroup>
                ))}
              </select>
            </label>
          </div>
          {fieldsNote && (
            <p className="fields-note" role="status">
              Fill in before sending:{' '}
              {[...fieldsNote.missing, ...fieldsNote.unknown].map((f) => `{{${f}}}`).join(', ')}
              {fieldsNote.missing.length > 0 ? ' (no value for this ticket)' : ''}
              {fieldsNote.unknown.length > 0 ? ` · unknown: ${fieldsNote.unknown.join(', ')}` : ''}
            </p>
          )}
        </>
      )}
      <textarea
        ref={textRef}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label={isNote ? 'Note text' : 'Reply text'}
        rows={6}
      />
      {!isNote && draft && (
        <div className="quote-box">
          {mode === 'forward' ? (
            <span className="muted">Forwarded message (attachments are not forwarded)</span>
          ) : (
            <label className="muted">
              <input
                type="checkbox"
                checked={includeQuote}
                onChange={(e) => setIncludeQuote(e.target.checked)}
              />{' '}
              Include the quoted message
            </label>
          )}
          {(includeQuote || mode === 'forward') && (
            <pre className="quote-preview" data-testid="quote-preview">
              {draft.quote}
            </pre>
          )}
        </div>
      )}
      {issues && (
        <SendConfirm
          issues={issues}
          onReview={() => setIssues(null)}
          onSend={() => void send(issues.map((i) => i.key))}
        />
      )}
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
        <button
          type="submit"
          disabled={
            busy ||
            !!issues ||
            (isNote ? !text.trim() : (!text.trim() && mode !== 'forward') || !to.trim())
          }
        >
          {busy
            ? isNote
              ? 'Saving…'
              : 'Queuing…'
            : isNote
              ? 'Add note'
              : mode === 'forward'
                ? 'Send forward'
                : 'Send reply'}
        </button>
      </div>
    </form>
  )
}

function ModeBar({
  mode,
  onChange,
}: {
  mode: ComposerMode
  onChange: (mode: ComposerMode) => void
}) {
  return (
    <div className="mode-bar" role="tablist" aria-label="Compose mode">
      {(['reply', 'replyAll', 'forward', 'note'] as const).map((m) => (
        <button
          key={m}
          type="button"
          role="tab"
          aria-selected={mode === m}
          className={mode === m ? 'active' : ''}
          onClick={() => onChange(m)}
        >
          {MODE_LABEL[m]}
        </button>
      ))}
    </div>
  )
}
