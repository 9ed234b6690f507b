import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type {
  AgentInfo,
  CallName,
  OrderTypeInfo,
  SyncStatusInfo,
  TicketAssignmentInfo,
  TicketSummary,
} from '../../../src/shared/contract'
import type { ContractClient } from '../../../src/shared/contract/client'
import type { Result } from '../../../src/shared/result'
import { useKontor } from '../../../src/renderer/src/store'
import { TicketActions } from '../../../src/renderer/src/screens/TicketActions'

// `act()` from Testing Library: tell React this environment drives it.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const TICKET: TicketSummary = {
  id: 'tk-1',
  subject: 'Liefertermin PO-2026-01234',
  accountId: 'A1',
  accountMatch: 'contact',
  status: 'open',
  messageCount: 1,
  messageIds: ['<m1@example>'],
  lastMessageAt: '2026-11-27T08:00:00Z',
  firstCustomerMessageAt: '2026-11-27T08:00:00Z',
  customerAddress: 'buyer@a1.example',
}

const AGENTS: AgentInfo[] = [
  {
    id: 'agentN',
    name: 'Nora North',
    role: 'agent',
    teamId: 'north',
    teamName: 'North',
    me: true,
    teammate: false,
  },
  {
    id: 'leadN',
    name: 'Lina Lead',
    role: 'team_lead',
    teamId: 'north',
    teamName: 'North',
    me: false,
    teammate: true,
  },
  {
    id: 'agentN2',
    name: 'Nils North',
    role: 'agent',
    teamId: 'north',
    teamName: 'North',
    me: false,
    teammate: true,
  },
  {
    id: 'agentS',
    name: 'Sam South',
    role: 'account_manager',
    teamId: 'south',
    teamName: 'South',
    me: false,
    teammate: false,
  },
  {
    id: 'agentW',
    name: 'Wanda West',
    role: 'agent',
    teamId: 'west',
    teamName: 'West',
    me: false,
    teammate: false,
  },
]
const ORDER_TYPES: OrderTypeInfo[] = [
  { id: 'quote_request', label: 'Quote request' },
  { id: 'delivery', label: 'Delivery / backorder' },
]
const SYNC: SyncStatusInfo = {
  configured: true,
  state: 'idle',
  pending: 0,
  rejected: 0,
  lastSyncAt: null,
  lastError: null,
}

/**
 * A scripted core behind the contract client: keeps one ticket's assignment, queues
 * mutations as pending, and lets the test play the server (confirm or reject) and announce
 * `db:changed` as the sync client does.
 */
