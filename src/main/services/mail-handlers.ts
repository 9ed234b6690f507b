import type { OutboxEntry } from '../../shared/contract/mail'
import type { Core } from '../core/core'
import type { HandlerSlice } from '../core/dispatch'
import { accountHints } from '../mail/account-hints'
import { isLocalMailbox } from '../mail/ingest'
import { listMailboxes } from '../mail/mailboxes'
import { Outbox, type OutboxRow } from '../mail/outbox'
import { getTicket, listTickets } from '../mail/queries'
import { searchMail } from '../mail/search'
import { triageState } from '../mail/triage'
import { KontorError } from '../../shared/errors'

type MailCall =
  | 'mail:mailboxes'
  | 'tickets:list'
  | 'tickets:get'
  | 'tickets:accountHints'
  | 'tickets:triage'
  | 'mail:search'
  | 'mail:reply'
  | 'mail:outbox'
  | 'mail:decideReply'

/** An outbox row as the contract shows it (Message-ID in angle brackets). */
export function outboxEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    seq: row.seq,
    ticketId: row.ticketId,
    mailboxId: row.mailboxId,
    messageId: `<${row.messageId}>`,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    acceptedAt: row.acceptedAt,
    subject: row.subject,
    createdAt: row.createdAt,
  }
}

/**
 * Mail, tickets and search for the console. Reads come straight from the local store; a reply
 * is only queued here (one transaction), the mail service drains the outbox when online.
 */
export function mailHandlers(core: Core): HandlerSlice<MailCall> {
  const outbox = new Outbox({ db: core.db, clock: core.clock, log: core.log })
  return {
    'mail:mailboxes': () =>
      listMailboxes(core.db).map((m) => ({
        id: m.id,
        address: m.address,
        displayName: m.displayName,
        folders: m.folders,
        // A local mailbox (the demo's) sends into its own Sent folder (demo/demo-outbox.ts).
        canSend: m.smtp !== null || isLocalMailbox(m),
      })),
    'tickets:list': (input) =>
      listTickets(core.db, {
        accountId: input.accountId ?? null,
        triage: input.triage,
        limit: input.limit,
      }),
    'tickets:get': (input) => {
      const ticket = getTicket(core.db, input.id)
      if (!ticket) throw new KontorError('E_NOT_FOUND', `No ticket ${input.id}.`)
      return ticket
    },
    'tickets:accountHints': (input) => accountHints(core.db, input.id),
    'tickets:triage': (input) => triageState(core.db, input.id),
    'mail:search': (input) => searchMail(core.db, input.query, { limit: input.limit }),
    'mail:reply': async (input) => {
      const row = await outbox.enqueue(input)
      core.events.emit('mail:outboxChanged', { id: row.id, state: row.state })
      core.events.emit('db:changed', { tables: ['mail_outbox'] })
      return outboxEntry(row)
    },
    'mail:outbox': () => outbox.list().map(outboxEntry),
    'mail:decideReply': (input) => {
      const row = outbox.decide(input.id, input.action)
      core.events.emit('mail:outboxChanged', { id: row.id, state: row.state })
      return outboxEntry(row)
    },
  }
}
