import type { ConnectionSlice, Slice } from './types'

export const connectionSlice: Slice<ConnectionSlice> = (set) => ({
  client: null,
  connected: false,
  setClient: (client) => set({ client }),
  setConnected: (connected) => set({ connected }),
})
