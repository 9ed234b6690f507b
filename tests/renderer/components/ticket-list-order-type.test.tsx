import { cleanup, render, screen } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { QueueRow } from '../../../src/shared/contract'
import { TicketList } from '../../../src/renderer/src/components/TicketList'

const row = (id: string, orderType: string | null): QueueRow => ({
  id,
  subject: `Ticket ${id}`,
  accountId: 'acc-1',
  accountName: 'Redwood Bioscience Inc.',
  tier: 2,
  assigneeId: null,
  assigneeName: null,
  orderType,
  status: 'open',
  pauseReason: null,
  customerAddress: 'buyer@redwood.example',
  lastMessageAt: '2026-11-27T08:00:00Z',
  sla: null,
})

describe('TicketList order type', () => {
  // jsdom has no layout: give the list a viewport so the virtualizer renders rows.
  const saved = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')
  beforeAll(() =>
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get: () => 560,
    }),
  )
  afterAll(() => {
    if (saved) Object.defineProperty(HTMLElement.prototype, 'clientHeight', saved)
  })
  afterEach(cleanup)

  const ROWS = [row('a', 'quote_request'), row('b', 'custom_thing'), row('c', null)]
  const typeOf = (i: number) =>
    screen.getAllByRole('option')[i]?.querySelector('.ticket-order-type')?.textContent ?? null

  it("shows the order type's label from the map, the key when it has none, nothing without a type", () => {
    render(
      <TicketList
        total={3}
        rowAt={(i) => ROWS[i]}
        selectedId={null}
        onSelect={() => undefined}
        orderTypeLabels={new Map([['quote_request', 'Quote request']])}
      />,
    )
    expect([typeOf(0), typeOf(1), typeOf(2)]).toEqual(['Quote request', 'custom_thing', null])
  })

  it('shows the key until the labels are read', () => {
    render(
      <TicketList total={3} rowAt={(i) => ROWS[i]} selectedId={null} onSelect={() => undefined} />,
    )
    expect(typeOf(0)).toBe('quote_request')
  })
})
