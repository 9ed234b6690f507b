import { create } from 'zustand'
import { connectionSlice } from './connection'
import { queuesSlice } from './queues'
import { searchSlice } from './search'
import { systemSlice } from './system'
import { ticketSlice } from './ticket'
import type { KontorState } from './types'

export type { KontorState, SortOrder, View } from './types'

/** One store built from slices; components read with selectors, actions sit beside their state. */
export const createKontorStore = () =>
  create<KontorState>()((...a) => ({
    ...connectionSlice(...a),
    ...systemSlice(...a),
    ...queuesSlice(...a),
    ...ticketSlice(...a),
    ...searchSlice(...a),
  }))

export const useKontor = createKontorStore()
