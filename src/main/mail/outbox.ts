import { randomUUID } from 'node:crypto'
import { ImapFlow } from 'imapflow'
import nodemailer from 'nodemailer'
import MailComposer from 'nodemailer/lib/mail-composer'
import type { Clock } from '../../shared/clock'
import { KontorError } from '../../shared/errors'
import {
  AddressError,
  assertHeaderSafe,
  domainOf,
  parseMailboxList,
  type MailAddress,
} from '../../shared/mail/address'
import { bracketId } from '../../shared/mail/message-id'
import type { Logger } from '../core/logger'
import type { DbHandle } from '../db/open'
import { loadMailbox, type MailboxConfig } from './mailboxes'
import type { SecretStore } from './secrets'

export type OutboxState =
  'queued' | 'sending' | 'accepted' | 'copied' | 'done' | 'failed' | 'unknown_outcome'

export interface OutboxRow {
  id: string
  seq: number
  ticketId: string
  mailboxId: string
  messageId: string
  state: OutboxState
  attempts: number
  nextAttemptAt: string | null
  lastError: string | null
  acceptedAt: string | null
  subject: string
  to: string
  createdAt: string
}

export interface ReplyInput {
  ticketId: string
  mailboxId: string
  to: (string | MailAddress)[]
  cc?: (string | MailAddress)[]
  subject: string
  text: string
  /**
   * 'forward': the mail goes to a new party, so it answers no one (no In-Reply-To); it still
   * carries References so it stays on the ticket when it comes back from Sent. Default 'reply'.
   */
  kind?: 'reply' | 'forward'
  /** The ticket message answered or forwarded (its row id); default the ticket's latest. */
  parentRowId?: number
}

export interface OutboxOptions {
  db: DbHandle
  clock: Clock
  /** Needed to drain (SMTP and IMAP logins); enqueueing works without. */
  secrets?: SecretStore
  log: Logger
  /** Sent folder path for APPEND and the Message-ID lookup. */
  sentFolder?: string
  /** First retry delay after a 4xx or an offline server; doubles per attempt up to an hour. */
  retryBaseMs?: number
}

export interface DrainResult {
  sent: number
  retried: number
  failed: number
  unknown: number
  resolved: number
}

// Errors raised before the server could have received the message: a resend is safe.
const NOT_CONNECTED =
  /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ECONNRESET before|getaddrinfo/

function buildRaw(mail: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    new MailComposer(mail).compile().build((err, message) => (err ? reject(err) : resolve(message)))
  })
}

/**
 * The reply outbox (ARCHITECTURE "Replies", issue 3 §6). States move forward only, each step
 * committed before the next network action:
 *
 *   queued ─▶ sending ─▶ accepted ─▶ copied ─▶ done
 *              │  └─▶ failed (5xx: the server's text is kept for the agent)
 *              └─▶ unknown_outcome (crash or lost connection after the message may have gone)
 *
 * `unknown_outcome` is never resent blindly (a duplicate reply to a customer is worse than a
 * late one): the Sent folder is searched for the fixed Message-ID; found means it went out;
 * otherwise the agent decides (resend or discard).
 */
export class Outbox {
  private draining: Promise<DrainResult> | null = null

  constructor(private readonly o: OutboxOptions) {}

  private secrets(): SecretStore {
    if (!this.o.secrets)
      throw new KontorError('E_NOT_FOUND', 'No secret store: this process cannot send mail.')
    return this.o.secrets
  }

  private now(): string {
    return this.o.clock.now().toISOString()
  }

