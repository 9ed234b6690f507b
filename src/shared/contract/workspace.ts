import { z } from 'zod'
import { call, event } from './define'

/**
 * Which workspace the console shows: the demo (sample mail, an embedded sync server) or the
 * real one (the company's shared mailboxes and its sync server). The choice is remembered in
 * the data dir, so the next start opens the same.
 */
export type WorkspaceKind = 'demo' | 'real'
export const WORKSPACE_KINDS = ['demo', 'real'] as const

export const MAIL_SECURITY = ['tls', 'starttls', 'plain'] as const
export type MailSecurity = (typeof MAIL_SECURITY)[number]

/** A host name (RFC 1123 labels), an IPv4 address or a bracketed IPv6 address. */
const HOST_RE =
  /^(?:\[[0-9a-fA-F:.]+\]|(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?)$/

const hostSchema = z
  .string()
  .trim()
  .min(1, 'Enter the server name.')
  .max(253, 'A host name has at most 253 characters.')
  .regex(HOST_RE, 'Not a host name (e.g. imap.example.com), without "imap://" or a port.')

const portSchema = z
  .number({ error: 'Enter a port number.' })
  .int('A port is a whole number.')
  .min(1, 'A port is between 1 and 65535.')
  .max(65535, 'A port is between 1 and 65535.')

export const mailEndpointSchema = z
  .object({
    host: hostSchema,
    port: portSchema,
    security: z.enum(MAIL_SECURITY),
    user: z.string().trim().min(1, 'Enter the user name.').max(320),
  })
  .strict()

export type MailEndpoint = z.output<typeof mailEndpointSchema>

const passwordSchema = z
  .string()
  .min(1, 'Enter the password.')
  .max(1024, 'A password has at most 1024 characters.')

/**
 * A shared mailbox as entered in Settings. A password that is left out keeps the one stored
 * for this mailbox (`id`); a new mailbox needs its IMAP password.
 */
export const mailboxInputSchema = z
  .object({
    /** Existing mailbox to update; a new one gets an id derived from its address. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'Lower-case letters, digits, ".", "_" and "-".')
      .optional(),
    address: z.email('Not an e-mail address.').max(254),
    displayName: z.string().trim().max(200).nullable().default(null),
    imap: mailEndpointSchema,
    imapPassword: passwordSchema.optional(),
    smtp: mailEndpointSchema.nullable().default(null),
    smtpPassword: passwordSchema.optional(),
    folders: z
      .array(z.string().trim().min(1, 'A folder name cannot be empty.').max(200))
      .min(1, 'Give at least one folder (INBOX).')
      .max(50)
      .default(['INBOX', 'Sent']),
    /** Only mail of the last N days is synced; null: all. */
    syncWindowDays: z
      .number({ error: 'Enter a number of days.' })
      .int('A whole number of days.')
      .min(1, 'At least one day.')
      .max(3650, 'At most 3650 days.')
      .nullable()
      .default(null),
  })
  .strict()

export type MailboxInput = z.input<typeof mailboxInputSchema>

/** A configured mailbox as Settings shows it: never its passwords, only whether one is stored. */
export interface WorkspaceMailboxInfo {
  id: string
  address: string
  displayName: string | null
  imap: MailEndpoint
  smtp: MailEndpoint | null
  folders: string[]
  syncWindowDays: number | null
  passwords: { imap: boolean; smtp: boolean }
}

export interface WorkspaceServerInfo {
  url: string
  /** Whether the agent's token is available to this run (see `secrets`). */
  tokenStored: boolean
  /** The agent the token signs in as, checked when it was connected. */
  agent: { id: string; name: string; role: string } | null
}

export interface WorkspaceInfo {
  kind: WorkspaceKind
  /**
   * False when this run was started on a fixed workspace (`kontor web --db PATH` or
   * `--demo`): Settings still edits the real workspace's configuration, switching is refused.
   */
  switchable: boolean
  /**
   * Where passwords and the sync token go: `keychain` (desktop app, the OS keychain through
   * safeStorage; only ciphertext in the local store) or `session` (web mode: kept in memory
   * for this run only, or taken from the environment; never written to disk).
   */
  secrets: { storage: 'keychain' | 'session'; note: string }
  /** The real workspace's configuration (edited from either workspace). */
  real: { mailboxes: WorkspaceMailboxInfo[]; server: WorkspaceServerInfo | null }
  /** The signed-in demo agent and its embedded sync server, when the demo is open. */
  demo: { agent: { id: string; name: string }; serverUrl: string } | null
}

export const ENDPOINT_TEST_CODES = [
  'ok',
  'auth_failed',
  'tls',
  'unreachable',
  'timeout',
  'folder_missing',
  'no_password',
  'protocol',
] as const

export interface EndpointTestResult {
  ok: boolean
  code: (typeof ENDPOINT_TEST_CODES)[number]
  /** A sentence for the agent (never the password). */
  message: string
  ms: number
}

export interface MailboxTestResult {
  imap: EndpointTestResult
  /** null when no SMTP server is given (the mailbox cannot send replies). */
  smtp: EndpointTestResult | null
}

export const serverInputSchema = z
  .object({
    url: z
      .url({
        protocol: /^https?$/,
        error: 'Not an http(s) address, e.g. https://kontor.example.com',
      })
      .max(2000),
    /** The agent's bearer token; left out: keep the stored one. */
    token: z.string().trim().min(1, 'Enter the token.').max(4096).optional(),
  })
  .strict()

export const workspaceCalls = {
  /** Which workspace is open and what the real one has configured (no secrets). */
  'workspace:get': call<WorkspaceInfo>()(z.object({}).strict()),
  /**
   * Connect to IMAP (login, folders) and SMTP (login) with the given settings, without
   * saving them. Each part answers ok or why not (auth failed, TLS, unreachable, timeout).
   */
  'workspace:testMailbox': call<MailboxTestResult>()(
    mailboxInputSchema.extend({ timeoutMs: z.number().int().min(500).max(60_000).optional() }),
  ),
  /** Add or update a mailbox of the real workspace; passwords go to the secret store. */
  'workspace:saveMailbox': call<WorkspaceMailboxInfo>()(mailboxInputSchema),
  /** Remove a mailbox of the real workspace, its mail in the local store and its passwords. */
  'workspace:removeMailbox': call<{ removed: true }>()(
    z.object({ id: z.string().min(1).max(64) }).strict(),
  ),
  /** Check the sync server (health, then who the token signs in as) and remember it. */
  'workspace:connectServer': call<WorkspaceServerInfo>()(serverInputSchema),
  /** Forget the real workspace's sync server and its token. */
  'workspace:disconnectServer': call<{ disconnected: true }>()(z.object({}).strict()),
  /**
   * Open the demo or the real workspace, now and at every later start. The core is restarted
   * in this process; `workspace:switched` tells every window to reload.
   */
  'workspace:switch': call<WorkspaceInfo>()(z.object({ kind: z.enum(WORKSPACE_KINDS) }).strict()),
}

export const workspaceEvents = {
  /** Another workspace (or the same one, reconfigured) is open: reload everything shown. */
  'workspace:switched': event<{ kind: WorkspaceKind }>(),
}

export type WorkspaceCallName = keyof typeof workspaceCalls
