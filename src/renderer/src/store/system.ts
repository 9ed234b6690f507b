import { USER_DIAGNOSTIC_CHECKS } from '../../../shared/contract/app'
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
    // Only what matters to the agent here; `kontor doctor` runs the test harness's checks too.
    const result = await client.call('app:diagnose', { checks: [...USER_DIAGNOSTIC_CHECKS] })
    set(
      result.ok
        ? { diagnostics: result.data, diagnosing: false }
        : { diagnosticsError: result.error, diagnosing: false },
    )
  },
})