  /** Validate and queue a reply in one transaction; Message-ID, In-Reply-To, References fixed here. */
  async enqueue(input: ReplyInput): Promise<OutboxRow> {
    const mailbox = loadMailbox(this.o.db, input.mailboxId)
    if (!mailbox) throw new KontorError('E_NOT_FOUND', `No mailbox ${input.mailboxId}.`)
    let to: MailAddress[]
    let cc: MailAddress[]
    try {
      to = parseMailboxList('to', input.to)
      cc = parseMailboxList('cc', input.cc ?? [])
      assertHeaderSafe('subject', input.subject)
      if (mailbox.displayName) assertHeaderSafe('from name', mailbox.displayName)
    } catch (error) {
      if (error instanceof AddressError) {
        throw new KontorError('E_INVALID_INPUT', error.message, [
          { path: error.field, message: error.message },
        ])
      }
      throw error
    }
    if (to.length === 0)
      throw new KontorError('E_INVALID_INPUT', 'A reply needs at least one recipient.', [
        { path: 'to', message: 'empty' },
      ])
    const parent = (
      input.parentRowId !== undefined
        ? this.o.db.sqlite
            .prepare(
              `SELECT message_id AS messageId, "references" AS refs FROM mail_messages WHERE ticket_id = ? AND id = ? AND message_id IS NOT NULL`,
            )
            .get(input.ticketId, input.parentRowId)
        : this.o.db.sqlite
            .prepare(
              `SELECT message_id AS messageId, "references" AS refs FROM mail_messages WHERE ticket_id = ? AND message_id IS NOT NULL
         ORDER BY internal_date DESC, id DESC LIMIT 1`,
            )
            .get(input.ticketId)
    ) as { messageId: string; refs: string } | undefined
    if (input.parentRowId !== undefined && !parent)
      throw new KontorError(
        'E_NOT_FOUND',
        `Message ${input.parentRowId} is not on ticket ${input.ticketId} (or has no Message-ID).`,
      )
    const inReplyTo = parent && input.kind !== 'forward' ? parent.messageId : null
    // RFC 5322 §3.6.4: References = parent's References + parent's Message-ID (trimmed, keeping
    // the first id, which names the thread root, as RFC 5537 §3.4.4 suggests).
    let references = parent ? [...(JSON.parse(parent.refs) as string[]), parent.messageId] : []
    if (references.length > 20) references = [references[0] as string, ...references.slice(-19)]
    const messageId = `${randomUUID()}@${domainOf(mailbox.address) || 'kontor.invalid'}`
    const createdAt = this.now()
    const raw = await buildRaw({
      from: { name: mailbox.displayName ?? '', address: mailbox.address },
      to: to.map((a) => ({ name: a.name ?? '', address: a.address })),
      cc: cc.map((a) => ({ name: a.name ?? '', address: a.address })),
      subject: input.subject,
      text: input.text,
      messageId: bracketId(messageId),
      inReplyTo: inReplyTo ? bracketId(inReplyTo) : undefined,
      references: references.map(bracketId).join(' ') || undefined,
      date: this.o.clock.now(),
    })
    const id = randomUUID()
    this.o.db.sqlite.transaction(() => {
      const seq = (
        this.o.db.sqlite
          .prepare('SELECT coalesce(max(seq), 0) + 1 AS n FROM mail_outbox')
          .get() as { n: number }
      ).n
      this.o.db.sqlite
        .prepare(
          `INSERT INTO mail_outbox (id, seq, ticket_id, mailbox_id, message_id, in_reply_to, "references", "from", "to", cc, subject, text, raw,
            state, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)`,
        )
        .run(
          id,
          seq,
          input.ticketId,
          mailbox.id,
          messageId,
          inReplyTo,
          JSON.stringify(references),
          mailbox.address,
          JSON.stringify(to),
          JSON.stringify(cc),
          input.subject,
          input.text,
          raw,
          createdAt,
          createdAt,
        )
    })()
    return this.get(id) as OutboxRow
  }

  get(id: string): OutboxRow | null {
    return (
      (this.o.db.sqlite
        .prepare(
          `SELECT id, seq, ticket_id AS ticketId, mailbox_id AS mailboxId, message_id AS messageId, state, attempts,
                next_attempt_at AS nextAttemptAt, last_error AS lastError, accepted_at AS acceptedAt, subject, "to", created_at AS createdAt
           FROM mail_outbox WHERE id = ?`,
        )
        .get(id) as OutboxRow | undefined) ?? null
    )
  }

  list(): OutboxRow[] {
    return (
      this.o.db.sqlite.prepare('SELECT id FROM mail_outbox ORDER BY seq').all() as { id: string }[]
    ).map((r) => this.get(r.id) as OutboxRow)
  }

  private setState(
    id: string,
    from: OutboxState[],
    to: OutboxState,
    extra: {
      lastError?: string | null
      nextAttemptAt?: string | null
      acceptedAt?: string
      attempts?: number
    } = {},
  ): boolean {
    const row = this.get(id)
    if (!row || !from.includes(row.state)) return false
    return (
      this.o.db.sqlite
        .prepare(
          `UPDATE mail_outbox SET state = ?, updated_at = ?, last_error = coalesce(?, last_error), next_attempt_at = ?,
             accepted_at = coalesce(?, accepted_at), attempts = coalesce(?, attempts)
           WHERE id = ? AND state = ?`,
        )
        .run(
          to,
          this.now(),
          extra.lastError ?? null,
          extra.nextAttemptAt ?? null,
          extra.acceptedAt ?? null,
          extra.attempts ?? null,
          id,
          row.state,
        ).changes === 1
    )
  }

