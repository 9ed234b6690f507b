/**
 * The mail engine's tables in the local store. Mail is the IMAP server's; these rows are a
 * cache plus what the client derives from it (tickets, search index), and the reply outbox.
 *
 * Storage key rules (issue 3): a message is stored once per identity (Message-ID together with
 * date, sender and subject), with one placement per folder and UID; Message-ID alone is never
 * the key, because different mails sometimes share one. UIDVALIDITY and HIGHESTMODSEQ are
 * unsigned 32/63-bit numbers (RFC 3501 §2.3.1.1, RFC 7162 §3.1.1): kept as decimal text.
 */
import {
  blob,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core'

/** A shared mailbox (support@, billing@ ...). Secrets are not here: see SecretStore. */
export const mailMailboxes = sqliteTable('mail_mailboxes', {
  id: text('id').primaryKey(),
  address: text('address').notNull(),
  displayName: text('display_name'),
  imapHost: text('imap_host').notNull(),
  imapPort: integer('imap_port').notNull(),
  /** 'tls' (implicit TLS), 'starttls' or 'plain' (loopback tests only). */
  imapSecurity: text('imap_security').notNull(),
  imapUser: text('imap_user').notNull(),
  smtpHost: text('smtp_host'),
  smtpPort: integer('smtp_port'),
  smtpSecurity: text('smtp_security'),
  smtpUser: text('smtp_user'),
  /** JSON array of folder paths to sync. */
  folders: text('folders').notNull(),
  /** Only messages with INTERNALDATE within this many days are synced (null: all). */
  syncWindowDays: integer('sync_window_days'),
  createdAt: text('created_at').notNull(),
})

export const mailFolders = sqliteTable(
  'mail_folders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    mailboxId: text('mailbox_id')
      .notNull()
      .references(() => mailMailboxes.id, { onDelete: 'cascade' }),
    path: text('path').notNull(),
    /** 'inbox' | 'sent' | 'other': Sent marks our own replies. */
    role: text('role').notNull(),
    uidValidity: text('uid_validity'),
    /** Stored only after every change up to it (incl. VANISHED) is committed. */
    highestModseq: text('highest_modseq'),
    /** Highest UID whose envelope is committed (UIDs are ascending, RFC 3501 §2.3.1.1). */
    lastUid: integer('last_uid').notNull().default(0),
    syncedAt: text('synced_at'),
  },
  (t) => [uniqueIndex('mail_folders_mailbox_path').on(t.mailboxId, t.path)],
)

export const mailMessages = sqliteTable(
  'mail_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** SHA-256 of Message-ID, Date, From and Subject (or of the placement when no Message-ID). */
    identity: text('identity').notNull(),
    messageId: text('message_id'),
    inReplyTo: text('in_reply_to').notNull().default('[]'),
    references: text('references').notNull().default('[]'),
    subject: text('subject').notNull().default(''),
    subjectKey: text('subject_key').notNull().default(''),
    subjectIsReply: integer('subject_is_reply', { mode: 'boolean' }).notNull().default(false),
    fromAddress: text('from_address'),
    fromName: text('from_name'),
    /** JSON arrays of {name, address}. */
    to: text('to').notNull().default('[]'),
    cc: text('cc').notNull().default('[]'),
    /**
     * Where the sender wants replies (RFC 5322 §3.6.2 Reply-To: an ERP's no-reply sender naming
     * the buyer, a shared inbox on the customer's side); [] when the field is absent.
     */
    replyTo: text('reply_to').notNull().default('[]'),
    /** Names and addresses, for search. */
    participants: text('participants').notNull().default(''),
    sentAt: text('sent_at'),
    /** The server's INTERNALDATE (ISO): SLA clocks start here, never at sync time. */
    internalDate: text('internal_date').notNull(),
    size: integer('size').notNull().default(0),
    /** 'in' (customer) or 'out' (ours: from a shared mailbox address or found in Sent). */
    direction: text('direction').notNull().default('in'),
    /**
     * An automatic reply (out of office, ticket system acknowledgements: RFC 3834
     * Auto-Submitted and the older X-Autoreply/X-Autorespond/Precedence fields). It neither
     * reopens a ticket nor starts an SLA clock.
     */
    autoReply: integer('auto_reply', { mode: 'boolean' }).notNull().default(false),
    hasAttachments: integer('has_attachments', { mode: 'boolean' }).notNull().default(false),
    /** 'pending' | 'done' | 'failed' (failed keeps the raw source in mail_bodies). */
    bodyStatus: text('body_status').notNull().default('pending'),
    businessRefs: text('business_refs').notNull().default('[]'),
    /**
     * From BODYSTRUCTURE at phase 1 (JSON, see mail/body-plan.ts): which parts hold the text and
     * HTML, so phase 2 fetches just those. NULL: fetch and parse the whole source.
     */
    bodyPlan: text('body_plan'),
    ticketId: text('ticket_id'),
    joinReason: text('join_reason'),
    joinDetail: text('join_detail'),
  },
  (t) => [
    uniqueIndex('mail_messages_identity').on(t.identity),
    index('mail_messages_message_id').on(t.messageId),
    index('mail_messages_ticket').on(t.ticketId, t.internalDate),
    index('mail_messages_body_status').on(t.bodyStatus, t.internalDate),
  ],
)

