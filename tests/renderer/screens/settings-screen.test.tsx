import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ContractClient } from '../../../src/shared/contract/client'
import type { CallInput, CallName, WorkspaceInfo } from '../../../src/shared/contract'
import type { Result } from '../../../src/shared/result'
import {
  SettingsScreen,
  toMailboxInput,
  emptyMailboxForm,
} from '../../../src/renderer/src/screens/SettingsScreen'
import { useKontor } from '../../../src/renderer/src/store'

const DEMO: WorkspaceInfo = {
  kind: 'demo',
  switchable: true,
  secrets: { storage: 'session', note: 'Web mode keeps passwords in memory for this run only.' },
  real: { mailboxes: [], server: null },
  demo: { agent: { id: 'agent-julia', name: 'Julia Neumann' }, serverUrl: 'http://127.0.0.1:1' },
}

/** A contract client that records calls and answers from a table. */
function fakeClient(answers: Partial<Record<CallName, (input: unknown) => Result<unknown>>>) {
  const calls: { name: CallName; input: unknown }[] = []
  const client: ContractClient = {
    call: (async (name: CallName, input: CallInput<CallName>) => {
      calls.push({ name, input })
      const answer = answers[name]
      if (!answer) return { ok: false, error: { code: 'E_UNKNOWN_CALL', message: name } }
      return answer(input)
    }) as ContractClient['call'],
    on: () => () => undefined,
  }
  return { client, calls }
}

describe('SettingsScreen', () => {
  beforeEach(() => {
    useKontor.setState({ client: null })
  })

  it('shows the demo, refuses the switch until something is configured, and shows field errors', async () => {
    const { client, calls } = fakeClient({
      'workspace:get': () => ({ ok: true, data: DEMO }),
      'workspace:saveMailbox': () => ({
        ok: false,
        error: {
          code: 'E_INVALID_INPUT',
          message: 'Invalid input',
          fields: [
            {
              path: 'imap.host',
              message: 'Not a host name (e.g. imap.example.com), without "imap://" or a port.',
            },
            { path: 'imap.port', message: 'A port is between 1 and 65535.' },
          ],
        },
      }),
    })
    act(() => useKontor.setState({ client }))
    render(<SettingsScreen />)
    await screen.findByText(/demo workspace/)
    expect(screen.getByText(/Julia Neumann/)).toBeTruthy()
    expect(
      (screen.getByRole('button', { name: 'Switch to my workspace' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true)
    expect(screen.getByTestId('secrets-note').textContent).toContain('memory for this run')

    fireEvent.click(screen.getByRole('button', { name: 'Add mailbox' }))
    fireEvent.change(screen.getByLabelText('Address'), { target: { value: 'support@example.com' } })
    fireEvent.change(screen.getByLabelText('IMAP host'), {
      target: { value: 'imap://mail.example.com' },
    })
    fireEvent.change(screen.getByLabelText('IMAP port'), { target: { value: '99999' } })
    fireEvent.change(screen.getByLabelText('IMAP user'), { target: { value: 'support' } })
    fireEvent.change(screen.getByLabelText('IMAP password'), { target: { value: 'pw' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save mailbox' }))

    await screen.findByTestId('error-imap.port')
    expect(screen.getByTestId('error-imap.port').textContent).toBe('A port is between 1 and 65535.')
    expect(screen.getByTestId('error-imap.host').textContent).toContain('Not a host name')
    expect(screen.getByLabelText('IMAP port').getAttribute('aria-invalid')).toBe('true')
    const save = calls.find((c) => c.name === 'workspace:saveMailbox')
    expect(save?.input).toMatchObject({
      address: 'support@example.com',
      imap: { host: 'imap://mail.example.com', port: 99999, security: 'tls', user: 'support' },
      imapPassword: 'pw',
      folders: ['INBOX', 'Sent'],
      syncWindowDays: null,
    })
  })

  it('a port that is not a number is caught before any call; security moves the usual port', () => {
    const form = emptyMailboxForm()
    const bad = toMailboxInput({ ...form, imap: { ...form.imap, port: 'imaps' } })
    expect(bad.ok).toBe(false)
    if (!bad.ok)
      expect(bad.error.fields).toEqual([{ path: 'imap.port', message: 'Enter a port number.' }])
    const noSmtp = toMailboxInput({ ...form, smtpEnabled: false, syncWindowDays: '30' })
    expect(noSmtp.ok && noSmtp.input).toMatchObject({ smtp: null, syncWindowDays: 30 })
  })

  it('shows the test result per server and lists a saved mailbox', async () => {
    let info: WorkspaceInfo = DEMO
    const { client } = fakeClient({
      'workspace:get': () => ({ ok: true, data: info }),
      'workspace:testMailbox': () => ({
        ok: true,
        data: {
          imap: {
            ok: false,
            code: 'auth_failed',
            message:
              'IMAP login refused by imap.example.com:993: check the user name and password.',
            ms: 40,
          },
          smtp: { ok: true, code: 'ok', message: 'Signed in to smtp.example.com:587.', ms: 30 },
        },
      }),
      'workspace:saveMailbox': () => {
        info = {
          ...DEMO,
          real: {
            server: null,
            mailboxes: [
              {
                id: 'support-example.com',
                address: 'support@example.com',
                displayName: 'Support',
                imap: { host: 'imap.example.com', port: 993, security: 'tls', user: 'support' },
                smtp: null,
                folders: ['INBOX', 'Sent'],
                syncWindowDays: null,
                passwords: { imap: true, smtp: false },
              },
            ],
          },
        }
        return { ok: true, data: info.real.mailboxes[0] }
      },
    })
    act(() => useKontor.setState({ client }))
    render(<SettingsScreen />)
    fireEvent.click(await screen.findByRole('button', { name: 'Add mailbox' }))
    fireEvent.change(screen.getByLabelText('Address'), { target: { value: 'support@example.com' } })
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }))
    await screen.findByTestId('mailbox-test')
    expect(screen.getByTestId('test-imap').textContent).toContain('login refused')
    expect(screen.getByTestId('test-smtp').textContent).toContain('Signed in')
    fireEvent.click(screen.getByRole('button', { name: 'Save mailbox' }))
    await waitFor(() =>
      expect(screen.getByTestId('mailbox').textContent).toContain('password stored'),
    )
    expect(
      (screen.getByRole('button', { name: 'Switch to my workspace' }) as HTMLButtonElement)
        .disabled,
    ).toBe(false)
  })
})
