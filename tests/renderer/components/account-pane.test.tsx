import { fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReplicaEntityInfo, TicketDetail } from '../../../src/shared/contract'
import { createContractClient } from '../../../src/shared/contract/client'
import { AccountPane, skusInMail } from '../../../src/renderer/src/screens/AccountPane'
import { useKontor } from '../../../src/renderer/src/store'

const entity = (
  kind: string,
  id: string,
  accountId: string | null,
  data: Record<string, unknown>,
): ReplicaEntityInfo => ({ entity: kind, id, accountId, version: 1, data })

const REPLICA: ReplicaEntityInfo[] = [
  entity('account', 'acc-hq', null, { name: 'Hallberg Holding AG', tier: 'strategic' }),
  entity('account', 'acc-ch', 'acc-ch', {
    name: 'Hallberg Bau <b>AG</b>',
    tier: 'strategic',
    parentId: 'acc-hq',
    region: 'DACH',
    timeZone: 'Europe/Zurich',
    calendar: 'ch-zh',
    currency: 'CHF',
    creditLimit: 5_000_000,
    creditUsed: 4_700_000,
    paymentTermsDays: 30,
    repAgentId: 'agt-nora',
  }),
  entity('account', 'acc-ch-west', null, { name: 'Hallberg West', parentId: 'acc-ch' }),
  entity('agent', 'agt-nora', null, { name: 'Nora North' }),
  entity('order', 'o1', 'acc-ch', {
    number: 'SO-1001',
    status: 'partially_shipped',
    orderedAt: '2026-11-20',
    lines: [
      {
        lineId: 'l1',
        sku: 'FAS-ANC-M12X100',
        qty: 20,
        shippedQty: 12,
        status: 'partially_shipped',
      },
      {
        lineId: 'l2',
        sku: 'FAS-933-M8X40',
        qty: 50,
        status: 'backordered',
        shipDate: '2026-12-04',
      },
    ],
  }),
  entity('quote', 'q1', 'acc-ch', {
    number: 'Q-2026-0141',
    status: 'sent',
    currency: 'CHF',
    revisions: [
      { revision: 1, validUntil: '2026-11-10', lines: [{ qty: 10, unitPrice: 1000 }] },
      { revision: 2, validUntil: '2026-11-18', lines: [{ qty: 20, unitPrice: 900 }] },
    ],
  }),
  entity('invoice', 'i1', 'acc-ch', {
    number: 'INV-1',
    status: 'open',
    amount: 10_000,
    currency: 'CHF',
    dueOn: '2020-01-01',
  }),
  entity('invoice', 'i3', 'acc-ch', {
    number: 'INV-3',
    status: 'overdue',
    amount: 2_000,
    currency: 'CHF',
    dueOn: '2099-01-01',
  }),
  entity('invoice', 'i2', 'acc-ch', {
    number: 'INV-2',
    status: 'paid',
    amount: 5_000,
    currency: 'CHF',
    dueOn: '2020-01-01',
  }),
  entity('contact', 'c1', 'acc-ch', {
    name: 'Anna Buyer',
    role: 'buyer',
    email: 'anna@hallberg.ch',
    department: 'Einkauf',
  }),
  entity('inventory', 'inv1', null, {
    sku: 'FAS-933-M8X40',
    warehouse: 'NUE',
    description: 'Sechskantschraube',
    onHand: 0,
    expectedQty: 200,
    expectedDate: '2026-12-04',
  }),
  entity('inventory', 'inv2', null, { sku: 'FAS-933-M8X40', warehouse: 'ZRH', onHand: 0 }),
  entity('inventory', 'inv3', null, { sku: 'FAS-ANC-M12X100', warehouse: 'NUE', onHand: 340 }),
  entity('inventory', 'inv4', null, { sku: 'NOT-IN-MAIL-1', warehouse: 'NUE', onHand: 5 }),
]

function detail(text: string): TicketDetail {
  return {
    ticket: {
      id: 't1',
      subject: 'Liefertermin',
      accountId: 'acc-ch',
      accountMatch: 'contact',
      status: 'open',
      messageCount: 1,
      messageIds: ['<m1@x>'],
      lastMessageAt: '2026-11-27T08:00:00Z',
      firstCustomerMessageAt: '2026-11-27T08:00:00Z',
      customerAddress: 'anna@hallberg.ch',
    },
    messages: [
      {
        rowId: 1,
        messageId: '<m1@x>',
        subject: 'Liefertermin fas-933-m8x40',
        fromAddress: 'anna@hallberg.ch',
        fromName: 'Anna Buyer',
        to: [],
        cc: [],
        replyTo: [],
        internalDate: '2026-11-27T08:00:00Z',
        direction: 'in',
        autoReply: false,
        joinReason: 'root',
        joinDetail: null,
        bodyStatus: 'done',
        text,
        html: null,
        parseError: null,
        attachments: [],
        folders: ['INBOX'],
      },
    ],
  }
}

