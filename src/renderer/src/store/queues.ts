import type { QueueRow } from '../../../shared/contract'
import type { QueuesSlice, Slice } from './types'

export const PAGE = 200
const inflight = new Set<string>()

export const queuesSlice: Slice<QueuesSlice> = (set, get) => {
  const fetchPage = async (page: number) => {
    const { client, view, sort, generation } = get()
    if (!client || view.kind !== 'queue') return
    const key = `${generation}:${page}`
    if (inflight.has(key)) return
    inflight.add(key)
    try {
      const result = await client.call('console:tickets', {
        queue: view.queue,
        ...(view.reason ? { reason: view.reason } : {}),
        sort,
        offset: page * PAGE,
        limit: PAGE,
      })
      // A newer view or refresh made this answer stale.
      if (get().generation !== generation) return
      if (!result.ok) {
        set({ rowsError: result.error, rowsLoaded: true })
        return
      }
      const rows: Record<number, QueueRow> = { ...get().rows }
      result.data.rows.forEach((row, i) => (rows[page * PAGE + i] = row))
      set({ rows, total: result.data.total, rowsLoaded: true, rowsError: null })
    } finally {
      inflight.delete(key)
    }
  }

  const reset = () =>
    set((s) => ({ rows: {}, rowsLoaded: false, rowsError: null, generation: s.generation + 1 }))

  return {
    view: { kind: 'queue', queue: 'all' },
    sort: 'sla',
    queues: [],
    queuesError: null,
    rows: {},
    total: 0,
    rowsLoaded: false,
    rowsError: null,
    generation: 0,
    setView: (view) => {
      set({ view, total: 0 })
      reset()
      if (view.kind === 'queue') void get().ensureRows(0, PAGE)
    },
    setSort: (sort) => {
      set({ sort })
      reset()
      void get().ensureRows(0, PAGE)
    },
    loadQueues: async () => {
      const client = get().client
      if (!client) return
      const result = await client.call('console:queues', {})
      set(
        result.ok
          ? { queues: result.data.queues, queuesError: null }
          : { queuesError: result.error },
      )
    },
    ensureRows: async (start, end) => {
      const { rows } = get()
      const pages = new Set<number>()
      for (let i = Math.max(0, start); i < end; i++) if (!rows[i]) pages.add(Math.floor(i / PAGE))
      await Promise.all([...pages].map(fetchPage))
    },
    refresh: async ([start, end]) => {
      reset()
      await Promise.all([get().loadQueues(), get().ensureRows(start, Math.max(end, start + 1))])
    },
  }
}
