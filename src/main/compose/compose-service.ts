import { randomUUID } from 'node:crypto'
import type { Clock } from '../../shared/clock'
import { sendCheck, unconfirmed, type CheckIssue, type CheckNote } from '../../shared/compose/check'
import { guessLanguage } from '../../shared/compose/language'
import { forwardBlock, replyQuote, type QuotedMessage } from '../../shared/compose/quote'
import {
  draftRecipients,
  parseRecipientField,
  type ComposeMode,
  type Person,
} from '../../shared/compose/recipients'
import {
  detectCategories,
  roleWarnings,
  splitOwnText,
  type ContentCategory,
} from '../../shared/compose/sensitivity'
import { forwardSubject, replySubject } from '../../shared/compose/subject'
import {
  leftoverPlaceholders,
  paymentTermsText,
  renderTemplate,
  TEMPLATES,
  TEMPLATE_FIELDS,
  type TemplateLanguage,
  type TemplateValues,
} from '../../shared/compose/templates'
import type {
  ComposeDraft,
  OutgoingMail,
  RenderedTemplateInfo,
  TemplateInfo,
  TicketNote,
} from '../../shared/contract/compose'
import { AddressError, addressKey, assertHeaderSafe } from '../../shared/mail/address'
import { KontorError } from '../../shared/errors'
import type { DbHandle } from '../db/open'
import { listMailboxes } from '../mail/mailboxes'
import type { Outbox, OutboxRow } from '../mail/outbox'
import type { SyncClient } from '../sync/sync-client'
import { agentName, loadAccountContext, signedInAgentId } from './context'

interface StoredMessage extends QuotedMessage {
  /** `date` is the sender's Date header (the attribution line), this the server's arrival time. */
  internalDate: string
  rowId: number
  messageId: string | null
  direction: 'in' | 'out'
  /** SQLite's 0/1: an automatic reply. */
  autoReply: number
  replyTo: Person[]
  mailboxId: string | null
}

/** What the agent has in the composer when checking or sending. */
export interface ComposeInput {
  ticketId: string
  mode: ComposeMode
  parentRowId: number
  mailboxId: string
  to: string
  cc?: string
  subject: string
  text: string
  includeQuote: boolean
  lang?: TemplateLanguage
  templateIds?: string[]
  openedAt: string
  lastSeenRowId: number
  ownOutboxIds?: string[]
}

export interface ComposeServiceOptions {
  db: DbHandle
  clock: Clock
  /** The mail outbox replies are queued in. */
  outbox: Outbox
  /** Null when the workspace has no sync server (notes then cannot be stored). */
  sync: SyncClient | null
}

function invalid(error: unknown): never {
  if (error instanceof AddressError)
    throw new KontorError('E_INVALID_INPUT', error.message, [
      { path: error.field, message: error.message },
    ])
  throw error
}

/**
 * The composer's core: drafts (recipients, one Re:/Fwd:, the quote re-sanitised from the
 * stored message), templates filled with account fields, the send-time check and the send
 * through the mail outbox, and internal notes through the sync outbox (never SMTP).
 */
export class ComposeService {
  constructor(private readonly o: ComposeServiceOptions) {}

  private ticket(ticketId: string): { id: string; accountId: string | null; subject: string } {
    const t = this.o.db.sqlite
      .prepare('SELECT id, account_id AS accountId, subject FROM mail_tickets WHERE id = ?')
      .get(ticketId) as { id: string; accountId: string | null; subject: string } | undefined
    if (!t) throw new KontorError('E_NOT_FOUND', `No ticket ${ticketId}.`)
    return t
  }

  private messages(ticketId: string): StoredMessage[] {
    const rows = this.o.db.sqlite
      .prepare(
        `SELECT m.id AS rowId, m.message_id AS messageId, m.subject, m.from_address AS fromAddress, m.from_name AS fromName,
                m."to", m.cc, m.reply_to AS replyTo, coalesce(m.sent_at, m.internal_date) AS date, m.internal_date AS internalDate, m.direction, m.auto_reply AS autoReply, b.text, b.html,
                (SELECT f.mailbox_id FROM mail_placements p JOIN mail_folders f ON f.id = p.folder_id
                  WHERE p.message_row_id = m.id LIMIT 1) AS mailboxId
           FROM mail_messages m LEFT JOIN mail_bodies b ON b.message_row_id = m.id
          WHERE m.ticket_id = ? ORDER BY m.internal_date, m.id`,
      )
      .all(ticketId) as (Omit<StoredMessage, 'to' | 'cc' | 'replyTo'> & {
      to: string
      cc: string
      replyTo: string
    })[]
    return rows.map((r) => ({
      ...r,
      to: JSON.parse(r.to) as Person[],
      cc: JSON.parse(r.cc) as Person[],
      replyTo: JSON.parse(r.replyTo) as Person[],
    }))
  }

