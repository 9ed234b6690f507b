import { describe, expect, it } from 'vitest'
import {
  hasSecret,
  SERVER_TOKEN_REF,
  SessionSecretVault,
} from '../../../src/main/workspace/secrets'

describe('SessionSecretVault (web mode)', () => {
  it('keeps what Settings stores for this run, else reads the environment', () => {
    const vault = new SessionSecretVault({
      KONTOR_IMAP_PASSWORD: 'env-imap',
      KONTOR_SERVER_TOKEN: 'env-token',
    })
    expect(vault.storage).toBe('session')
    expect(vault.get('imap:support')).toBe('env-imap')
    // SMTP falls back to the IMAP password, as in the CLI.
    expect(vault.get('smtp:support')).toBe('env-imap')
    expect(vault.get(SERVER_TOKEN_REF)).toBe('env-token')
    vault.set('imap:support', 'typed')
    expect(vault.get('imap:support')).toBe('typed')
    vault.delete('imap:support')
    expect(vault.get('imap:support')).toBe('env-imap')
  })

  it('never hands the IMAP password out as the server token; says how to give one', () => {
    const vault = new SessionSecretVault({ KONTOR_IMAP_PASSWORD: 'env-imap' })
    expect(() => vault.get(SERVER_TOKEN_REF)).toThrow(/KONTOR_SERVER_TOKEN/)
    expect(hasSecret(vault, SERVER_TOKEN_REF)).toBe(false)
    const empty = new SessionSecretVault({})
    expect(() => empty.get('imap:x')).toThrow(/enter it in Settings/)
    expect(hasSecret(empty, 'imap:x')).toBe(false)
  })

  it('a new vault (a new run) has forgotten what was typed', () => {
    const first = new SessionSecretVault({})
    first.set('imap:support', 'typed')
    expect(hasSecret(first, 'imap:support')).toBe(true)
    expect(hasSecret(new SessionSecretVault({}), 'imap:support')).toBe(false)
  })
})
