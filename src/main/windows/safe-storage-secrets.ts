import { safeStorage } from 'electron'
import { z } from 'zod'
import { KontorError } from '../../shared/errors'
import type { SecretVault } from '../workspace/secrets'
import type { SettingsStore } from '../services/settings'

const KEY_PREFIX = 'secret:'

/**
 * Mailbox passwords and the sync token in the desktop app: encrypted with the OS keychain
 * through Electron's safeStorage, and only the ciphertext is kept in the local store.
 * On Linux without a keyring safeStorage falls back to a hard-coded key ("basic_text"),
 * which is no protection: refuse rather than pretend.
 */
export class SafeStorageSecretStore implements SecretVault {
  readonly storage = 'keychain' as const

  constructor(private readonly settings: SettingsStore) {}

  private check(): void {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new KontorError(
        'E_FORBIDDEN',
        'This system offers no keychain to protect passwords (safeStorage unavailable).',
      )
    }
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new KontorError(
        'E_FORBIDDEN',
        'No keyring (GNOME Keyring or KWallet) is running: Kontor will not store passwords unprotected.',
      )
    }
  }

  set(ref: string, secret: string): void {
    this.check()
    this.settings.set(KEY_PREFIX + ref, safeStorage.encryptString(secret).toString('base64'))
  }

  delete(ref: string): void {
    this.settings.delete(KEY_PREFIX + ref)
  }

  get(ref: string): string {
    const stored = this.settings.get(KEY_PREFIX + ref, z.string())
    if (!stored)
      throw new KontorError(
        'E_NOT_FOUND',
        `No password is stored for ${ref.split(':')[0]}; enter it in Settings.`,
      )
    this.check()
    return safeStorage.decryptString(Buffer.from(stored, 'base64'))
  }
}
