import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type {
  CallName,
  OutboxEntryInfo,
  ReplicaEntityInfo,
  SyncStatusInfo,
  TicketMessage,
  TicketSummary,
  TriageStateInfo,
} from '../../../src/shared/contract'
import type { ContractClient } from '../../../src/shared/contract/client'
import type { Result } from '../../../src/shared/result'
import { useKontor } from '../../../src/renderer/src/store'
import { TriageContact, triageAddresses } from '../../../src/renderer/src/screens/TriageContact'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const TICKET: TicketSummary = {
  id: 'tk-triage',
  subject: 'Anfrage Paletten',
  accountId: null,
  accountMatch: null,
  status: 'open',
  messageCount: 2,
  messageIds: ['<m1@portal>', '<m2@portal>'],
  lastMessageAt: '2026-11-27T09:00:00Z',
  firstCustomerMessageAt: '2026-11-27T08:00:00Z',
  customerAddress: 'no-reply@portal.example',
}

function message(over: Partial<TicketMessage>): TicketMessage {
  return {
    rowId: 1,
    messageId: '<m1@portal>',
    subject: 'Anfrage Paletten',
    fromAddress: 'no-reply@portal.example',
    fromName: 'Beschaffungsportal',
    to: [{ name: null, address: 'support@kontor.test' }],
    cc: [],
    internalDate: '2026-11-27T08:00:00Z',
    direction: 'in',
    replyTo: [{ name: 'Jana Neu', address: 'Jana.Neu@gmail.com' }],
    autoReply: false,
    joinReason: 'root',
    joinDetail: null,
    bodyStatus: 'done',
    text: 'Bitte um Angebot',
    html: null,
    parseError: null,
    attachments: [],
    folders: ['INBOX'],
    ...over,
  }
}

const MESSAGES: TicketMessage[] = [
  message({}),
  // Our own answer and an out-of-office notice name nobody to add.
  message({
    rowId: 2,
    direction: 'out',
    fromAddress: 'support@kontor.test',
    fromName: 'Support',
    replyTo: [],
  }),
  message({
    rowId: 3,
    fromAddress: 'urlaub@gmail.com',
    fromName: 'Auto',
    replyTo: [],
    autoReply: true,
  }),
]

const ACCOUNTS: ReplicaEntityInfo[] = [
  {
    entity: 'account',
    id: 'B1',
    accountId: 'B1',
    version: 1,
    data: { name: 'Bauer AG', domain: 'bauer.example' },
  },
  {
    entity: 'account',
    id: 'A1',
    accountId: 'A1',
    version: 1,
    data: { name: 'Müller GmbH', domain: 'mueller.example' },
  },
  {
    entity: 'account',
    id: 'C1',
    accountId: 'C1',
    version: 1,
    data: { name: 'Custom Parts Ltd', domain: null },
  },
]

const SYNC: SyncStatusInfo = {
  configured: true,
  state: 'idle',
  pending: 0,
  rejected: 0,
  lastSyncAt: null,
  lastError: null,
}

/** A scripted core: queues contact.add in an outbox the test settles as the server would. */
function scriptedCore() {
  const calls: { name: CallName; input: unknown }[] = []
  const listeners = new Set<(payload: { tables: string[] }) => void>()
  const outbox: OutboxEntryInfo[] = [
    // Another ticket's change: not shown here.
    {
      id: 1,
      name: 'contact.add',
      entity: 'contact',
      entityId: 'someone@else.example',
      args: { accountId: 'B1', email: 'someone@else.example', name: 'S', role: 'buyer' },
      status: 'pending',
      error: null,
      createdAt: '2026-11-27T09:00:00Z',
      settledAt: null,
    },
  ]
  let triage: TriageStateInfo | null = null
  const ok = <T,>(data: T): Result<T> => ({ ok: true, data })
  const client: ContractClient = {
    call: async (name, input) => {
      calls.push({ name, input })
      const answer = (): Result<unknown> => {
        switch (name) {
          case 'replica:list':
            return ok(ACCOUNTS)
          case 'tickets:triage':
            return ok(triage)
          case 'tickets:accountHints':
            return ok([
              { accountId: 'A1', accountName: 'Müller GmbH', reasons: ['order SO-400087'] },
            ])
          case 'sync:outbox':
            return ok(structuredClone(outbox))
          case 'sync:mutate': {
            const m = input as { name: string; args: Record<string, unknown> }
            if (m.name === 'triage.setStatus') {
              const id = outbox.length + 1
              outbox.push({
                id,
                name: 'triage.setStatus',
                entity: 'triage',
                entityId: String(m.args.ticketId),
                args: m.args,
                status: 'pending',
                error: null,
                createdAt: '2026-11-27T09:05:00Z',
                settledAt: null,
              })
              return ok({ id })
            }
            const email = String(m.args.email)
            if (!email.includes('@'))
              return {
                ok: false,
                error: { code: 'E_INVALID_INPUT', message: 'Invalid email address' },
              }
            const id = outbox.length + 1
            outbox.push({
              id,
              name: 'contact.add',
              entity: 'contact',
              entityId: email.toLowerCase(),
              args: m.args,
              status: 'pending',
              error: null,
              createdAt: '2026-11-27T09:05:00Z',
              settledAt: null,
            })
            return ok({ id })
          }
          case 'sync:dismiss': {
            const { id } = input as { id: number }
            outbox.splice(
              outbox.findIndex((c) => c.id === id),
              1,
            )
            return ok({ dismissed: true })
          }
          default:
            return { ok: false, error: { code: 'E_NOT_FOUND', message: `unexpected ${name}` } }
        }
      }
      return answer() as never
    },
    on: (name, listener) => {
      if (name !== 'db:changed') return () => undefined
      const l = listener as (payload: { tables: string[] }) => void
      listeners.add(l)
      return () => listeners.delete(l)
    },
  }
  return {
    client,
    calls,
    outbox,
    /** The state the next `tickets:triage` answers. */
    setTriage: (state: TriageStateInfo | null) => {
      triage = state
    },
    /** The server applied the pending Triage change and the pull brought it back. */
    confirmTriage: async () => {
      const c = outbox.find((o) => o.name === 'triage.setStatus' && o.status === 'pending')
      if (!c) throw new Error('no pending triage change')
      outbox.splice(outbox.indexOf(c), 1)
      triage = {
        status: c.args.status as 'open' | 'closed',
        reopenedAt: null,
        reason: (c.args.reason as string | undefined) ?? null,
        by: 'agentN',
        byName: 'Nora North',
        at: '2026-11-27T09:06:00Z',
        version: (triage?.version ?? 0) + 1,
      }
      await act(() => listeners.forEach((l) => l({ tables: ['sync_outbox', 'replica:triage'] })))
    },
    reject: async (message: string) => {
      for (const c of outbox)
        if (c.status === 'pending' && c.id > 1) {
          c.status = 'rejected'
          c.error = { code: 'E_RULE_VIOLATION', message }
        }
      await act(() => listeners.forEach((l) => l({ tables: ['sync_outbox'] })))
    },
  }
}

