import { z } from 'zod'
import { call, event } from './define'

/** A ticket in the list (derived from mail; its id hashes the thread's root Message-ID). */
export interface TicketSummary {
  id: string
  /** The thread's first message's subject, decoded. */
  subject: string
  /** null: the ticket is in Triage. */
  accountId: string | null
  /**
   * The account's name: the synced account's, else the locally imported one's; null in
   * Triage or when the account is not known here. `tickets:list` and `tickets:get` fill it;
   * a summary built elsewhere may leave it out (show the id then).
   */
  accountName?: string | null
  accountMatch: 'contact' | 'domain' | null
  /** 'open' (the customer waits for us) | 'waiting' (we replied last). */
  status: string
  messageCount: number
  /** Message-ID headers, `<...>`, oldest first. */
  messageIds: string[]
  lastMessageAt: string
  /** INTERNALDATE of the first customer message: where SLA clocks start. */
  firstCustomerMessageAt: string | null
  customerAddress: string | null
}

/** An account a Triage ticket probably belongs to, and why (e.g. `order SO-400087`). */
export interface AccountHint {
  accountId: string
  accountName: string
  reasons: string[]
}

/** A Triage ticket closed (or opened again) without an account, as the sync server has it. */
export interface TriageStateInfo {
  /** `open` also when the sender wrote again after a close that reopens (TRIAGE_STAYS_CLOSED). */
  status: 'open' | 'closed'
  /** When the sender's new message reopened the closed ticket (ISO); else null. */
  reopenedAt: string | null
  /** Why it was closed: spam, not_a_customer, handled_elsewhere. */
  reason: string | null
  /** The agent who changed it last, and when. */
  by: string | null
  byName: string | null
  at: string | null
  version: number
}

export interface MailPerson {
  name: string | null
  address: string
}

export interface TicketMessage {
  rowId: number
  messageId: string | null
  subject: string
  fromAddress: string | null
  fromName: string | null
  to: MailPerson[]
  cc: MailPerson[]
  internalDate: string
  direction: 'in' | 'out'
  /** The sender's Reply-To (where a reply goes); empty when the field is absent. */
  replyTo: MailPerson[]
  /** An automatic reply (out of office ...): shown, but it neither reopens nor answers. */
  autoReply: boolean
  /** Why this message is in the ticket: root, references, in-reply-to, subject, business-ref. */
  joinReason: string | null
  joinDetail: string | null
  bodyStatus: 'pending' | 'done' | 'failed'
  text: string | null
  /** Untrusted HTML: render only sanitised (DOMPurify) in a sandboxed frame. */
  html: string | null
  /** Set when the MIME could not be parsed; the message is shown as raw source. */
  parseError: string | null
  attachments: { filename: string | null; mimeType: string; size: number }[]
  folders: string[]
}

export interface TicketDetail {
  ticket: TicketSummary
  messages: TicketMessage[]
}

export interface SearchHit {
  ticketId: string | null
  messageId: string | null
  messageRowId: number
  subject: string
  fromAddress: string | null
  internalDate: string
  /** Plain text around the best match (mail text: render as text). */
  snippet: string
  /** The matched terms in `snippet`: [start, end) UTF-16 offsets, sorted, disjoint. */
  highlights: [number, number][]
  rank: number
}

export interface MailboxInfo {
  id: string
  address: string
  displayName: string | null
  folders: string[]
  canSend: boolean
}

export const OUTBOX_STATES = [
  'queued',
  'sending',
  'accepted',
  'copied',
  'done',
  'failed',
  'unknown_outcome',
] as const
export type OutboxStateName = (typeof OUTBOX_STATES)[number]

export interface OutboxEntry {
  id: string
  seq: number
  ticketId: string
  mailboxId: string
  messageId: string
  state: OutboxStateName
  attempts: number
  nextAttemptAt: string | null
  /** The server's text for a 5xx, or why the outcome is unknown. */
  lastError: string | null
  /** When the SMTP server accepted the reply: the SLA stops here. */
  acceptedAt: string | null
  subject: string
  createdAt: string
}

const address = z.union([
  z.string().min(3).max(998),
  z.object({ name: z.string().max(200).nullable(), address: z.string().min(3).max(320) }).strict(),
])

export const mailCalls = {
  /** The configured shared mailboxes (no secrets). */
  'mail:mailboxes': call<MailboxInfo[]>()(z.object({}).strict()),
  /** Tickets, newest activity first; by account or the Triage queue. */
  'tickets:list': call<TicketSummary[]>()(
    z
      .object({
        accountId: z.string().min(1).max(120).optional(),
        triage: z.boolean().optional(),
        limit: z.number().int().min(1).max(100_000).optional(),
      })
      .strict(),
  ),
  /** One ticket with its messages (bodies when synced) and why each was joined. */
  'tickets:get': call<TicketDetail>()(z.object({ id: z.string().min(1).max(64) }).strict()),
  /** For a Triage ticket: accounts its mail points at (numbers of their orders, contact names). */
  'tickets:accountHints': call<AccountHint[]>()(
    z.object({ id: z.string().min(1).max(64) }).strict(),
  ),
  /** A Triage ticket's state on the sync server (closed without an account); null: never changed. */
  'tickets:triage': call<TriageStateInfo | null>()(
    z.object({ id: z.string().min(1).max(64) }).strict(),
  ),
  /** Full-text search; any input is valid (quoted token by token). */
  'mail:search': call<SearchHit[]>()(
    z
      .object({ query: z.string().max(1000), limit: z.number().int().min(1).max(500).optional() })
      .strict(),
  ),
  /** Queue a reply (validated: CR/LF and malformed addresses are refused with E_INVALID_INPUT). */
  'mail:reply': call<OutboxEntry>()(
    z
      .object({
        ticketId: z.string().min(1).max(64),
        mailboxId: z.string().min(1).max(120),
        to: z.array(address).min(1).max(100),
        cc: z.array(address).max(100).optional(),
        subject: z.string().max(998),
        text: z.string().max(2_000_000),
      })
      .strict(),
  ),
  /** The reply outbox, in send order. */
  'mail:outbox': call<OutboxEntry[]>()(z.object({}).strict()),
  /** The agent's decision on a reply whose outcome is unknown (or that failed). */
  'mail:decideReply': call<OutboxEntry>()(
    z.object({ id: z.string().min(1).max(64), action: z.enum(['resend', 'discard']) }).strict(),
  ),
}

export const mailEvents = {
  /** A sync pass committed; re-read tickets. */
  'mail:synced': event<{ mailboxId: string; newMessages: number; tickets: number }>(),
  'mail:connection': event<{ mailboxId: string; status: 'connecting' | 'online' | 'offline' }>(),
  'mail:outboxChanged': event<{ id: string; state: OutboxStateName }>(),
}