function scriptedCore() {
  const calls: { name: CallName; input: unknown }[] = []
  const listeners = new Set<(payload: { tables: string[] }) => void>()
  let nextId = 1
  const state: TicketAssignmentInfo = {
    ticketId: TICKET.id,
    accountId: 'A1',
    assigneeId: null,
    assigneeName: null,
    reopenedAt: null,
    status: 'open',
    pauseReason: null,
    orderType: null,
    version: 0,
    rep: { id: 'agentS', name: 'Sam South' },
    pending: [],
    rejected: [],
  }
  const ok = <T,>(data: T): Result<T> => ({ ok: true, data })
  const client: ContractClient = {
    call: async (name, input) => {
      calls.push({ name, input })
      const answer = (): Result<unknown> => {
        switch (name) {
          case 'team:ticket':
            return ok(structuredClone(state))
          case 'team:agents':
            return ok(AGENTS)
          case 'team:orderTypes':
            return ok(ORDER_TYPES)
          case 'sync:mutate': {
            const m = input as {
              name: 'ticket.assign' | 'ticket.setStatus' | 'ticket.setOrderType'
              args: Record<string, unknown>
            }
            if (m.name === 'ticket.setStatus' && m.args.status === 'paused' && !m.args.pauseReason)
              return {
                ok: false,
                error: { code: 'E_INVALID_INPUT', message: 'Invalid ticket.setStatus' },
              }
            const id = nextId++
            state.pending.push({
              id,
              name: m.name,
              args: m.args,
              createdAt: '2026-11-27T09:00:00Z',
              error: null,
            })
            return ok({ id })
          }
          case 'sync:dismiss': {
            const { id } = input as { id: number }
            state.rejected = state.rejected.filter((c) => c.id !== id)
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
  const announce = (tables: string[]) => act(() => listeners.forEach((l) => l({ tables })))
  return {
    client,
    calls,
    state,
    mutations: () =>
      calls
        .filter((c) => c.name === 'sync:mutate')
        .map((c) => c.input as { name: string; args: object }),
    /** The server applied every pending change, and the pull brought it back. */
    confirm: async () => {
      for (const c of state.pending.splice(0)) {
        state.version++
        if (c.name === 'ticket.assign') {
          state.assigneeId = (c.args.assigneeId as string | null) ?? null
          state.assigneeName = AGENTS.find((a) => a.id === state.assigneeId)?.name ?? null
        } else if (c.name === 'ticket.setStatus') {
          state.status = String(c.args.status)
          state.pauseReason = (c.args.pauseReason as string | undefined) ?? null
        } else if (c.name === 'ticket.setOrderType') {
          state.orderType = (c.args.orderType as string | null) ?? null
        }
      }
      await announce(['sync_outbox', 'replica_entities', 'replica:ticket'])
    },
    reject: async (message: string) => {
      for (const c of state.pending.splice(0))
        state.rejected.push({ ...c, error: { code: 'E_NOT_FOUND', message } })
      await announce(['sync_outbox'])
    },
  }
}

describe('TicketActions', () => {
  let core: ReturnType<typeof scriptedCore>

  beforeEach(() => {
    core = scriptedCore()
    useKontor.setState({ client: core.client, sync: SYNC })
  })

  const assignMenu = () => screen.getByRole('combobox', { name: 'Assign' })

  it('offers me, the account rep, teammates and others, and assigns through the outbox until the server confirms', async () => {
    render(<TicketActions ticket={TICKET} />)
    expect(await screen.findByTestId('assignee')).toHaveProperty('textContent', 'Unassigned')
    const options = within(assignMenu())
      .getAllByRole('option')
      .map((o) => o.textContent)
    expect(options).toEqual([
      'Assign…',
      'Assign to me',
      'Account rep: Sam South',
      'Lina Lead',
      'Nils North',
      'Wanda West (West)',
    ])
    expect(within(assignMenu()).getByRole('group', { name: 'Team' })).toBeTruthy()

    fireEvent.change(assignMenu(), { target: { value: 'agentN2' } })
    expect(
      await screen.findByText('Assign to Nils North: waiting for the sync server'),
    ).toBeTruthy()
    expect(core.mutations()).toEqual([
      { name: 'ticket.assign', args: { ticketId: 'tk-1', accountId: 'A1', assigneeId: 'agentN2' } },
    ])
    // Still the confirmed value until the server answers.
    expect(screen.getByTestId('assignee').textContent).toBe('Unassigned')

    await core.confirm()
    expect(await screen.findByText('Assigned to Nils North')).toBeTruthy()
    expect(screen.queryByRole('status')).toBeNull()
    // Assigned: Unassign is offered, the assignee is not offered again.
    const after = within(assignMenu()).getAllByRole('option')
    expect(after.map((o) => o.textContent)).toContain('Unassign')
    expect(after.find((o) => o.textContent === 'Nils North')).toHaveProperty('disabled', true)
    fireEvent.change(assignMenu(), { target: { value: '__unassign' } })
    expect(await screen.findByText('Unassign: waiting for the sync server')).toBeTruthy()
    expect(core.mutations().at(-1)).toEqual({
      name: 'ticket.assign',
      args: { ticketId: 'tk-1', accountId: 'A1', assigneeId: null },
    })
  })

  it('assigns to me and to the account rep', async () => {
    render(<TicketActions ticket={TICKET} />)
    await screen.findByTestId('assignee')
    fireEvent.change(assignMenu(), { target: { value: 'agentN' } })
    await screen.findByText('Assign to Nora North: waiting for the sync server')
    await core.confirm()
    expect(await screen.findByText('Assigned to Nora North (me)')).toBeTruthy()
    expect(
      within(assignMenu())
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).not.toContain('Assign to me')
    fireEvent.change(assignMenu(), { target: { value: 'agentS' } })
    await screen.findByText('Assign to Sam South: waiting for the sync server')
    expect(core.mutations().map((m) => (m.args as { assigneeId: string }).assigneeId)).toEqual([
      'agentN',
      'agentS',
    ])
  })

  it('pauses with a reason and sets the order type, each shown once confirmed', async () => {
    render(<TicketActions ticket={TICKET} />)
    await screen.findByTestId('assignee')
    fireEvent.change(screen.getByRole('combobox', { name: 'Set status' }), {
      target: { value: 'waiting_on_customer' },
    })
    await screen.findByText('Pause: Waiting on customer: waiting for the sync server')
    const orderType = screen.getByRole('combobox', { name: 'Order type' })
    expect(
      within(orderType)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['No order type', 'Quote request', 'Delivery / backorder'])
    fireEvent.change(orderType, { target: { value: 'delivery' } })
    await screen.findByText('Order type: Delivery / backorder: waiting for the sync server')
    // The select shows what was asked for while it waits.
    expect((orderType as HTMLSelectElement).value).toBe('delivery')
    expect(core.mutations()).toEqual([
      {
        name: 'ticket.setStatus',
        args: {
          ticketId: 'tk-1',
          accountId: 'A1',
          status: 'paused',
          pauseReason: 'waiting_on_customer',
        },
      },
      {
        name: 'ticket.setOrderType',
        args: { ticketId: 'tk-1', accountId: 'A1', orderType: 'delivery' },
      },
    ])
    await core.confirm()
    expect((await screen.findByTestId('ticket-status')).textContent).toBe(
      'Paused · Waiting on customer',
    )
    expect(screen.getByTestId('order-type').textContent).toBe('Delivery / backorder')
    fireEvent.change(screen.getByRole('combobox', { name: 'Order type' }), {
      target: { value: '' },
    })
    await screen.findByText('Clear order type: waiting for the sync server')
    expect(core.mutations().at(-1)?.args).toEqual({
      ticketId: 'tk-1',
      accountId: 'A1',
      orderType: null,
    })
  })

  it('says when the customer reopened a resolved ticket, and resolves it again', async () => {
    core.state.status = 'open'
    core.state.reopenedAt = '2026-11-27T08:15:00.000Z'
    render(<TicketActions ticket={TICKET} />)
    const status = await screen.findByTestId('ticket-status')
    expect(status.textContent).toMatch(/^Open · reopened by the customer on .*2026/)
    fireEvent.change(screen.getByRole('combobox', { name: 'Set status' }), {
      target: { value: 'resolved' },
    })
    await screen.findByText('Resolve: waiting for the sync server')
    core.state.reopenedAt = null
    await core.confirm()
    expect((await screen.findByTestId('ticket-status')).textContent).toBe('Resolved')
  })

  it("shows a rejection with the server's reason until dismissed", async () => {
    render(<TicketActions ticket={TICKET} />)
    await screen.findByTestId('assignee')
    fireEvent.change(assignMenu(), { target: { value: 'agentW' } })
    await screen.findByText('Assign to Wanda West: waiting for the sync server')
    await core.reject('agent agentW not found')
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Assign to Wanda West was rejected: agent agentW not found')
    expect(screen.getByTestId('assignee').textContent).toBe('Unassigned')
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }))
    await act(async () => undefined)
    expect(screen.queryByRole('alert')).toBeNull()
    expect(core.calls.some((c) => c.name === 'sync:dismiss')).toBe(true)
  })

  it('renders nothing without a sync server or for a ticket in Triage', () => {
    useKontor.setState({ sync: { ...SYNC, configured: false } })
    const { container, rerender } = render(<TicketActions ticket={TICKET} />)
    expect(container.innerHTML).toBe('')
    rerender(<TicketActions ticket={{ ...TICKET, accountId: null }} />)
    act(() => useKontor.setState({ sync: SYNC }))
    expect(container.innerHTML).toBe('')
    expect(core.calls).toEqual([])
  })
})
