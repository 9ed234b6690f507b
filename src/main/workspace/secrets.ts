import { KontorError } from '../../shared/errors'
import { EnvSecretStore, type SecretStore } from '../mail/secrets'

/**
 * A secret store that Settings can write to: mailbox passwords (`imap:<id>`, `smtp:<id>`) and
 * the sync server token (`server:token`). Never the database in clear, never a log line.
 */
export interface SecretVault extends SecretStore {
  /** `keychain`: persisted, encrypted by the OS; `session`: this run only. */
  readonly storage: 'keychain' | 'session'
  set(ref: string, secret: string): void
  delete(ref: string): void
}

export const SERVER_TOKEN_REF = 'server:token'

/** Whether `ref` can be read (without returning it). */
export function hasSecret(store: SecretStore, ref: string): boolean {
  try {
    return store.get(ref).length > 0
  } catch {
    return false
  }
}

/**
 * Web mode. A browser tab has no keychain and the core runs as a plain Node process: there
 * is nowhere to keep a password that is safer than the files of the account it runs under,
 * and a password in a file beside the store is one `cp` away from leaking. So passwords
 * entered in Settings are kept in this process's memory for this run only; after a restart
 * Settings asks again, or they come from the environment (`KONTOR_IMAP_PASSWORD`,
 * `KONTOR_SMTP_PASSWORD`, `KONTOR_SERVER_TOKEN`) as with the CLI. The local store keeps the
 * mail already synced, so the console stays populated while a password is missing.
 */
export class SessionSecretVault implements SecretVault {
  readonly storage = 'session' as const
  private readonly secrets = new Map<string, string>()
  private readonly env: EnvSecretStore

  constructor(private readonly environment: NodeJS.ProcessEnv) {
    this.env = new EnvSecretStore(environment)
  }

  get(ref: string): string {
    const held = this.secrets.get(ref)
    if (held !== undefined) return held
    if (ref === SERVER_TOKEN_REF) {
      const token = this.environment.KONTOR_SERVER_TOKEN
      if (token) return token
      throw new KontorError(
        'E_NOT_FOUND',
        'No sync server token for this run: enter it in Settings or set KONTOR_SERVER_TOKEN.',
      )
    }
    try {
      return this.env.get(ref)
    } catch {
      throw new KontorError(
        'E_NOT_FOUND',
        `No ${ref.split(':')[0]?.toUpperCase() ?? ''} password for this run: enter it in Settings (web mode keeps passwords in memory only).`,
      )
    }
  }

  set(ref: string, secret: string): void {
    this.secrets.set(ref, secret)
  }

  delete(ref: string): void {
    this.secrets.delete(ref)
  }
}

export function secretsNote(storage: 'keychain' | 'session'): string {
  return storage === 'keychain'
    ? 'Passwords and the sync token are encrypted with the system keychain; only ciphertext is kept on disk.'
    : 'Web mode keeps passwords and the sync token in memory for this run only (never on disk). After a restart enter them again, or set KONTOR_IMAP_PASSWORD, KONTOR_SMTP_PASSWORD and KONTOR_SERVER_TOKEN.'
}