  private message(ticketId: string, rowId: number | undefined): StoredMessage {
    const all = this.messages(ticketId)
    if (all.length === 0)
      throw new KontorError('E_NOT_FOUND', `Ticket ${ticketId} has no messages.`)
    if (rowId === undefined) {
      // Default: the latest customer message (what the agent answers, not an out-of-office
      // notice), else the latest.
      const incoming = all.filter((m) => m.direction === 'in').reverse()
      return incoming.find((m) => !m.autoReply) ?? incoming[0] ?? (all.at(-1) as StoredMessage)
    }
    const m = all.find((x) => x.rowId === rowId)
    if (!m) throw new KontorError('E_NOT_FOUND', `Message ${rowId} is not on ticket ${ticketId}.`)
    return m
  }

  private ownAddresses(): string[] {
    return listMailboxes(this.o.db).map((m) => m.address)
  }

  /** Send from the mailbox the message was addressed to, else the one it is filed in. */
  private pickMailbox(message: StoredMessage): string | null {
    const sendable = listMailboxes(this.o.db).filter((m) => m.smtp !== null)
    // To before Cc before From (our own message): the customer's main addressee answers.
    const addressed = [...message.to, ...message.cc, { address: message.fromAddress ?? '' }].map(
      (p) => addressKey(p.address),
    )
    return (
      addressed.map((a) => sendable.find((m) => addressKey(m.address) === a)).find(Boolean)?.id ??
      sendable.find((m) => m.id === message.mailboxId)?.id ??
      sendable[0]?.id ??
      null
    )
  }

  private quote(mode: ComposeMode, message: StoredMessage, lang: TemplateLanguage): string {
    return mode === 'forward' ? forwardBlock(message, lang) : replyQuote(message, lang)
  }

  draft(input: { ticketId: string; mode: ComposeMode; parentRowId?: number }): ComposeDraft {
    const ticket = this.ticket(input.ticketId)
    const all = this.messages(ticket.id)
    const message = this.message(ticket.id, input.parentRowId)
    // The customer's own words: an out-of-office notice is often in two languages (or the
    // mail system's), and says nothing about the language the customer writes in.
    const customerText = all
      .filter((m) => m.direction === 'in' && !m.autoReply)
      .map((m) => m.text ?? '')
      .join('\n')
    const lang = guessLanguage(customerText || message.text || message.subject)
    const { to, cc } = draftRecipients(input.mode, message, this.ownAddresses())
    const subject = message.subject || ticket.subject
    return {
      ticketId: ticket.id,
      mode: input.mode,
      parentRowId: message.rowId,
      mailboxId: this.pickMailbox(message),
      to,
      cc,
      subject: input.mode === 'forward' ? forwardSubject(subject) : replySubject(subject),
      quote: this.quote(input.mode, message, lang),
      lang,
      openedAt: this.o.clock.now().toISOString(),
      lastSeenRowId: Math.max(0, ...all.map((m) => m.rowId)),
    }
  }

  templates(): TemplateInfo[] {
    return TEMPLATES.map((t) => ({
      id: t.id,
      lang: t.lang,
      name: t.name,
      categories: t.categories,
    }))
  }

  private agentDisplayName(): string | null {
    return agentName(this.o.db, signedInAgentId(this.o.db))
  }

  renderTemplate(input: {
    templateId: string
    ticketId: string
    contactAddress?: string
  }): RenderedTemplateInfo {
    const template = TEMPLATES.find((t) => t.id === input.templateId)
    if (!template) throw new KontorError('E_NOT_FOUND', `No template ${input.templateId}.`)
    const ticket = this.ticket(input.ticketId)
    const account = loadAccountContext(this.o.db, ticket.accountId)
    const customer =
      input.contactAddress ??
      (
        this.o.db.sqlite
          .prepare('SELECT customer_address AS a FROM mail_tickets WHERE id = ?')
          .get(ticket.id) as { a: string | null }
      ).a
    const contact = customer
      ? account?.contacts.find((c) => addressKey(c.email) === addressKey(customer))
      : undefined
    // A sender who is not a known contact still has a name on their mail.
    const senderName = customer
      ? ((
          this.o.db.sqlite
            .prepare(
              'SELECT from_name AS n FROM mail_messages WHERE ticket_id = ? AND lower(from_address) = ? AND from_name IS NOT NULL LIMIT 1',
            )
            .get(ticket.id, addressKey(customer)) as { n: string } | undefined
        )?.n ?? null)
      : null
    const values: TemplateValues = {
      'contact.name': contact?.name ?? senderName,
      'account.name': account?.name ?? null,
      'account.paymentTerms':
        account?.paymentTermsDays != null
          ? paymentTermsText(account.paymentTermsDays, template.lang)
          : null,
      'account.currency': account?.currency ?? null,
      'rep.name': account?.repName ?? null,
      'agent.name': this.agentDisplayName(),
      'ticket.subject': ticket.subject || null,
    }
    const rendered = renderTemplate(template.body, values)
    return {
      templateId: template.id,
      text: rendered.text,
      fields: TEMPLATE_FIELDS.map((name) => ({ name, value: values[name] ?? null })),
      missing: rendered.missing,
      unknown: rendered.unknown,
    }
  }

