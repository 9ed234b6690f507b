import { KontorError } from '../../shared/errors'

/**
 * Where mailbox passwords come from. Never the database and never a log line: the app uses
 * Electron `safeStorage` (an implementation lives beside the window code, which may import
 * electron); the CLI reads an environment variable.
 */
export interface SecretStore {
  /** The secret for `ref` (e.g. `imap:support@example.com`), or throw E_NOT_FOUND. */
  get(ref: string): string
}

/** CLI: one environment variable per kind (`KONTOR_IMAP_PASSWORD`, `KONTOR_SMTP_PASSWORD`). */
export class EnvSecretStore implements SecretStore {
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  get(ref: string): string {
    const kind = ref.split(':')[0]
    const name = kind === 'smtp' ? 'KONTOR_SMTP_PASSWORD' : 'KONTOR_IMAP_PASSWORD'
    const value = this.env[name] ?? (kind === 'smtp' ? this.env.KONTOR_IMAP_PASSWORD : undefined)
    if (!value)
      throw new KontorError('E_NOT_FOUND', `Set ${name} to the password for ${ref.split(':')[0]}.`)
    return value
  }
}

/** A fixed map (tests, or secrets already decrypted by the app's safeStorage layer). */
export class MapSecretStore implements SecretStore {
  constructor(private readonly secrets: Record<string, string>) {}

  get(ref: string): string {
    const value = this.secrets[ref]
    if (value === undefined) throw new KontorError('E_NOT_FOUND', `No secret stored for ${ref}.`)
    return value
  }
}
