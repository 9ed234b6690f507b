import type { ConnectionSlice, Slice } from './types'

export const connectionSlice: Slice<ConnectionSlice> = (set) => ({
  client: null,
  connected: false,
  sync: null,
  setClient: (client) => set({ client }),
  setConnected: (connected) => set({ connected }),
  setSync: (sync) => set({ sync }),
})
