import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const state = { available: true, backend: 'gnome_libsecret' }
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => state.available,
    getSelectedStorageBackend: () => state.backend,
    // A reversible stand-in for the OS keychain cipher (not the identity, so tests can tell).
    encryptString: (s: string) => Buffer.from(`enc:${Buffer.from(s).toString('hex')}`),
    decryptString: (b: Buffer) => Buffer.from(b.toString().replace(/^enc:/, ''), 'hex').toString(),
  },
}))

import { SafeStorageSecretStore } from '../../../src/main/windows/safe-storage-secrets'
import { SettingsStore } from '../../../src/main/services/settings'
import { makeTestCore } from '../../helpers/core'

describe('SafeStorageSecretStore', () => {
  let core: ReturnType<typeof makeTestCore>
  let store: SafeStorageSecretStore
  beforeEach(() => {
    state.available = true
    state.backend = 'gnome_libsecret'
    core = makeTestCore()
    store = new SafeStorageSecretStore(new SettingsStore(core.db, core.clock))
  })
  afterEach(() => core.dispose())

  it('keeps only ciphertext in the local store', () => {
    store.set('imap:support@kontor.example', 'hunter2-Secret')
    expect(store.get('imap:support@kontor.example')).toBe('hunter2-Secret')
    const raw = core.db.sqlite.prepare('SELECT value FROM app_settings').all() as {
      value: string
    }[]
    expect(JSON.stringify(raw)).not.toContain('hunter2')
  })

  it('says which secret is missing', () => {
    expect(() => store.get('smtp:billing@kontor.example')).toThrow(/No password is stored for smtp/)
  })

  it('refuses to store passwords without a keychain', () => {
    state.available = false
    expect(() => store.set('imap:x', 'p')).toThrow(/no keychain/)
    state.available = true
    if (process.platform === 'linux') {
      state.backend = 'basic_text'
      expect(() => store.set('imap:x', 'p')).toThrow(/No keyring/)
    }
  })
})
