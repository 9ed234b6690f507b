import type { TicketDetail, TicketMessage, TicketSummary } from '../../shared/contract/mail'
import type { DbHandle } from '../db/open'

/**
 * The ticket's account name, offline: the replica's account (server data) wins over the
 * locally imported account, as in the queue (console/queue-service.ts). `t` is mail_tickets.
 */
const ACCOUNT_NAME = `coalesce(
  (SELECT json_extract(r.data, '$.name') FROM replica_entities r WHERE r.entity = 'account' AND r.id = t.account_id),
  (SELECT la.name FROM local_accounts la WHERE la.id = t.account_id)) AS accountName`

export function listTickets(
  db: DbHandle,
  filter: { accountId?: string | null; triage?: boolean; limit?: number } = {},
): TicketSummary[] {
  const where: string[] = []
  const args: unknown[] = []
  if (filter.triage) where.push('t.account_id IS NULL')
  else if (filter.accountId) {
    where.push('t.account_id = ?')
    args.push(filter.accountId)
  }
  args.push(filter.limit ?? 100_000)
  const rows = db.sqlite
    .prepare(
      `SELECT t.id, t.subject, t.account_id AS accountId, ${ACCOUNT_NAME}, t.account_match AS accountMatch, t.status, t.message_count AS messageCount,
              t.last_message_at AS lastMessageAt, t.first_customer_message_at AS firstCustomerMessageAt, t.customer_address AS customerAddress,
              (SELECT json_group_array(message_id) FROM (SELECT message_id FROM mail_messages m WHERE m.ticket_id = t.id AND message_id IS NOT NULL
                ORDER BY internal_date, id)) AS messageIds
         FROM mail_tickets t ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY t.last_message_at DESC, t.id LIMIT ?`,
    )
    .all(...args) as (Omit<TicketSummary, 'messageIds'> & { messageIds: string })[]
  return rows.map((r) => ({
    ...r,
    messageIds: (JSON.parse(r.messageIds) as string[]).map((id) => `<${id}>`),
  }))
}

export function getTicket(db: DbHandle, id: string): TicketDetail | null {
  const ticket = db.sqlite
    .prepare(
      `SELECT t.id, t.subject, t.account_id AS accountId, ${ACCOUNT_NAME}, t.account_match AS accountMatch, t.status, t.message_count AS messageCount,
              t.last_message_at AS lastMessageAt, t.first_customer_message_at AS firstCustomerMessageAt, t.customer_address AS customerAddress
         FROM mail_tickets t WHERE t.id = ?`,
    )
    .get(id) as Omit<TicketSummary, 'messageIds'> | undefined
  if (!ticket) return null
  const rows = db.sqlite
    .prepare(
      `SELECT m.id AS rowId, m.message_id AS messageId, m.subject, m.from_address AS fromAddress, m.from_name AS fromName, m."to", m.cc, m.reply_to AS replyTo,
              m.internal_date AS internalDate, m.direction, m.auto_reply AS autoReply, m.join_reason AS joinReason, m.join_detail AS joinDetail, m.body_status AS bodyStatus,
              b.text, b.html, b.parse_error AS parseError, coalesce(b.attachments, '[]') AS attachments,
              (SELECT json_group_array(f.path) FROM mail_placements p JOIN mail_folders f ON f.id = p.folder_id WHERE p.message_row_id = m.id) AS folders
         FROM mail_messages m LEFT JOIN mail_bodies b ON b.message_row_id = m.id
        WHERE m.ticket_id = ? ORDER BY m.internal_date, m.id`,
    )
    .all(id) as (Omit<
    TicketMessage,
    'to' | 'cc' | 'replyTo' | 'attachments' | 'folders' | 'autoReply'
  > & {
    autoReply: number
    to: string
    cc: string
    replyTo: string
    attachments: string
    folders: string
  })[]
  const messages: TicketMessage[] = rows.map((r) => ({
    ...r,
    autoReply: r.autoReply === 1,
    to: JSON.parse(r.to) as TicketMessage['to'],
    cc: JSON.parse(r.cc) as TicketMessage['cc'],
    replyTo: JSON.parse(r.replyTo) as TicketMessage['replyTo'],
    attachments: JSON.parse(r.attachments) as TicketMessage['attachments'],
    folders: JSON.parse(r.folders) as string[],
  }))
  return {
    ticket: {
      ...ticket,
      messageIds: messages.flatMap((m) => (m.messageId ? [`<${m.messageId}>`] : [])),
    },
    messages,
  }
}
