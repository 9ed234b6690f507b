import type { Slice, TicketsSlice } from './types'

export const ticketsSlice: Slice<TicketsSlice> = (set, get) => ({
  view: { kind: 'queue', queue: 'all' },
  tickets: [],
  ticketsLoaded: false,
  ticketsError: null,
  selectedTicketId: null,
  detail: null,
  detailError: null,
  setView: (view) => {
    set({ view })
    if (view.kind === 'queue') void get().loadTickets()
  },
  loadTickets: async () => {
    const { client, view } = get()
    if (!client || view.kind !== 'queue') return
    const result = await client.call(
      'tickets:list',
      view.queue === 'triage' ? { triage: true } : {},
    )
    set(
      result.ok
        ? { tickets: result.data, ticketsLoaded: true, ticketsError: null }
        : { ticketsError: result.error, ticketsLoaded: true },
    )
  },
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
})
