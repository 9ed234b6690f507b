import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { QueueInfo } from '../../../src/shared/contract'
import { QueueNav } from '../../../src/renderer/src/components/QueueNav'
import { useKontor } from '../../../src/renderer/src/store'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const QUEUES: QueueInfo[] = [
  { id: 'all', label: 'All open', count: 244 },
  { id: 'mailbox:mbx-billing', label: 'Kontor Demo Supply Billing', count: 37 },
  {
    id: 'waiting',
    label: 'Waiting',
    count: 6,
    reasons: [{ reason: 'waiting_on_po_approval', count: 2 }],
  },
]

describe('QueueNav', () => {
  beforeEach(() =>
    useKontor.setState({
      client: null,
      queues: QUEUES,
      loadQueues: async () => undefined,
    }),
  )
  afterEach(cleanup)

  it('gives each queue name one ellipsised line with the full name as its title, count beside it', async () => {
    await act(async () => render(<QueueNav />))
    const billing = screen.getByRole('button', { name: /Kontor Demo Supply Billing/ })
    const label = billing.querySelector('.nav-label')
    expect(label?.textContent).toBe('Kontor Demo Supply Billing')
    expect(label?.getAttribute('title')).toBe('Kontor Demo Supply Billing')
    expect(billing.lastElementChild?.className).toBe('count')
    expect(billing.lastElementChild?.textContent).toBe('37')
    const sub = screen.getByRole('button', { name: /PO \/ approval/ })
    expect(sub.querySelector('.nav-label')?.getAttribute('title')).toBe('PO / approval')
  })
})
