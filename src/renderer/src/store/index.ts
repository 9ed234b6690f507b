import { create } from 'zustand'
import { connectionSlice } from './connection'
import { systemSlice } from './system'
import { ticketsSlice } from './tickets'
import type { KontorState } from './types'

export type { KontorState, QueueId, View } from './types'

/** One store built from slices; components read with selectors, actions sit beside their state. */
export const createKontorStore = () =>
  create<KontorState>()((...a) => ({
    ...connectionSlice(...a),
    ...systemSlice(...a),
    ...ticketsSlice(...a),
  }))

export const useKontor = createKontorStore()