  /** The mail as it would be sent: recipients parsed, the quote rebuilt from the stored message. */
  private prepare(input: ComposeInput) {
    const ticket = this.ticket(input.ticketId)
    const message = this.message(ticket.id, input.parentRowId)
    let to: Person[]
    let cc: Person[]
    try {
      to = parseRecipientField('to', input.to)
      cc = parseRecipientField('cc', input.cc ?? '')
      assertHeaderSafe('subject', input.subject)
    } catch (error) {
      invalid(error)
    }
    const lang = input.lang ?? guessLanguage(message.text ?? message.subject)
    const quote =
      input.includeQuote || input.mode === 'forward' ? this.quote(input.mode, message, lang) : ''
    const text = quote ? `${input.text.replace(/\s+$/, '')}\n\n${quote}\n` : input.text
    return { ticket, message, to, cc, text }
  }

  private notesByOthers(ticketId: string): CheckNote[] {
    const me = signedInAgentId(this.o.db)
    return this.serverNotes(ticketId)
      .filter((n) => n.by !== me)
      .map((n) => ({
        noteId: n.noteId,
        byName: agentName(this.o.db, n.by) ?? 'Another agent',
        at: n.at,
      }))
  }

  check(input: ComposeInput): CheckIssue[] {
    const { ticket, message, to, cc, text } = this.prepare(input)
    const account = loadAccountContext(this.o.db, ticket.accountId)
    const { own, quoted } = splitOwnText(text)
    const templateCategories: ContentCategory[] = (input.templateIds ?? []).flatMap(
      (id) => TEMPLATES.find((t) => t.id === id)?.categories ?? [],
    )
    const ownCategories = [...new Set([...detectCategories(own), ...templateCategories])]
    // Without an account (Triage) there is no contact list to judge recipients against.
    const warnings = !account
      ? []
      : roleWarnings({
          recipients: [...to, ...cc].map((p) => p.address),
          ownCategories,
          quotedCategories: detectCategories(quoted),
          quotedParticipants: [
            message.fromAddress ?? '',
            ...message.to.map((p) => p.address),
            ...message.cc.map((p) => p.address),
          ],
          contacts: account.contacts,
          accountDomains: account.domains,
          accountName: account.name,
        })
    const newMessages = this.o.db.sqlite
      .prepare(
        `SELECT id AS rowId, message_id AS messageId, direction, from_name AS fromName, from_address AS fromAddress, internal_date AS internalDate
           FROM mail_messages WHERE ticket_id = ? AND id > ? ORDER BY id`,
      )
      .all(ticket.id, input.lastSeenRowId) as Parameters<
      typeof sendCheck
    >[0]['newMessages'][number][]
    const outbox = this.o.db.sqlite
      .prepare(
        'SELECT id, message_id AS messageId, created_at AS createdAt, state FROM mail_outbox WHERE ticket_id = ? ORDER BY seq',
      )
      .all(ticket.id) as { id: string; messageId: string; createdAt: string; state: string }[]
    return sendCheck({
      now: this.o.clock.now(),
      openedAt: input.openedAt,
      lastSeenRowId: input.lastSeenRowId,
      newMessages: newMessages.map((m) => ({
        ...m,
        direction: m.direction === 'out' ? 'out' : 'in',
      })),
      outbox,
      ownOutboxIds: input.ownOutboxIds ?? [],
      notesByOthers: this.notesByOthers(ticket.id),
      roleWarnings: warnings,
      placeholders: leftoverPlaceholders(input.text),
    })
  }

  /** Check, and queue only when every current issue is confirmed. */
  async send(
    input: ComposeInput & { confirmed: string[] },
  ): Promise<{ status: 'queued'; row: OutboxRow } | { status: 'confirm'; issues: CheckIssue[] }> {
    if (!input.text.trim() && input.mode !== 'forward')
      throw new KontorError('E_INVALID_INPUT', 'The reply has no text.', [
        { path: 'text', message: 'empty' },
      ])
    // Ask only about what the agent has not confirmed yet (earlier confirmations stay valid).
    const open = unconfirmed(this.check(input), input.confirmed)
    if (open.length > 0) return { status: 'confirm', issues: open }
    const { ticket, message, to, cc, text } = this.prepare(input)
    const row = await this.o.outbox.enqueue({
      ticketId: ticket.id,
      mailboxId: input.mailboxId,
      to,
      cc,
      subject: input.subject,
      text,
      kind: input.mode === 'forward' ? 'forward' : 'reply',
      parentRowId: message.rowId,
    })
    return { status: 'queued', row }
  }