function fakeClient() {
  return createContractClient({
    invoke: (name, input) => {
      if (name !== 'replica:list')
        return Promise.resolve({ ok: false, error: { code: 'E_NOT_FOUND', message: name } })
      const { entity: kind, accountId } = input as { entity: string; accountId?: string }
      return Promise.resolve({
        ok: true,
        data: REPLICA.filter((r) => r.entity === kind && (!accountId || r.accountId === accountId)),
      })
    },
    subscribe: () => () => undefined,
  })
}

describe('AccountPane', () => {
  afterEach(() => useKontor.setState({ client: null, detail: null }))

  it('shows tier with its SLA, rep, credit, terms, parent and children, as text', async () => {
    useKontor.setState({
      client: fakeClient(),
      detail: detail('Bitte auch FAS-ANC-M12X100 prüfen'),
    })
    render(<AccountPane accountId="acc-ch" />)
    expect(await screen.findByText('Hallberg Bau <b>AG</b>')).toBeTruthy()
    expect(screen.getByTestId('sla-policy').textContent).toContain('first response 2 h')
    expect(screen.getByTestId('rep').textContent).toBe('Nora North')
    expect(screen.getByTestId('credit').textContent).toMatch(
      /47,000\.00 used of .*50,000\.00 · .*3,000\.00 free/,
    )
    expect(screen.getByTestId('parent').textContent).toBe('Hallberg Holding AG')
    expect(screen.getByTestId('children').textContent).toBe('Hallberg West')
    expect(document.querySelector('b')).toBeNull()
  })

  it('has orders with partial shipments and backorders, quote revisions, open and overdue invoices, contacts', async () => {
    useKontor.setState({ client: fakeClient(), detail: detail('') })
    render(<AccountPane accountId="acc-ch" />)
    expect(await screen.findByText('SO-1001')).toBeTruthy()
    expect(screen.getByText(/50 ordered · backordered until 2026-12-04/)).toBeTruthy()
    expect(screen.getByText(/20 ordered, 12 shipped/)).toBeTruthy()
    fireEvent.click(screen.getByRole('tab', { name: /Quotes \(1\)/ }))
    const revisions = screen.getByRole('list', { name: 'Revisions of Q-2026-0141' })
    expect(
      within(revisions)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.slice(0, 6)),
    ).toEqual(['rev. 2', 'rev. 1'])
    fireEvent.click(screen.getByRole('tab', { name: /Invoices \(3\)/ }))
    expect(screen.getByTestId('invoice-summary').textContent).toMatch(/2 open .*2 overdue/)
    fireEvent.click(screen.getByRole('tab', { name: /Contacts \(1\)/ }))
    expect(screen.getByText('buyer')).toBeTruthy()
    expect(screen.getByText(/anna@hallberg\.ch · Einkauf/)).toBeTruthy()
  })

  it('shows stock per warehouse for the SKUs the mail mentions, out of stock flagged', async () => {
    useKontor.setState({
      client: fakeClient(),
      detail: detail('Bitte auch FAS-ANC-M12X100 prüfen'),
    })
    render(<AccountPane accountId="acc-ch" />)
    fireEvent.click(await screen.findByRole('tab', { name: /Stock \(2\)/ }))
    expect(screen.getByText('out of stock')).toBeTruthy()
    expect(screen.getByText(/NUE: 0 on hand · 200 expected 2026-12-04/)).toBeTruthy()
    expect(screen.getByText('340 on hand')).toBeTruthy()
    expect(screen.queryByText('NOT-IN-MAIL-1')).toBeNull()
  })

  it('finds SKUs in subjects and texts, case-insensitively, in order of mention', () => {
    const d = detail('zuerst FAS-ANC-M12X100, dann nichts')
    expect(skusInMail(d, ['FAS-ANC-M12X100', 'FAS-933-M8X40', 'XYZ-1'])).toEqual([
      'FAS-933-M8X40',
      'FAS-ANC-M12X100',
    ])
    expect(skusInMail(null, ['FAS-933-M8X40'])).toEqual([])
  })
})
