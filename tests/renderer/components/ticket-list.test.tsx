import { fireEvent, render, screen } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { QueueRow } from '../../../src/shared/contract'
import { TicketList } from '../../../src/renderer/src/components/TicketList'

const T0 = Date.parse('2026-11-27T09:00:00Z')

function rows(n: number): QueueRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `t${i}`,
    subject:
      i === 3
        ? '<img src=x onerror=alert(1)> Rückfrage Angebot Q-2026-0456'
        : `PO-2026-${String(i).padStart(5, '0')} partial delivery`,
    accountId: i % 7 === 0 ? null : `acc-${i % 40}`,
    accountName: i % 7 === 0 ? null : `Account ${i % 40}`,
    tier: ((i % 3) + 1) as 1 | 2 | 3,
    assigneeId: i % 2 ? 'agt-nora' : null,
    assigneeName: i % 2 ? 'Nora North' : null,
    orderType: i % 5 === 0 ? 'rush' : null,
    status: 'open',
    pauseReason: null,
    customerAddress: 'buyer@acme.example',
    lastMessageAt: '2026-11-27T08:00:00Z',
    sla: {
      metric: 'firstResponse',
      state: 'running',
      dueAt: T0 + i * 60_000,
      atRiskAt: T0,
      remainingMinutes: i,
    },
  }))
}

describe('TicketList', () => {
  // jsdom has no layout: give elements the size of a list pane so the virtualizer has a viewport.
  const saved = {
    h: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
    w: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth'),
  }
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get: () => 560,
    })
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
      configurable: true,
      get: () => 800,
    })
  })
  afterAll(() => {
    if (saved.h) Object.defineProperty(HTMLElement.prototype, 'clientHeight', saved.h)
    if (saved.w) Object.defineProperty(HTMLElement.prototype, 'clientWidth', saved.w)
  })

  it('renders only the rows in view for a list of 50,000', () => {
    const all = rows(50_000)
    const onVisibleRange = vi.fn()
    render(
      <TicketList
        total={all.length}
        rowAt={(i) => all[i]}
        onVisibleRange={onVisibleRange}
        selectedId={null}
        onSelect={() => {}}
      />,
    )
    const rendered = screen.getAllByRole('option')
    expect(rendered.length).toBeGreaterThan(5)
    expect(rendered.length).toBeLessThan(40)
    expect(screen.getByRole('listbox').dataset.count).toBe('50000')
    // The owner hears which rows are on screen, to load just their pages.
    expect(onVisibleRange).toHaveBeenCalledWith(0, rendered.length)
  })

  it('shows subjects and names as text, never as markup', () => {
    const ten = rows(10)
    const { container } = render(
      <TicketList total={10} rowAt={(i) => ten[i]} selectedId={null} onSelect={() => {}} />,
    )
    expect(container.querySelector('img')).toBeNull()
    expect(screen.getByText(/<img src=x onerror=alert\(1\)> Rückfrage/)).toBeTruthy()
  })

  it('a scroll re-renders the rows in view only, not every row of the 50,000', () => {
    const all = rows(50_000)
    let lookups = 0
    const rowAt = (i: number) => {
      lookups++
      return all[i]
    }
    render(<TicketList total={all.length} rowAt={rowAt} selectedId={null} onSelect={() => {}} />)
    // The first render measures every row once (their keys).
    expect(lookups).toBeGreaterThanOrEqual(50_000)
    lookups = 0
    const list = screen.getByRole('listbox')
    for (const top of [560, 5_600, 56_000]) {
      list.scrollTop = top
      fireEvent.scroll(list)
    }
    expect(screen.getAllByRole('option')[0]?.textContent).toContain('PO-2026-00')
    expect(lookups).toBeGreaterThan(0)
    expect(lookups).toBeLessThan(1_000)
  })

  it('shows rows whose page is not loaded yet as placeholders', () => {
    const { container } = render(
      <TicketList total={500} rowAt={() => undefined} selectedId={null} onSelect={() => {}} />,
    )
    expect(screen.queryAllByRole('option')).toEqual([])
    expect(container.querySelectorAll('.ticket-row-pending').length).toBeGreaterThan(5)
  })

  it('marks Triage, tier and assignee, and selects on click and Enter', () => {
    const onSelect = vi.fn()
    const ten = rows(10)
    render(<TicketList total={10} rowAt={(i) => ten[i]} selectedId="t1" onSelect={onSelect} />)
    const first = screen.getAllByRole('option')[0]
    expect(first?.textContent).toContain('Triage')
    expect(first?.textContent).toContain('Unassigned')
    expect(first?.textContent).toContain('T1')
    expect(screen.getAllByRole('option')[1]?.getAttribute('aria-selected')).toBe('true')
    fireEvent.click(screen.getAllByRole('option')[2] as HTMLElement)
    fireEvent.keyDown(screen.getAllByRole('option')[4] as HTMLElement, { key: 'Enter' })
    expect(onSelect.mock.calls).toEqual([['t2'], ['t4']])
  })
})
