import { z } from 'zod'
import type { CheckIssue } from '../compose/check'
import type { ComposeMode, Person } from '../compose/recipients'
import type { ReplyTemplate, TemplateLanguage } from '../compose/templates'
import { call, event } from './define'
import type { OutboxEntry, OutboxStateName } from './mail'

/** What the composer starts from: recipients, subject and the (re-sanitised) quote of one message. */
export interface ComposeDraft {
  ticketId: string
  mode: ComposeMode
  /** The message answered or forwarded. */
  parentRowId: number
  /** The shared mailbox to send from (the one the customer wrote to), null if none can send. */
  mailboxId: string | null
  to: Person[]
  cc: Person[]
  subject: string
  /** Plain text, already quoted (`> `) for replies, a forwarded-message block for forwards. */
  quote: string
  lang: TemplateLanguage
  /** The core's clock when this draft was made: the send-time check looks for what came after. */
  openedAt: string
  /** The newest message row of the ticket at that moment. */
  lastSeenRowId: number
}

export type TemplateInfo = Pick<ReplyTemplate, 'id' | 'lang' | 'name' | 'categories'>

export interface RenderedTemplateInfo {
  templateId: string
  text: string
  /** Every field with the value used (null: no value here, left as `{{field}}`). */
  fields: { name: string; value: string | null }[]
  missing: string[]
  unknown: string[]
}

export interface CheckResult {
  issues: CheckIssue[]
}

export type SendResult =
  | { status: 'queued'; entry: OutboxEntry }
  /** Nothing was queued: these issues need the agent's confirmation (send again with their keys). */
  | { status: 'confirm'; issues: CheckIssue[] }

export interface TicketNote {
  noteId: string
  text: string
  byName: string
  at: string
  /** synced: on the server; pending: queued in the sync outbox; rejected: the server refused it. */
  state: 'synced' | 'pending' | 'rejected'
  error: string | null
}

/** A reply or forward queued here for a ticket, with its outbox state, shown on the thread. */
export interface OutgoingMail {
  id: string
  messageId: string
  kind: 'reply' | 'forward'
  state: OutboxStateName
  lastError: string | null
  to: Person[]
  cc: Person[]
  subject: string
  /** The first lines of the text (never logged). */
  excerpt: string
  createdAt: string
  acceptedAt: string | null
}

const ticketId = z.string().min(1).max(64)
const rowId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)
const iso = z.iso.datetime({ offset: true })

/** The fields a check and a send share: the draft as the agent has it now. */
const composeInput = {
  ticketId,
  mode: z.enum(['reply', 'replyAll', 'forward']),
  parentRowId: rowId,
  mailboxId: z.string().min(1).max(120),
  /** As typed: `Name <a@x>, b@y` (parsed by the core with an RFC 5322 grammar). */
  to: z.string().max(20_000),
  cc: z.string().max(20_000).optional(),
  subject: z.string().max(998),
  /** The agent's own text (the quote is rebuilt by the core from the stored message). */
  text: z.string().max(2_000_000),
  includeQuote: z.boolean(),
  lang: z.enum(['en', 'de']).optional(),
  /** Templates used, for the role check (their declared content). */
  templateIds: z.array(z.string().min(1).max(60)).max(20).optional(),
  openedAt: iso,
  lastSeenRowId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Outbox ids this composer queued already (its own replies are not "someone else"). */
  ownOutboxIds: z.array(z.string().min(1).max(64)).max(100).optional(),
}

/** Calls for replies beyond a plain reply (reply-all, forward, templates with account fields, internal notes, send-time checks). */
export const composeCalls = {
  /** Start a reply, reply-all or forward of one ticket message. */
  'compose:draft': call<ComposeDraft>()(
    z
      .object({
        ticketId,
        mode: z.enum(['reply', 'replyAll', 'forward']),
        parentRowId: rowId.optional(),
      })
      .strict(),
  ),
  /** The reply templates (English and German). */
  'compose:templates': call<TemplateInfo[]>()(z.object({}).strict()),
  /** A template filled with the ticket's account fields; missing and unknown fields listed. */
  'compose:renderTemplate': call<RenderedTemplateInfo>()(
    z
      .object({
        templateId: z.string().min(1).max(60),
        ticketId,
        /** The recipient the text speaks to (for {{contact.name}}); default the customer. */
        contactAddress: z.string().max(320).optional(),
      })
      .strict(),
  ),
  /** The send-time check alone (nothing is queued). */
  'compose:check': call<CheckResult>()(z.object(composeInput).strict()),
  /**
   * Check, then queue in the mail outbox (works offline). When the check finds issues not in
   * `confirmed`, nothing is queued and they are returned for the agent to confirm.
   */
  'compose:send': call<SendResult>()(
    z.object({ ...composeInput, confirmed: z.array(z.string().min(1).max(400)).max(100) }).strict(),
  ),
  /** Replies and forwards queued here for one ticket, with their outbox state. */
  'compose:outgoing': call<OutgoingMail[]>()(z.object({ ticketId }).strict()),
  /** Internal notes on a ticket: the server's, and ones still on their way there. */
  'compose:notes': call<TicketNote[]>()(z.object({ ticketId }).strict()),
  /** Add an internal note (through the sync outbox; never mailed). */
  'compose:addNote': call<TicketNote>()(
    z.object({ ticketId, text: z.string().trim().min(1).max(10_000) }).strict(),
  ),
}

export const composeEvents = {
  /** A note was queued for the server. */
  'compose:noteAdded': event<{ ticketId: string; noteId: string }>(),
}
