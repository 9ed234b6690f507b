import { describe, expect, it } from 'vitest'
import type { TicketDetail } from '../../../src/shared/contract'
import { createContractClient } from '../../../src/shared/contract/client'
import { createKontorStore } from '../../../src/renderer/src/store'

const detail = (subject: string, messages: number): TicketDetail =>
  ({
    ticket: { id: 't1', subject, messageCount: messages },
    messages: [],
  }) as unknown as TicketDetail

describe('the open ticket', () => {
  it('is re-read in place when its mail changes, and kept when the re-read fails', async () => {
    let answer: TicketDetail | null = detail('Liefertermin', 1)
    const client = createContractClient({
      invoke: () =>
        Promise.resolve(
          answer
            ? { ok: true, data: answer }
            : { ok: false, error: { code: 'E_NOT_FOUND', message: 'No ticket t1.' } },
        ),
      subscribe: () => () => undefined,
    })
    const store = createKontorStore()
    store.setState({ client })
    await store.getState().openTicket('t1')
    expect(store.getState().detail?.ticket.messageCount).toBe(1)
    answer = detail('Liefertermin', 2)
    await store.getState().reloadTicket()
    expect(store.getState().detail?.ticket.messageCount).toBe(2)
    answer = null
    await store.getState().reloadTicket()
    expect(store.getState().detail?.ticket.messageCount).toBe(2)
    expect(store.getState().detailError).toBeNull()
  })
})
