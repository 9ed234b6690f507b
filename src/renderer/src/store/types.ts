import type { StateCreator } from 'zustand'
import type { ContractClient } from '../../../shared/contract/client'
import type {
  AppInfo,
  DiagnosticResult,
  TicketDetail,
  TicketSummary,
} from '../../../shared/contract'
import type { ErrorInfo } from '../../../shared/errors'

export interface ConnectionSlice {
  client: ContractClient | null
  connected: boolean
  setClient(client: ContractClient): void
  setConnected(connected: boolean): void
}

export interface SystemSlice {
  info: AppInfo | null
  infoError: ErrorInfo | null
  diagnostics: DiagnosticResult[] | null
  diagnosing: boolean
  diagnosticsError: ErrorInfo | null
  loadInfo(): Promise<void>
  runDiagnostics(): Promise<void>
}

export type QueueId = 'all' | 'triage'
export type View = { kind: 'queue'; queue: QueueId } | { kind: 'system' }

export interface TicketsSlice {
  view: View
  tickets: TicketSummary[]
  ticketsLoaded: boolean
  ticketsError: ErrorInfo | null
  selectedTicketId: string | null
  detail: TicketDetail | null
  detailError: ErrorInfo | null
  setView(view: View): void
  loadTickets(): Promise<void>
  openTicket(id: string): Promise<void>
}

export type KontorState = ConnectionSlice & SystemSlice & TicketsSlice
export type Slice<T> = StateCreator<KontorState, [], [], T>
