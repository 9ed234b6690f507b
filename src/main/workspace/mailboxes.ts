/**
 * The real workspace's shared mailboxes as Settings edits them: settings in the local store
 * (`mail_mailboxes`), passwords in the secret vault (`imap:<id>`, `smtp:<id>`), never both.
 */
import type { Clock } from '../../shared/clock'
import type { ParsedInput } from '../../shared/contract'
import type { WorkspaceMailboxInfo } from '../../shared/contract/workspace'
import { KontorError } from '../../shared/errors'
import type { DbHandle } from '../db/open'
import { isLocalMailbox } from '../mail/ingest'
import { listMailboxes, loadMailbox, saveMailbox, type MailboxConfig } from '../mail/mailboxes'
import { rebuildTickets } from '../mail/tickets'
import { hasSecret, type SecretVault } from './secrets'

/** Mailboxes with a server (the demo's local ones never appear in the real store anyway). */
export function listRealMailboxes(db: DbHandle): MailboxConfig[] {
  return listMailboxes(db).filter((m) => !isLocalMailbox(m))
}

/** A new mailbox's id: its address, lower-cased, with anything but [a-z0-9._-] as "-". */
export function mailboxIdFor(address: string): string {
  return address
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
}

export function toMailboxInfo(m: MailboxConfig, secrets: SecretVault): WorkspaceMailboxInfo {
  return {
    id: m.id,
    address: m.address,
    displayName: m.displayName,
    imap: m.imap,
    smtp: m.smtp,
    folders: m.folders,
    syncWindowDays: m.syncWindowDays,
    passwords: {
      imap: hasSecret(secrets, `imap:${m.id}`),
      smtp: m.smtp !== null && hasSecret(secrets, `smtp:${m.id}`),
    },
  }
}

/**
 * Add or update a mailbox. A new mailbox needs its IMAP password; a password left out keeps
 * the stored one; SMTP without its own password uses the IMAP one (the usual setup).
 */
export function saveRealMailbox(
  db: DbHandle,
  clock: Clock,
  secrets: SecretVault,
  input: ParsedInput<'workspace:saveMailbox'>,
): MailboxConfig {
  const id = input.id ?? mailboxIdFor(input.address)
  if (input.id && !loadMailbox(db, input.id))
    throw new KontorError('E_NOT_FOUND', `No mailbox ${input.id} to update.`)
  const other = listMailboxes(db).find(
    (m) => m.address === input.address.toLowerCase() && m.id !== id,
  )
  if (other)
    throw new KontorError('E_INVALID_INPUT', `${input.address} is already configured.`, [
      { path: 'address', message: 'This address is already configured.' },
    ])
  const hadImap = hasSecret(secrets, `imap:${id}`)
  if (!input.imapPassword && !hadImap)
    throw new KontorError('E_INVALID_INPUT', 'Enter the IMAP password.', [
      { path: 'imapPassword', message: 'Enter the password.' },
    ])
  const cfg = saveMailbox(db, clock, {
    id,
    address: input.address,
    displayName: input.displayName,
    imap: input.imap,
    smtp: input.smtp,
    folders: [...new Set(input.folders)],
    syncWindowDays: input.syncWindowDays,
  })
  if (input.imapPassword) secrets.set(`imap:${id}`, input.imapPassword)
  if (!cfg.smtp) secrets.delete(`smtp:${id}`)
  else if (input.smtpPassword) secrets.set(`smtp:${id}`, input.smtpPassword)
  else if (!hasSecret(secrets, `smtp:${id}`) && input.imapPassword)
    secrets.set(`smtp:${id}`, input.imapPassword)
  // As stored (the address lower-cased).
  return loadMailbox(db, id) ?? cfg
}

/**
 * Remove a mailbox with its folders and the mail that was only in it, then re-thread. Refused
 * while a reply of this mailbox is still on its way (it would be lost).
 */
export function removeRealMailbox(db: DbHandle, secrets: SecretVault, id: string): void {
  const mailbox = loadMailbox(db, id)
  if (!mailbox || isLocalMailbox(mailbox))
    throw new KontorError('E_NOT_FOUND', `No mailbox ${id} is configured.`)
  const waiting = (
    db.sqlite
      .prepare(
        "SELECT count(*) AS n FROM mail_outbox WHERE mailbox_id = ? AND state NOT IN ('done', 'failed')",
      )
      .get(id) as { n: number }
  ).n
  if (waiting > 0)
    throw new KontorError(
      'E_RULE_VIOLATION',
      `${waiting} repl${waiting === 1 ? 'y' : 'ies'} of ${mailbox.address} are still in the outbox: wait until sent, then remove the mailbox.`,
    )
  db.sqlite.transaction(() => {
    db.sqlite.prepare('DELETE FROM mail_outbox WHERE mailbox_id = ?').run(id)
    // Folders cascade to their placements.
    db.sqlite.prepare('DELETE FROM mail_mailboxes WHERE id = ?').run(id)
    db.sqlite
      .prepare(
        'DELETE FROM mail_messages WHERE id NOT IN (SELECT DISTINCT message_row_id FROM mail_placements)',
      )
      .run()
    rebuildTickets(db)
  })()
  secrets.delete(`imap:${id}`)
  secrets.delete(`smtp:${id}`)
}