  /**
   * After a crash: a row left in `sending` may or may not have reached the server. Call once
   * when the process starts, before draining.
   */
  recover(): number {
    return this.o.db.sqlite
      .prepare(
        "UPDATE mail_outbox SET state = 'unknown_outcome', updated_at = ?, last_error = 'interrupted while sending' WHERE state = 'sending'",
      )
      .run(this.now()).changes
  }

  /** The agent's decision on an unresolved `unknown_outcome` (or a `failed`) reply. */
  decide(id: string, action: 'resend' | 'discard'): OutboxRow {
    const ok =
      action === 'resend'
        ? this.setState(id, ['unknown_outcome', 'failed'], 'queued', { nextAttemptAt: null })
        : this.setState(id, ['unknown_outcome', 'failed', 'queued'], 'failed', {
            lastError: 'discarded by agent',
          })
    if (!ok) throw new KontorError('E_CONFLICT', `Reply ${id} is not waiting for a decision.`)
    return this.get(id) as OutboxRow
  }

  /** Send what is due, copy accepted mail to Sent, resolve unknown outcomes. One drain at a time. */
  drain(): Promise<DrainResult> {
    if (!this.draining) {
      this.draining = this.drainOnce().finally(() => {
        this.draining = null
      })
    }
    return this.draining
  }

