import { eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Clock } from '../../shared/clock'
import type { DbHandle } from '../db/open'
import { mailFolders, mailMailboxes } from '../db/schema'

/** A shared mailbox's settings (secrets are referenced, never stored: see SecretStore). */
export const mailboxConfigSchema = z
  .object({
    id: z.string().min(1).max(120),
    address: z.email(),
    displayName: z.string().max(200).nullable().default(null),
    imap: z.object({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535),
      security: z.enum(['tls', 'starttls', 'plain']),
      user: z.string().min(1),
    }),
    smtp: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535),
        security: z.enum(['tls', 'starttls', 'plain']),
        user: z.string().min(1),
      })
      .nullable()
      .default(null),
    /** INBOX and Sent by default; `shared/...` namespaces are plain paths here. */
    folders: z.array(z.string().min(1)).min(1).default(['INBOX', 'Sent']),
    syncWindowDays: z.number().int().positive().nullable().default(null),
  })
  .strict()

export type MailboxConfig = z.output<typeof mailboxConfigSchema>

export function folderRole(path: string): 'inbox' | 'sent' | 'other' {
  if (path.toUpperCase() === 'INBOX') return 'inbox'
  const last = path.split(/[/.]/).at(-1)?.toLowerCase() ?? ''
  return ['sent', 'sent items', 'sent messages', 'gesendet', 'gesendete elemente'].includes(last)
    ? 'sent'
    : 'other'
}

/** Insert or update a mailbox and make sure its folder rows exist. */
export function saveMailbox(
  db: DbHandle,
  clock: Clock,
  input: z.input<typeof mailboxConfigSchema>,
): MailboxConfig {
  const cfg = mailboxConfigSchema.parse(input)
  db.sqlite.transaction(() => {
    const row = {
      id: cfg.id,
      address: cfg.address.toLowerCase(),
      displayName: cfg.displayName,
      imapHost: cfg.imap.host,
      imapPort: cfg.imap.port,
      imapSecurity: cfg.imap.security,
      imapUser: cfg.imap.user,
      smtpHost: cfg.smtp?.host ?? null,
      smtpPort: cfg.smtp?.port ?? null,
      smtpSecurity: cfg.smtp?.security ?? null,
      smtpUser: cfg.smtp?.user ?? null,
      folders: JSON.stringify(cfg.folders),
      syncWindowDays: cfg.syncWindowDays,
    }
    db.db
      .insert(mailMailboxes)
      .values({ ...row, createdAt: clock.now().toISOString() })
      .onConflictDoUpdate({ target: mailMailboxes.id, set: row })
      .run()
    for (const path of cfg.folders) {
      db.db
        .insert(mailFolders)
        .values({ mailboxId: cfg.id, path, role: folderRole(path) })
        .onConflictDoNothing()
        .run()
    }
  })()
  return cfg
}

export function loadMailbox(db: DbHandle, id: string): MailboxConfig | null {
  const row = db.db.select().from(mailMailboxes).where(eq(mailMailboxes.id, id)).get()
  if (!row) return null
  return {
    id: row.id,
    address: row.address,
    displayName: row.displayName,
    imap: {
      host: row.imapHost,
      port: row.imapPort,
      security: row.imapSecurity as 'tls',
      user: row.imapUser,
    },
    smtp:
      row.smtpHost && row.smtpPort && row.smtpSecurity && row.smtpUser
        ? {
            host: row.smtpHost,
            port: row.smtpPort,
            security: row.smtpSecurity as 'tls',
            user: row.smtpUser,
          }
        : null,
    folders: JSON.parse(row.folders) as string[],
    syncWindowDays: row.syncWindowDays,
  }
}

export function listMailboxes(db: DbHandle): MailboxConfig[] {
  return db.db
    .select({ id: mailMailboxes.id })
    .from(mailMailboxes)
    .all()
    .map((r) => loadMailbox(db, r.id))
    .filter((m): m is MailboxConfig => m !== null)
}

/** Our own addresses: a message from one of them is a reply of ours, not customer mail. */
export function ownAddresses(db: DbHandle): Set<string> {
  return new Set(
    db.db
      .select({ a: mailMailboxes.address })
      .from(mailMailboxes)
      .all()
      .map((r) => r.a.toLowerCase()),
  )
}
