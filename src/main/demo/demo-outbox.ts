/**
 * Replies in the demo workspace. The demo's mailboxes have no SMTP or IMAP server (they are
 * local, see `ingest.ts`), so a reply queued there is "sent" by putting it into its own
 * mailbox's Sent folder: the same forward-only states as the real outbox, each committed
 * before the next step (queued → sending → accepted → copied → done), the acceptance time
 * recorded (the SLA stops there), and the copy stored through the normal ingest pipeline, so
 * the reply appears in its ticket as a synced Sent copy would. Nothing leaves the machine.
 */
import type { Clock } from '../../shared/clock'
import type { Core } from '../core/core'
import type { DbHandle } from '../db/open'
import { ingestRawMessages, isLocalMailbox } from '../mail/ingest'
import { folderRole, loadMailbox } from '../mail/mailboxes'
import type { ParserPool } from '../mail/parser'

type State = 'queued' | 'sending' | 'accepted' | 'copied' | 'done'

function step(db: DbHandle, clock: Clock, id: string, from: State, to: State): boolean {
  const now = clock.now().toISOString()
  return (
    db.sqlite
      .prepare(
        `UPDATE mail_outbox SET state = ?, updated_at = ?,
           accepted_at = CASE WHEN ? = 'accepted' THEN ? ELSE accepted_at END,
           attempts = attempts + CASE WHEN ? = 'sending' THEN 1 ELSE 0 END
         WHERE id = ? AND state = ?`,
      )
      .run(to, now, to, now, to, id, from).changes === 1
  )
}

/**
 * Delivers every queued reply of a local mailbox, in queue order; emits the contract events.
 * Replies of other mailboxes are left to the mail service.
 */
export async function deliverDemoReplies(
  core: Pick<Core, 'db' | 'clock' | 'events'>,
  parser: ParserPool,
): Promise<number> {
  const { db, clock, events } = core
  const rows = db.sqlite
    .prepare(
      `SELECT id, mailbox_id AS mailboxId, raw FROM mail_outbox
        WHERE state IN ('queued', 'sending', 'accepted', 'copied') ORDER BY seq`,
    )
    .all() as { id: string; mailboxId: string; raw: Buffer }[]
  let delivered = 0
  for (const row of rows) {
    const mailbox = loadMailbox(db, row.mailboxId)
    if (!mailbox || !isLocalMailbox(mailbox)) continue
    const sent = mailbox.folders.find((f) => folderRole(f) === 'sent')
    if (!sent) continue
    const announce = (state: State) => events.emit('mail:outboxChanged', { id: row.id, state })
    if (step(db, clock, row.id, 'queued', 'sending')) announce('sending')
    if (step(db, clock, row.id, 'sending', 'accepted')) announce('accepted')
    const state = (
      db.sqlite.prepare('SELECT state FROM mail_outbox WHERE id = ?').get(row.id) as {
        state: State
      }
    ).state
    if (state === 'accepted') {
      const result = await ingestRawMessages(db, {
        mailboxId: mailbox.id,
        parser,
        clock,
        messages: [{ folder: sent, raw: row.raw, internalDate: clock.now(), flags: ['\\Seen'] }],
      })
      if (step(db, clock, row.id, 'accepted', 'copied')) announce('copied')
      events.emit('mail:synced', {
        mailboxId: mailbox.id,
        newMessages: result.messages,
        tickets: result.tickets,
      })
    }
    if (step(db, clock, row.id, 'copied', 'done')) announce('done')
    delivered++
  }
  if (delivered)
    events.emit('db:changed', { tables: ['mail_outbox', 'mail_messages', 'mail_tickets'] })
  return delivered
}