  private async drainOnce(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, retried: 0, failed: 0, unknown: 0, resolved: 0 }
    const now = this.now()
    const rows = this.o.db.sqlite
      .prepare(
        `SELECT id, ticket_id AS ticketId, mailbox_id AS mailboxId, state, next_attempt_at AS nextAttemptAt, attempts
           FROM mail_outbox WHERE state IN ('queued', 'accepted', 'copied', 'unknown_outcome') ORDER BY seq`,
      )
      .all() as {
      id: string
      ticketId: string
      mailboxId: string
      state: OutboxState
      nextAttemptAt: string | null
      attempts: number
    }[]
    // Order per ticket: a reply waits while an earlier one of its ticket is not out yet.
    const blocked = new Set<string>()
    for (const row of rows) {
      const mailbox = loadMailbox(this.o.db, row.mailboxId)
      if (!mailbox) continue
      if (row.state === 'unknown_outcome') {
        if (await this.resolveUnknown(row.id, mailbox)) result.resolved++
        else {
          blocked.add(row.ticketId)
          result.unknown++
        }
        continue
      }
      if (row.state === 'queued') {
        if (blocked.has(row.ticketId) || (row.nextAttemptAt !== null && row.nextAttemptAt > now)) {
          blocked.add(row.ticketId)
          continue
        }
        const outcome = await this.send(row.id, row.attempts, mailbox)
        if (outcome !== 'accepted') {
          blocked.add(row.ticketId)
          if (outcome === 'retry') result.retried++
          else if (outcome === 'failed') result.failed++
          else result.unknown++
          continue
        }
        result.sent++
      }
      await this.copyToSent(row.id, mailbox)
    }
    return result
  }

  private transport(mailbox: MailboxConfig) {
    const smtp = mailbox.smtp
    if (!smtp) throw new KontorError('E_NOT_FOUND', `Mailbox ${mailbox.id} has no SMTP settings.`)
    return nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.security === 'tls',
      requireTLS: smtp.security === 'starttls',
      ignoreTLS: smtp.security === 'plain',
      auth: { user: smtp.user, pass: this.secrets().get(`smtp:${mailbox.id}`) },
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    })
  }

  private async send(
    id: string,
    attempts: number,
    mailbox: MailboxConfig,
  ): Promise<'accepted' | 'retry' | 'failed' | 'unknown'> {
    const row = this.o.db.sqlite
      .prepare('SELECT "from", "to", cc, raw FROM mail_outbox WHERE id = ?')
      .get(id) as {
      from: string
      to: string
      cc: string
      raw: Buffer
    }
    // Settings and secret first: a reply that cannot be sent yet (no SMTP settings, no stored
    // password) stays queued with the reason, and nothing has left the machine.
    let transport: ReturnType<Outbox['transport']>
    try {
      transport = this.transport(mailbox)
    } catch (error) {
      this.setState(id, ['queued'], 'queued', {
        lastError: (error as Error).message.slice(0, 500),
        nextAttemptAt: this.retryAt(attempts + 1),
      })
      return 'retry'
    }
    // Commit `sending` before the first byte goes out: a crash from here on is an unknown outcome.
    if (!this.setState(id, ['queued'], 'sending', { attempts: attempts + 1 })) {
      transport.close()
      return 'retry'
    }
    const recipients = [
      ...(JSON.parse(row.to) as MailAddress[]),
      ...(JSON.parse(row.cc) as MailAddress[]),
    ].map((a) => a.address)
    try {
      await transport.sendMail({ envelope: { from: row.from, to: recipients }, raw: row.raw })
      this.setState(id, ['sending'], 'accepted', { acceptedAt: this.now() })
      return 'accepted'
    } catch (error) {
      const e = error as {
        responseCode?: number
        response?: string
        message?: string
        code?: string
      }
      const text = (e.response ?? e.message ?? 'send failed').slice(0, 500)
      if (typeof e.responseCode === 'number' && e.responseCode >= 400 && e.responseCode < 500) {
        // RFC 5321 §4.2.1: 4yz is a transient failure; the same mail may be tried again.
        this.setState(id, ['sending'], 'queued', {
          lastError: text,
          nextAttemptAt: this.retryAt(attempts + 1),
        })
        return 'retry'
      }
      if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
        this.setState(id, ['sending'], 'failed', { lastError: text })
        return 'failed'
      }
      if (NOT_CONNECTED.test(e.message ?? '') || e.code === 'EDNS') {
        this.setState(id, ['sending'], 'queued', {
          lastError: 'offline: ' + text,
          nextAttemptAt: this.retryAt(attempts + 1),
        })
        return 'retry'
      }
      // Lost mid-transaction (e.g. after DATA, RFC 5321 §4.1.1.4): it may have been delivered.
      this.setState(id, ['sending'], 'unknown_outcome', { lastError: text })
      return 'unknown'
    } finally {
      transport.close()
    }
  }

  private retryAt(attempt: number): string {
    const base = this.o.retryBaseMs ?? 30_000
    const delay = Math.min(base * 2 ** Math.max(0, attempt - 1), 3_600_000)
    return new Date(this.o.clock.now().getTime() + delay).toISOString()
  }

  private async imap(mailbox: MailboxConfig): Promise<ImapFlow> {
    const client = new ImapFlow({
      host: mailbox.imap.host,
      port: mailbox.imap.port,
      secure: mailbox.imap.security === 'tls',
      doSTARTTLS: mailbox.imap.security === 'starttls',
      auth: { user: mailbox.imap.user, pass: this.secrets().get(`imap:${mailbox.id}`) },
      logger: false,
    })
    client.on('error', (err: Error) =>
      this.o.log.warn('imap error (outbox)', { mailbox: mailbox.id, error: err.message }),
    )
    await client.connect()
    return client
  }

  /** UIDs in Sent whose Message-ID header is this one (RFC 3501 §6.4.4 SEARCH HEADER). */
  private async findInSent(client: ImapFlow, messageId: string): Promise<boolean> {
    const lock = await client.getMailboxLock(this.o.sentFolder ?? 'Sent')
    try {
      const found = await client.search(
        { header: { 'message-id': bracketId(messageId) } },
        { uid: true },
      )
      if (found === false) throw new Error('SEARCH failed in Sent')
      return (found ?? []).length > 0
    } finally {
      lock.release()
    }
  }

  /** accepted → copied (APPEND unless the server already saved a copy) → done. */
  private async copyToSent(id: string, mailbox: MailboxConfig): Promise<void> {
    const row = this.o.db.sqlite
      .prepare('SELECT state, message_id AS messageId, raw FROM mail_outbox WHERE id = ?')
      .get(id) as {
      state: OutboxState
      messageId: string
      raw: Buffer
    }
    if (row.state === 'accepted') {
      let client: ImapFlow | null = null
      try {
        client = await this.imap(mailbox)
        if (!(await this.findInSent(client, row.messageId))) {
          const appended = await client.append(this.o.sentFolder ?? 'Sent', row.raw, ['\\Seen'])
          if (appended === false) throw new Error('APPEND to Sent failed')
        }
        this.setState(id, ['accepted'], 'copied')
      } catch (error) {
        // Sent, but not yet copied: stays `accepted` and is retried on the next drain.
        this.o.log.warn('copy to Sent failed', { id, error: (error as Error).message })
        return
      } finally {
        await client?.logout().catch(() => client?.close())
      }
    }
    this.setState(id, ['copied'], 'done')
  }

  private async resolveUnknown(id: string, mailbox: MailboxConfig): Promise<boolean> {
    const row = this.get(id)
    if (!row) return false
    let client: ImapFlow | null = null
    try {
      client = await this.imap(mailbox)
      if (await this.findInSent(client, row.messageId)) {
        this.setState(id, ['unknown_outcome'], 'copied', {
          lastError: 'found in Sent after an interrupted send',
        })
        this.setState(id, ['copied'], 'done')
        return true
      }
      return false
    } catch (error) {
      this.o.log.warn('Sent lookup failed', { id, error: (error as Error).message })
      return false
    } finally {
      await client?.logout().catch(() => client?.close())
    }
  }
}