describe('TriageContact', () => {
  let core: ReturnType<typeof scriptedCore>
  beforeEach(() => {
    core = scriptedCore()
    useKontor.setState({ client: core.client, sync: SYNC })
  })

  it("offers the customer's addresses, a portal's Reply-To first, never ours or an automatic reply's", () => {
    expect(triageAddresses(TICKET, MESSAGES)).toEqual([
      'Jana.Neu@gmail.com',
      'no-reply@portal.example',
    ])
    // A system sender goes last even as the From of a message without Reply-To.
    expect(
      triageAddresses({ ...TICKET, customerAddress: 'noreply@shop.example' }, [
        message({ fromAddress: 'noreply@shop.example', replyTo: [] }),
        message({ rowId: 2, fromAddress: 'einkauf@shop.example', fromName: null, replyTo: [] }),
      ]),
    ).toEqual(['einkauf@shop.example', 'noreply@shop.example'])
  })

  it('adds the sender to a chosen account through the outbox and shows it until the server answers', async () => {
    render(<TriageContact ticket={TICKET} messages={MESSAGES} />)
    const form = screen.getByRole('form', { name: 'Sort into an account' })
    const address = within(form).getByLabelText('Address') as HTMLInputElement
    // The portal's Reply-To, with its name.
    expect(address.value).toBe('Jana.Neu@gmail.com')
    expect((within(form).getByLabelText('Name') as HTMLInputElement).value).toBe('Jana Neu')
    // Another address of the ticket fills in its own name; a typed one keeps the name.
    fireEvent.change(address, { target: { value: 'no-reply@portal.example' } })
    expect((within(form).getByLabelText('Name') as HTMLInputElement).value).toBe(
      'Beschaffungsportal',
    )
    fireEvent.change(address, { target: { value: 'Jana.Neu@gmail.com' } })
    const account = within(form).getByLabelText('Account') as HTMLSelectElement
    await screen.findByRole('option', { name: 'Müller GmbH (mueller.example)' })
    // Sorted by name, narrowed by name, id or domain.
    expect(
      within(account)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'Choose (3)',
      'Bauer AG (bauer.example)',
      'Custom Parts Ltd',
      'Müller GmbH (mueller.example)',
    ])
    fireEvent.change(within(form).getByLabelText('Find account'), { target: { value: 'MUELLER' } })
    expect(
      within(account)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose (1)', 'Müller GmbH (mueller.example)'])
    const add = within(form).getByRole('button', { name: 'Add contact' }) as HTMLButtonElement
    expect(add.disabled).toBe(true)
    fireEvent.change(account, { target: { value: 'A1' } })
    fireEvent.change(within(form).getByLabelText('Role'), { target: { value: 'finance' } })
    expect(add.disabled).toBe(false)
    fireEvent.submit(form)
    expect(
      await screen.findByText(
        'Add Jana.Neu@gmail.com to Müller GmbH as Finance: waiting for the sync server',
      ),
    ).toBeTruthy()
    expect(core.calls.filter((c) => c.name === 'sync:mutate').map((c) => c.input)).toEqual([
      {
        name: 'contact.add',
        args: { accountId: 'A1', email: 'Jana.Neu@gmail.com', name: 'Jana Neu', role: 'finance' },
      },
    ])
    // Another ticket's pending contact is not listed here.
    expect(screen.queryByText(/someone@else/)).toBeNull()

    await core.reject('Jana.Neu@gmail.com is already a contact of Bauer AG')
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain(
      'Add Jana.Neu@gmail.com to Müller GmbH as Finance was rejected: Jana.Neu@gmail.com is already a contact of Bauer AG',
    )
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }))
    await act(async () => undefined)
    expect(screen.queryByRole('alert')).toBeNull()
    expect(core.outbox.map((c) => c.id)).toEqual([1])
  })

  it('offers the accounts the mail points at, and picks one on a click', async () => {
    render(<TriageContact ticket={TICKET} messages={MESSAGES} />)
    const hint = await screen.findByRole('button', { name: 'Müller GmbH (order SO-400087)' })
    // Even when the filter hides it.
    fireEvent.change(screen.getByLabelText('Find account'), { target: { value: 'bauer' } })
    fireEvent.click(hint)
    expect(hint.getAttribute('aria-pressed')).toBe('true')
    expect((screen.getByLabelText('Account') as HTMLSelectElement).value).toBe('A1')
    fireEvent.submit(screen.getByRole('form', { name: 'Sort into an account' }))
    expect(
      await screen.findByText(
        'Add Jana.Neu@gmail.com to Müller GmbH as Buyer: waiting for the sync server',
      ),
    ).toBeTruthy()
  })

  it('closes the ticket without an account (a reason is required), and reopens it', async () => {
    render(<TriageContact ticket={TICKET} messages={MESSAGES} />)
    const close = await screen.findByRole('combobox', { name: 'Close without an account' })
    expect(
      within(close)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Close as…', 'Spam', 'Not a customer request', 'Handled elsewhere'])
    fireEvent.change(close, { target: { value: 'not_a_customer' } })
    expect(
      await screen.findByText('Close as Not a customer request: waiting for the sync server'),
    ).toBeTruthy()
    const mutations = () => core.calls.filter((c) => c.name === 'sync:mutate').map((c) => c.input)
    expect(mutations()).toEqual([
      {
        name: 'triage.setStatus',
        args: { ticketId: 'tk-triage', status: 'closed', reason: 'not_a_customer' },
      },
    ])
    await core.confirmTriage()
    const closed = await screen.findByTestId('triage-closed')
    expect(closed.textContent).toMatch(
      /^Closed without an account: Not a customer request · by Nora North · /,
    )
    expect(screen.queryByRole('status')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Reopen' }))
    expect(await screen.findByText('Reopen in Triage: waiting for the sync server')).toBeTruthy()
    // Made against the version the agent saw: a concurrent change conflicts on the server.
    expect(mutations().at(-1)).toEqual({
      name: 'triage.setStatus',
      args: { ticketId: 'tk-triage', status: 'open' },
      baseVersion: 1,
    })
    await core.confirmTriage()
    expect(await screen.findByRole('combobox', { name: 'Close without an account' })).toBeTruthy()
    expect(screen.queryByTestId('triage-closed')).toBeNull()
  })

  it('says when the sender reopened a ticket closed as handled elsewhere, and closes it again', async () => {
    core.setTriage({
      status: 'open',
      reopenedAt: '2026-11-27T08:15:00.000Z',
      reason: 'handled_elsewhere',
      by: 'agentN',
      byName: 'Nora North',
      at: '2026-11-26T16:00:00Z',
      version: 3,
    })
    render(<TriageContact ticket={TICKET} messages={MESSAGES} />)
    const note = await screen.findByTestId('triage-reopened')
    expect(note.textContent).toMatch(
      /^Reopened: the sender wrote again on .*2026.* after it was closed \(Handled elsewhere\)\./,
    )
    fireEvent.change(screen.getByRole('combobox', { name: 'Close without an account' }), {
      target: { value: 'handled_elsewhere' },
    })
    await screen.findByText('Close as Handled elsewhere: waiting for the sync server')
    // Against the version the agent saw, like any other change of it.
    expect(core.calls.filter((c) => c.name === 'sync:mutate').at(-1)?.input).toMatchObject({
      baseVersion: 3,
    })
  })

  it("shows the core's refusal of bad input", async () => {
    render(<TriageContact ticket={TICKET} messages={MESSAGES} />)
    await screen.findByRole('option', { name: 'Bauer AG (bauer.example)' })
    fireEvent.change(screen.getByLabelText('Address'), { target: { value: 'not-an-address' } })
    fireEvent.change(screen.getByLabelText('Account'), { target: { value: 'B1' } })
    fireEvent.submit(screen.getByRole('form', { name: 'Sort into an account' }))
    expect((await screen.findByRole('alert')).textContent).toBe('Invalid email address')
  })

  it('is not offered without a sync server (contacts live there)', () => {
    useKontor.setState({ client: core.client, sync: { ...SYNC, configured: false } })
    const { container } = render(<TriageContact ticket={TICKET} messages={MESSAGES} />)
    expect(container.innerHTML).toBe('')
  })
})
