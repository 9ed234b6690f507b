import type { QueueRow } from '../../../shared/contract'
import type { QueuesSlice, Slice } from './types'

export const PAGE = 200
const READ_AHEAD = PAGE / 4
const inflight = new Set<string>()

export const queuesSlice: Slice<QueuesSlice> = (set, get) => {
  /** Pages read in the current generation (rows of other pages may be stale or missing). */
  let fresh = new Set<number>()
  /**
   * Fetch one page. `keep` (a refresh): the pages being re-read; when this answer lands, rows
   * of every other page are dropped as stale, while those pages keep showing their previous
   * rows until their own answer lands (no flash of empty rows).
   */
  const fetchPage = async (page: number, keep?: ReadonlySet<number>) => {
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
      const rows: Record<number, QueueRow> = {}
      for (const [key, row] of Object.entries(get().rows)) {
        const p = Math.floor(Number(key) / PAGE)
        if (p !== page && (!keep || keep.has(p))) rows[Number(key)] = row
      }
      result.data.rows.forEach((row, i) => (rows[page * PAGE + i] = row))
      fresh.add(page)
      set({ rows, total: result.data.total, rowsLoaded: true, rowsError: null })
    } finally {
      inflight.delete(key)
    }
  }

  const reset = () => {
    fresh = new Set()
    set((s) => ({ rows: {}, rowsLoaded: false, rowsError: null, generation: s.generation + 1 }))
  }

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
      const pages = new Set<number>()
      // Read ahead (and behind) by a quarter page, so a steady scroll finds the next page
      // already loaded instead of showing placeholders.
      const total = get().total
      const from = Math.max(0, total > 0 ? start - READ_AHEAD : start)
      const to = total > 0 ? Math.min(total, end + READ_AHEAD) : end
      for (let i = from; i < to; i++) {
        const page = Math.floor(i / PAGE)
        if (!fresh.has(page)) pages.add(page)
      }
      await Promise.all([...pages].map((p) => fetchPage(p)))
    },
    refresh: async ([start, end]) => {
      // A new generation drops answers still in flight; the rows on screen stay until their
      // pages are re-read (see fetchPage).
      fresh = new Set()
      set((s) => ({ generation: s.generation + 1 }))
      const pages = new Set<number>()
      const last = Math.max(end, start + 1) - 1
      for (let p = Math.floor(Math.max(0, start) / PAGE); p <= Math.floor(last / PAGE); p++)
        pages.add(p)
      await Promise.all([get().loadQueues(), ...[...pages].map((p) => fetchPage(p, pages))])
    },
  }
}