/** Where a message is on the server: one row per folder and UID. */
export const mailPlacements = sqliteTable(
  'mail_placements',
  {
    folderId: integer('folder_id')
      .notNull()
      .references(() => mailFolders.id, { onDelete: 'cascade' }),
    uid: integer('uid').notNull(),
    messageRowId: integer('message_row_id')
      .notNull()
      .references(() => mailMessages.id, { onDelete: 'cascade' }),
    /** JSON array of IMAP flags. */
    flags: text('flags').notNull().default('[]'),
    modseq: text('modseq'),
  },
  (t) => [
    primaryKey({ columns: [t.folderId, t.uid] }),
    index('mail_placements_message').on(t.messageRowId),
  ],
)

export const mailBodies = sqliteTable('mail_bodies', {
  messageRowId: integer('message_row_id')
    .primaryKey()
    .references(() => mailMessages.id, { onDelete: 'cascade' }),
  text: text('text'),
  html: text('html'),
  /** JSON array of {filename, mimeType, size, partId}: content is fetched on demand. */
  attachments: text('attachments').notNull().default('[]'),
  /** Why parsing failed (limits, broken MIME); the raw source is kept to show as such. */
  parseError: text('parse_error'),
  raw: blob('raw', { mode: 'buffer' }),
  /** Whether only the first part of a large message was fetched. */
  truncated: integer('truncated', { mode: 'boolean' }).notNull().default(false),
})

/**
 * The link keys of each message for incremental threading (src/shared/mail/threading.ts
 * `threadKeys`): Message-IDs it has or references, its non-generic subject key, its business
 * references. Two messages can only land in one thread if they are connected through these
 * keys, so a change re-threads only the connected component of its keys.
 */
export const mailThreadKeys = sqliteTable(
  'mail_thread_keys',
  {
    key: text('key').notNull(),
    messageRowId: integer('message_row_id')
      .notNull()
      .references(() => mailMessages.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.key, t.messageRowId] }),
    index('mail_thread_keys_message').on(t.messageRowId),
  ],
)

/**
 * Keys (as in mail_thread_keys, plus `t:TICKET` and `r:MESSAGE_ROW` for a new message) whose
 * component must be re-threaded: written in the same transaction as the message change that
 * dirties them, cleared in the transaction that writes the recomputed tickets (crash-safe).
 */
export const mailThreadDirty = sqliteTable('mail_thread_dirty', {
  key: text('key').primaryKey(),
})

/** Derived tickets: recomputed from messages; ids are hashes of root Message-IDs. */
export const mailTickets = sqliteTable(
  'mail_tickets',
  {
    id: text('id').primaryKey(),
    rootMessageId: text('root_message_id').notNull(),
    subject: text('subject').notNull(),
    accountId: text('account_id'),
    /** How the account was found: 'contact' | 'domain' | null (Triage). */
    accountMatch: text('account_match'),
    /** 'open' (customer waits for us) | 'waiting' (we replied last). The sync server will own it. */
    status: text('status').notNull(),
    messageCount: integer('message_count').notNull(),
    firstCustomerMessageAt: text('first_customer_message_at'),
    lastMessageAt: text('last_message_at').notNull(),
    lastCustomerMessageAt: text('last_customer_message_at'),
    customerAddress: text('customer_address'),
  },
  (t) => [
    index('mail_tickets_account').on(t.accountId, t.lastMessageAt),
    index('mail_tickets_last').on(t.lastMessageAt),
  ],
)

/** Accounts and contacts imported locally until the sync server provides them. */
export const localAccounts = sqliteTable('local_accounts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** JSON array of lower-cased domains. */
  domains: text('domains').notNull().default('[]'),
})

export const localContacts = sqliteTable(
  'local_contacts',
  {
    email: text('email').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => localAccounts.id, { onDelete: 'cascade' }),
    name: text('name'),
    role: text('role'),
  },
  (t) => [index('local_contacts_account').on(t.accountId)],
)

/**
 * Reply outbox (ARCHITECTURE "Replies"): queued → sending → accepted → copied → done, or
 * failed (5xx, shown with the server's text) or unknown_outcome (crash or drop while sending:
 * resolved by looking for the Message-ID in Sent, never by a blind resend).
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: text('id').primaryKey(),
    seq: integer('seq').notNull(),
    ticketId: text('ticket_id').notNull(),
    mailboxId: text('mailbox_id')
      .notNull()
      .references(() => mailMailboxes.id),
    /** Fixed at enqueue so a retry or a Sent lookup names the same mail. */
    messageId: text('message_id').notNull(),
    inReplyTo: text('in_reply_to'),
    references: text('references').notNull().default('[]'),
    from: text('from').notNull(),
    to: text('to').notNull(),
    cc: text('cc').notNull().default('[]'),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    /** The exact MIME source built at enqueue: what is sent is what is copied to Sent. */
    raw: blob('raw', { mode: 'buffer' }).notNull(),
    state: text('state').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /** When the SMTP server accepted it: the SLA stops here. */
    acceptedAt: text('accepted_at'),
  },
  (t) => [
    uniqueIndex('mail_outbox_message_id').on(t.messageId),
    index('mail_outbox_state').on(t.state, t.seq),
  ],
)
