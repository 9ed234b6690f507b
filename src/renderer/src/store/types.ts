import type { StateCreator } from 'zustand'
import type { ContractClient } from '../../../shared/contract/client'
import type {
  AppInfo,
  DiagnosticResult,
  QueueInfo,
  QueueRow,
  SearchHit,
  SyncStatusInfo,
  TicketDetail,
} from '../../../shared/contract'
import type { PauseReason } from '../../../shared/sla/events'
import type { ErrorInfo } from '../../../shared/errors'

export interface ConnectionSlice {
  client: ContractClient | null
  connected: boolean
  sync: SyncStatusInfo | null
  setClient(client: ContractClient): void
  setConnected(connected: boolean): void
  setSync(sync: SyncStatusInfo): void
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

export type View =
  { kind: 'queue'; queue: string; reason?: PauseReason } | { kind: 'system' } | { kind: 'settings' }
export type SortOrder = 'sla' | 'activity'

export interface QueuesSlice {
  view: View
  sort: SortOrder
  queues: QueueInfo[]
  queuesError: ErrorInfo | null
  /** The open queue's rows by index; pages are fetched as the list scrolls. */
  rows: Record<number, QueueRow>
  total: number
  rowsLoaded: boolean
  rowsError: ErrorInfo | null
  /** Bumped whenever the loaded rows are thrown away, so stale page answers are dropped. */
  generation: number
  setView(view: View): void
  setSort(sort: SortOrder): void
  loadQueues(): Promise<void>
  /** Make sure rows [start, end) are loaded (fetches missing pages). */
  ensureRows(start: number, end: number): Promise<void>
  /** Tables or SLA states changed: re-read counts and the visible pages. */
  refresh(visible: [number, number]): Promise<void>
}

export interface TicketSlice {
  selectedTicketId: string | null
  detail: TicketDetail | null
  detailError: ErrorInfo | null
  openTicket(id: string): Promise<void>
  /** Re-read the open ticket (new mail, bodies, replies) without clearing the view. */
  reloadTicket(): Promise<void>
}

export interface SearchSlice {
  /** What is in the search field (the debounced value the last search was started for). */
  searchQuery: string
  /** The query the hits answer; null before any answer (or after clearing). */
  searchedQuery: string | null
  searchHits: SearchHit[]
  searching: boolean
  searchError: ErrorInfo | null
  /** Search all local mail (FTS); an empty query clears the results. */
  search(query: string): Promise<void>
  /**
   * Ask again for the answered query (new mail or bodies arrived) and replace the hits in
   * place: no "searching" state, nothing when the field holds another query by now.
   */
  refreshSearch(): Promise<void>
  clearSearch(): void
}

export type KontorState = ConnectionSlice & SystemSlice & QueuesSlice & TicketSlice & SearchSlice
export type Slice<T> = StateCreator<KontorState, [], [], T>
