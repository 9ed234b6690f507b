import { fireEvent, render, screen } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { TicketList, type TicketRow } from '../../../src/renderer/src/components/TicketList'

const T0 = Date.parse('2026-11-27T09:00:00Z')

function rows(n: number): TicketRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `t${i}`,
    subject:
      i === 3
        ? '<img src=x onerror=alert(1)> Rückfrage Angebot Q-2026-0456'
        : `PO-2026-${String(i).padStart(5, '0')} partial delivery`,
    accountName: i % 7 === 0 ? null : `Account ${i % 40}`,
    tier: ((i % 3) + 1) as 1 | 2 | 3,
    assigneeName: i % 2 ? 'Nora North' : null,
    orderType: i % 5 === 0 ? 'rush' : null,
    customer: 'buyer@acme.example',
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
    render(<TicketList rows={rows(50_000)} selectedId={null} onSelect={() => {}} />)
    const rendered = screen.getAllByRole('option')
    expect(rendered.length).toBeGreaterThan(5)
    expect(rendered.length).toBeLessThan(40)
    expect(screen.getByRole('listbox').dataset.count).toBe('50000')
  })

  it('shows subjects and names as text, never as markup', () => {
    const { container } = render(
      <TicketList rows={rows(10)} selectedId={null} onSelect={() => {}} />,
    )
    expect(container.querySelector('img')).toBeNull()
    expect(screen.getByText(/<img src=x onerror=alert\(1\)> Rückfrage/)).toBeTruthy()
  })

  it('marks Triage, tier and assignee, and selects on click and Enter', () => {
    const onSelect = vi.fn()
    render(<TicketList rows={rows(10)} selectedId="t1" onSelect={onSelect} />)
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
