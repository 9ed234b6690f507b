import { useEffect, useState } from 'react'
import type { ContractClient } from '../../../shared/contract/client'
import type { ImageSender } from '../../../shared/contract/viewer'
import type { ErrorInfo } from '../../../shared/errors'
import { useViewerSettings } from './useViewer'

function formatDay(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' })
}

/**
 * Settings: the senders whose remote images load without asking (added from a message's
 * "Always load images from …"), and a way to take one back. Changes made in another window
 * arrive through `viewer:imageSendersChanged`.
 */
export function ImageSendersPanel({ client }: { client: ContractClient | null }) {
  const settings = useViewerSettings(client)
  const [senders, setSenders] = useState<ImageSender[]>([])
  const [error, setError] = useState<ErrorInfo | null>(null)
  // The list as loaded, and as changed from any window (the event).
  useEffect(() => setSenders(settings?.imageSenders ?? []), [settings?.imageSenders])
  const remove = async (sender: string) => {
    if (!client) return
    const r = await client.call('viewer:removeImageSender', { sender })
    // The answer is the list as stored: shown at once, whenever the event arrives.
    if (r.ok) {
      setSenders(r.data)
      setError(null)
    } else setError(r.error)
  }
  return (
    <div className="panel" aria-labelledby="image-senders-title" data-testid="image-senders">
      <h2 id="image-senders-title">Remote images</h2>
      <p className="muted">
        Remote images in mail load only when you ask. These senders were allowed with “Always load
        images from …”; removing one makes its mail ask again.
      </p>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {settings && senders.length === 0 && <p className="muted">No sender is allowed.</p>}
      <ul className="mailbox-list image-sender-list">
        {[...senders]
          .sort((a, b) => a.sender.localeCompare(b.sender))
          .map((s) => (
            <li key={s.sender} data-testid="image-sender">
              <span className="mono">{s.sender}</span>
              <span className="muted">
                {s.kind === 'domain' ? 'every address at this domain' : 'this address'}
              </span>
              <span className="muted">since {formatDay(s.addedAt)}</span>
              <span className="row-actions">
                <button
                  type="button"
                  className="link"
                  aria-label={`Remove ${s.sender}`}
                  onClick={() => void remove(s.sender)}
                >
                  Remove
                </button>
              </span>
            </li>
          ))}
      </ul>
    </div>
  )
}
