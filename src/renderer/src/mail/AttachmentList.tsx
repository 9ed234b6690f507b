import { useState } from 'react'
import type { TicketMessage } from '../../../shared/contract/mail'
import type { ContractClient } from '../../../shared/contract/client'
import type { ViewerSettings } from '../../../shared/contract/viewer'

type RowState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; path: string }
  | { kind: 'error'; message: string }

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export interface AttachmentListProps {
  client: ContractClient | null
  messageRowId: number
  attachments: TicketMessage['attachments']
  settings: ViewerSettings | null
}

/**
 * A message's attachments. Nothing is downloaded until the agent asks; then the core fetches
 * the part from the mail server and saves it under a safe name in the attachments folder (or a
 * folder the agent picks in the desktop app) and says where. Files are never opened. The
 * sender's file names are shown as text.
 */
export function AttachmentList({
  client,
  messageRowId,
  attachments,
  settings,
}: AttachmentListProps) {
  const [rows, setRows] = useState<Record<number, RowState>>({})
  if (attachments.length === 0) return null

  const save = async (index: number, choose: boolean) => {
    if (!client) return
    setRows((r) => ({ ...r, [index]: { kind: 'saving' } }))
    const res = await client.call('mail:saveAttachment', { messageRowId, index, choose })
    setRows((r) => ({
      ...r,
      [index]: !res.ok
        ? { kind: 'error', message: res.error.message }
        : res.data.saved
          ? { kind: 'saved', path: res.data.path }
          : { kind: 'idle' },
    }))
  }

  return (
    <div className="attachments" aria-label="Attachments">
      <ul>
        {attachments.map((a, i) => {
          const state = rows[i] ?? { kind: 'idle' }
          return (
            <li key={i} className="attachment" data-testid="attachment">
              <span className="attachment-name">{a.filename ?? 'unnamed attachment'}</span>{' '}
              <span className="muted">
                {a.mimeType} · {formatSize(a.size)}
              </span>{' '}
              <button
                type="button"
                className="link"
                disabled={state.kind === 'saving'}
                onClick={() => void save(i, false)}
              >
                {state.kind === 'saving' ? 'Saving…' : 'Save'}
              </button>
              {settings?.canChooseFolder && (
                <>
                  {' · '}
                  <button
                    type="button"
                    className="link"
                    disabled={state.kind === 'saving'}
                    onClick={() => void save(i, true)}
                  >
                    Save to…
                  </button>
                </>
              )}
              {state.kind === 'saved' && (
                <div className="attachment-saved" role="status">
                  Saved to <code>{state.path}</code>
                </div>
              )}
              {state.kind === 'error' && (
                <div className="error" role="alert">
                  {state.message}
                </div>
              )}
            </li>
          )
        })}
      </ul>
      {settings && !settings.canChooseFolder && (
        <p className="muted small">
          Saved into <code>{settings.attachmentsFolder}</code> (never opened by Kontor).
        </p>
      )}
    </div>
  )
}
