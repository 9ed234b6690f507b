import type {
  MailboxTestResult,
  WorkspaceInfo,
  WorkspaceKind,
  WorkspaceMailboxInfo,
  WorkspaceServerInfo,
} from '../../shared/contract/workspace'
import type { ParsedInput } from '../../shared/contract'

/**
 * What the `workspace:*` handlers need beyond one core: the running workspace's host (see
 * `WorkspaceHost`), which owns the main store, the secret vault and the switch between the
 * demo and the real workspace. Injected into each core it opens (`CoreOptions.workspace`).
 */
export interface WorkspaceControl {
  info(): WorkspaceInfo
  testMailbox(input: ParsedInput<'workspace:testMailbox'>): Promise<MailboxTestResult>
  saveMailbox(input: ParsedInput<'workspace:saveMailbox'>): Promise<WorkspaceMailboxInfo>
  removeMailbox(id: string): Promise<void>
  connectServer(input: ParsedInput<'workspace:connectServer'>): Promise<WorkspaceServerInfo>
  disconnectServer(): Promise<void>
  switchTo(kind: WorkspaceKind): Promise<WorkspaceInfo>
}
