import type { Slice, SystemSlice } from './types'

export const systemSlice: Slice<SystemSlice> = (set, get) => ({
  info: null,
  infoError: null,
  diagnostics: null,
  diagnosing: false,
  diagnosticsError: null,
  loadInfo: async () => {
    const client = get().client
    if (!client) return
    const result = await client.call('app:info', {})
    set(result.ok ? { info: result.data, infoError: null } : { infoError: result.error })
  },
  runDiagnostics: async () => {
    const client = get().client
    if (!client) return
    set({ diagnosing: true, diagnosticsError: null })
    const result = await client.call('app:diagnose', {})
    set(
      result.ok
        ? { diagnostics: result.data, diagnosing: false }
        : { diagnosticsError: result.error, diagnosing: false },
    )
  },
})
