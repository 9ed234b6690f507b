import { ComposeService } from '../compose/compose-service'
import type { Core } from '../core/core'
import type { HandlerSlice } from '../core/dispatch'
import { Outbox } from '../mail/outbox'
import { outboxEntry } from './mail-handlers'

type ComposeCall =
  | 'compose:draft'
  | 'compose:templates'
  | 'compose:renderTemplate'
  | 'compose:check'
  | 'compose:send'
  | 'compose:outgoing'
  | 'compose:notes'
  | 'compose:addNote'

/** Handlers for replies beyond a plain reply (reply-all, forward, templates with account fields, internal notes, send-time checks). */
export function composeHandlers(core: Core): HandlerSlice<ComposeCall> {
  const outbox = new Outbox({ db: core.db, clock: core.clock, log: core.log })
  const compose = new ComposeService({ db: core.db, clock: core.clock, outbox, sync: core.sync })
  return {
    'compose:draft': (input) => compose.draft(input),
    'compose:templates': () => compose.templates(),
    'compose:renderTemplate': (input) => compose.renderTemplate(input),
    'compose:check': (input) => ({ issues: compose.check(input) }),
    'compose:send': async (input) => {
      const result = await compose.send(input)
      if (result.status === 'confirm') return result
      core.events.emit('mail:outboxChanged', { id: result.row.id, state: result.row.state })
      core.events.emit('db:changed', { tables: ['mail_outbox'], ticketIds: [result.row.ticketId] })
      return { status: 'queued', entry: outboxEntry(result.row) }
    },
    'compose:outgoing': (input) => compose.outgoing(input.ticketId),
    'compose:notes': (input) => compose.notes(input.ticketId),
    'compose:addNote': (input) => {
      const note = compose.addNote(input.ticketId, input.text)
      core.events.emit('compose:noteAdded', { ticketId: input.ticketId, noteId: note.noteId })
      return note
    },
  }
}
