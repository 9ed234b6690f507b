import type { SearchSlice, Slice } from './types'

/** How many hits one search shows (the core ranks them; the best come first). */
export const SEARCH_LIMIT = 50

export const searchSlice: Slice<SearchSlice> = (set, get) => ({
  searchQuery: '',
  searchedQuery: null,
  searchHits: [],
  searching: false,
  searchError: null,
  search: async (query) => {
    const client = get().client
    set({ searchQuery: query })
    if (!query.trim()) {
      set({ searchedQuery: null, searchHits: [], searching: false, searchError: null })
      return
    }
    if (!client) return
    set({ searching: true })
    const result = await client.call('mail:search', { query, limit: SEARCH_LIMIT })
    // Only the answer to what is in the field now counts: the agent may have typed on.
    if (get().searchQuery !== query) return
    set(
      result.ok
        ? { searchedQuery: query, searchHits: result.data, searching: false, searchError: null }
        : { searchedQuery: query, searchHits: [], searching: false, searchError: result.error },
    )
  },
  refreshSearch: async () => {
    const { client, searchedQuery, searchQuery } = get()
    if (!client || searchedQuery === null || searchedQuery !== searchQuery) return
    const result = await client.call('mail:search', { query: searchedQuery, limit: SEARCH_LIMIT })
    // A failed refresh keeps the hits shown; the next change or keystroke asks again.
    if (!result.ok || get().searchQuery !== searchedQuery) return
    set({ searchHits: result.data, searchError: null })
  },
  clearSearch: () =>
    set({
      searchQuery: '',
      searchedQuery: null,
      searchHits: [],
      searching: false,
      searchError: null,
    }),
})
