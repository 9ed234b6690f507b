import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TicketDetail, TicketSummary } from '../../../src/shared/contract'
import type { ContractClient } from '../../../src/shared/contract/client'
import { useKontor } from '../../../src/renderer/src/store'
import { TicketView } from '../../../src/renderer/src/screens/TicketView'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const TICKET: TicketSummary = {
  id: 'tk-1',
  subject: 'Liefertermin PO-2026-01234',
  accountId: 'acc-hallberg-verbindungstechnik',
  accountName: 'Hallberg Verbindungstechnik AG',
  accountMatch: 'contact',
  status: 'open',
  messageCount: 1,
  messageIds: ['<m1@example>'],
  lastMessageAt: '2026-11-27T08:00:00Z',
  firstCustomerMessageAt: '2026-11-27T08:00:00Z',
  customerAddress: 'buyer@hallberg.example',
}

const detail = (ticket: Partial<TicketSummary>): TicketDetail => ({
  ticket: { ...TICKET, ...ticket },
  messages: [],
})

/** Every call answers "not here": the header must not depend on any of them. */
const client: ContractClient = {
  call: async (name) => ({ ok: false, error: { code: 'E_UNKNOWN_CALL', message: name } }) as never,
  on: () => () => undefined,
}

describe('TicketView header', () => {
  beforeEach(() => useKontor.setState({ client }))
  afterEach(cleanup)

  it("names the ticket's account, with its id only as a tooltip", async () => {
    const { container } = await act(async () => render(<TicketView detail={detail({})} />))
    const account = await screen.findByText('Hallberg Verbindungstechnik AG')
    expect(account.getAttribute('title')).toBe('Account id acc-hallberg-verbindungstechnik')
    const head = container.querySelector('.ticket-view-head .muted')
    expect(head?.textContent).toBe('Hallberg Verbindungstechnik AG · 1 messages · open')
    expect(head?.textContent).not.toContain('acc-hallberg')
  })

  it('falls back to the id when the name is unknown, and says Triage without an account', async () => {
    const view = await act(async () =>
      render(<TicketView detail={detail({ accountName: null })} />),
    )
    const head = () => view.container.querySelector('.ticket-view-head .muted')?.textContent
    expect(head()).toBe('acc-hallberg-verbindungstechnik · 1 messages · open')
    await act(async () =>
      view.rerender(<TicketView detail={detail({ accountId: null, accountName: null })} />),
    )
    expect(head()).toBe('Triage: no account matched yet · 1 messages · open')
  })

  it('says when a Triage ticket was closed without an account', async () => {
    const triageClient: ContractClient = {
      call: async (name) =>
        (name === 'tickets:triage'
          ? {
              ok: true,
              data: {
                status: 'closed',
                reason: 'spam',
                by: 'agentN',
                byName: 'Nora North',
                at: '2026-11-27T09:00:00Z',
                version: 1,
              },
            }
          : name === 'replica:list' || name === 'sync:outbox' || name === 'tickets:accountHints'
            ? { ok: true, data: [] }
            : { ok: false, error: { code: 'E_UNKNOWN_CALL', message: name } }) as never,
      on: () => () => undefined,
    }
    useKontor.setState({
      client: triageClient,
      sync: {
        configured: true,
        state: 'idle',
        pending: 0,
        rejected: 0,
        lastSyncAt: null,
        lastError: null,
      },
    })
    const view = await act(async () =>
      render(<TicketView detail={detail({ accountId: null, accountName: null })} />),
    )
    await screen.findByTestId('triage-closed')
    expect(view.container.querySelector('.ticket-view-head .muted')?.textContent).toBe(
      'Triage: closed without an account · 1 messages · open',
    )
    useKontor.setState({ sync: null })
  })
})

describe('TicketView messages', () => {
  beforeEach(() => useKontor.setState({ client }))
  afterEach(cleanup)

  const message = (rowId: number, autoReply: boolean): TicketDetail['messages'][number] => ({
    rowId,
    messageId: `m${rowId}@example`,
    subject: 'Liefertermin PO-2026-01234',
    fromAddress: 'buyer@hallberg.example',
    fromName: 'Petra Lang',
    to: [{ name: null, address: 'support@kontor.test' }],
    cc: [],
    replyTo: [],
    internalDate: '2026-11-27T08:00:00Z',
    direction: 'in',
    autoReply,
    joinReason: 'root',
    joinDetail: null,
    bodyStatus: 'done',
    text: autoReply ? 'Ich bin bis Montag nicht im Büro.' : 'Wann kommt die Lieferung?',
    html: null,
    parseError: null,
    attachments: [],
    folders: ['INBOX'],
  })

  it('marks an automatic reply as such, and only that one', async () => {
    const { container } = await act(async () =>
      render(
        <TicketView
          detail={{
            ticket: { ...TICKET, messageCount: 2 },
            messages: [message(1, false), message(2, true)],
          }}
        />,
      ),
    )
    const sections = [...container.querySelectorAll('[data-testid="message"]')]
    expect(sections.map((s) => s.classList.contains('message-auto'))).toEqual([false, true])
    const badges = container.querySelectorAll('.auto-reply')
    expect(badges).toHaveLength(1)
    expect(badges[0]?.textContent).toBe('automatic reply')
    expect(sections[1]?.contains(badges[0] ?? null)).toBe(true)
  })

  it('offers a note only on a ticket with an account (notes are kept with it)', async () => {
    const view = await act(async () =>
      render(
        <TicketView
          detail={{ ticket: { ...TICKET, accountId: null }, messages: [message(1, false)] }}
        />,
      ),
    )
    const note = () => screen.getByRole('button', { name: 'Note' }) as HTMLButtonElement
    expect(note().disabled).toBe(true)
    expect(note().title).toMatch(/sort this ticket into one first/)
    await act(async () =>
      view.rerender(<TicketView detail={{ ticket: TICKET, messages: [message(1, false)] }} />),
    )
    expect(note().disabled).toBe(false)
  })

  it('says where replies go when the Reply-To is not the sender', async () => {
    const { container } = await act(async () =>
      render(
        <TicketView
          detail={{
            ticket: { ...TICKET, messageCount: 3 },
            messages: [
              {
                ...message(1, false),
                fromName: 'Hallberg ERP',
                fromAddress: 'no-reply@hallberg.example',
                replyTo: [{ name: 'Petra Lang', address: 'buyer@hallberg.example' }],
              },
              // The same address as the sender's (any case) says nothing new.
              {
                ...message(2, false),
                replyTo: [{ name: null, address: 'Buyer@Hallberg.example' }],
              },
              // Our own message: a follow-up goes to its recipients.
              {
                ...message(3, false),
                direction: 'out',
                replyTo: [{ name: null, address: 'team@kontor.test' }],
              },
            ],
          }}
        />,
      ),
    )
    const sections = [...container.querySelectorAll('[data-testid="message"]')]
    expect(sections.map((s) => s.querySelector('[data-testid="reply-to"]')?.textContent)).toEqual([
      'Replies go to Petra Lang <buyer@hallberg.example>',
      undefined,
      undefined,
    ])
  })
})