  outgoing(ticketId: string): OutgoingMail[] {
    const rows = this.o.db.sqlite
      .prepare(
        `SELECT id, message_id AS messageId, in_reply_to AS inReplyTo, "references" AS refs, state, last_error AS lastError, "to", cc,
                subject, text, created_at AS createdAt, accepted_at AS acceptedAt
           FROM mail_outbox WHERE ticket_id = ? ORDER BY seq`,
      )
      .all(ticketId) as {
      id: string
      messageId: string
      inReplyTo: string | null
      refs: string
      state: OutgoingMail['state']
      lastError: string | null
      to: string
      cc: string
      subject: string
      text: string
      createdAt: string
      acceptedAt: string | null
    }[]
    return rows.map((r) => ({
      id: r.id,
      messageId: `<${r.messageId}>`,
      kind:
        r.inReplyTo === null && (JSON.parse(r.refs) as string[]).length > 0 ? 'forward' : 'reply',
      state: r.state,
      lastError: r.lastError,
      to: JSON.parse(r.to) as Person[],
      cc: JSON.parse(r.cc) as Person[],
      subject: r.subject,
      excerpt: r.text.split('\n').slice(0, 6).join('\n').slice(0, 600),
      createdAt: r.createdAt,
      acceptedAt: r.acceptedAt,
    }))
  }

  private serverNotes(
    ticketId: string,
  ): { noteId: string; text: string; by: string; at: string }[] {
    const row = this.o.db.sqlite
      .prepare("SELECT data FROM replica_entities WHERE entity = 'ticket' AND id = ?")
      .get(ticketId) as { data: string } | undefined
    if (!row) return []
    const notes = (JSON.parse(row.data) as { notes?: unknown }).notes
    if (!Array.isArray(notes)) return []
    return notes.flatMap((n: Record<string, unknown>) =>
      typeof n.noteId === 'string' && typeof n.text === 'string' && typeof n.at === 'string'
        ? [{ noteId: n.noteId, text: n.text, by: typeof n.by === 'string' ? n.by : '', at: n.at }]
        : [],
    )
  }

  notes(ticketId: string): TicketNote[] {
    const server = this.serverNotes(ticketId)
    const seen = new Set(server.map((n) => n.noteId))
    const out: TicketNote[] = server.map((n) => ({
      noteId: n.noteId,
      text: n.text,
      byName: agentName(this.o.db, n.by) ?? 'Another agent',
      at: n.at,
      state: 'synced',
      error: null,
    }))
    const me = this.agentDisplayName() ?? 'You'
    const local = this.o.db.sqlite
      .prepare(
        "SELECT args, status, error, created_at AS createdAt FROM sync_outbox WHERE name = 'ticket.addNote' AND status IN ('pending', 'rejected') ORDER BY id",
      )
      .all() as { args: string; status: string; error: string | null; createdAt: string }[]
    for (const r of local) {
      const args = JSON.parse(r.args) as { ticketId: string; noteId: string; text: string }
      if (args.ticketId !== ticketId || seen.has(args.noteId)) continue
      out.push({
        noteId: args.noteId,
        text: args.text,
        byName: me,
        at: r.createdAt,
        state: r.status === 'rejected' ? 'rejected' : 'pending',
        error: r.error ? ((JSON.parse(r.error) as { message?: string }).message ?? null) : null,
      })
    }
    return out.sort((a, b) => a.at.localeCompare(b.at))
  }

  addNote(ticketId: string, text: string): TicketNote {
    const ticket = this.ticket(ticketId)
    if (!this.o.sync)
      throw new KontorError(
        'E_OFFLINE',
        'Internal notes are kept on the sync server, and none is configured for this workspace.',
      )
    if (!ticket.accountId)
      throw new KontorError(
        'E_RULE_VIOLATION',
        'This ticket has no account yet (Triage): add the sender to an account first ("Sort this ticket"), then add notes.',
      )
    const noteId = randomUUID()
    this.o.sync.enqueue({
      name: 'ticket.addNote',
      args: { ticketId: ticket.id, accountId: ticket.accountId, noteId, text },
    })
    this.o.sync.nudge()
    return {
      noteId,
      text,
      byName: this.agentDisplayName() ?? 'You',
      at: this.o.clock.now().toISOString(),
      state: 'pending',
      error: null,
    }
  }
}
