import type { Slice, TicketSlice } from './types'

export const ticketSlice: Slice<TicketSlice> = (set, get) => ({
  selectedTicketId: null,
  detail: null,
  detailError: null,
  openTicket: async (id) => {
    const client = get().client
    if (!client) return
    set({ selectedTicketId: id })
    const result = await client.call('tickets:get', { id })
    // Only the latest selection wins when the agent clicks quickly through the list.
    if (get().selectedTicketId !== id) return
    set(
      result.ok
        ? { detail: result.data, detailError: null }
        : { detail: null, detailError: result.error },
    )
  },
  reloadTicket: async () => {
    const client = get().client
    const id = get().selectedTicketId
    if (!client || !id) return
    const result = await client.call('tickets:get', { id })
    // A silent refresh: on failure (the ticket was re-threaded under another root) the agent
    // keeps what is on screen.
    if (result.ok && get().selectedTicketId === id) set({ detail: result.data, detailError: null })
  },
})
