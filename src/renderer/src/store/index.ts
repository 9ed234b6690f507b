import { create, type StateCreator } from 'zustand'
import type { ContractClient } from '../../../shared/contract/client'
import type { AppInfo, DiagnosticResult } from '../../../shared/contract'
import type { ErrorInfo } from '../../../shared/errors'

/** One store built from slices; components read with selectors. */
interface ConnectionSlice {
  client: ContractClient | null
  connected: boolean
  setClient(client: ContractClient): void
  setConnected(connected: boolean): void
}

interface SystemSlice {
  info: AppInfo | null
  infoError: ErrorInfo | null
  diagnostics: DiagnosticResult[] | null
  diagnosing: boolean
  diagnosticsError: ErrorInfo | null
  loadInfo(): Promise<void>
  runDiagnostics(): Promise<void>
}

export type KontorState = ConnectionSlice & SystemSlice

const connectionSlice: StateCreator<KontorState, [], [], ConnectionSlice> = (set) => ({
  client: null,
  connected: false,
  setClient: (client) => set({ client }),
  setConnected: (connected) => set({ connected }),
})

const systemSlice: StateCreator<KontorState, [], [], SystemSlice> = (set, get) => ({
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

export const createKontorStore = () =>
  create<KontorState>()((...a) => ({
    ...connectionSlice(...a),
    ...systemSlice(...a),
  }))

export const useKontor = createKontorStore()
