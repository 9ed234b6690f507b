import { useEffect, useRef, useState } from 'react'
import type { ContractClient } from '../../../shared/contract/client'
import { externalUrl } from '../../../shared/contract/viewer'

export interface LinkConfirmProps {
  client: ContractClient | null
  /** The link's target as written in the mail. */
  url: string
  /** Whether the desktop shell opens links (else the browser does, after the same question). */
  opensLinks: boolean
  onClose: () => void
  /** For tests and web mode: how a browser opens the link. */
  openWindow?: (url: string) => void
}

const browserOpen = (url: string) => {
  window.open(url, '_blank', 'noopener,noreferrer')
}

/**
 * Asks before a link in a mail leaves Kontor, showing where it really goes (the target, not the
 * link text). Only http, https and mailto can be opened; any other target (javascript:, data:,
 * file:, cid: ...) is refused with a note. Everything from the mail is rendered as text.
 */
export function LinkConfirm({
  client,
  url,
  opensLinks,
  onClose,
  openWindow = browserOpen,
}: LinkConfirmProps) {
  const target = externalUrl(url)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const first = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    first.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  const open = async () => {
    if (!target) return
    if (!opensLinks) {
      // The browser keeps the click's user activation only while this handler runs: open now.
      openWindow(target.href)
      onClose()
      return
    }
    if (!client) return
    setBusy(true)
    const r = await client.call('app:openExternal', { url: target.href })
    setBusy(false)
    if (!r.ok) {
      setError(r.error.message)
      return
    }
    if (r.data.openedBy === 'caller') openWindow(r.data.url)
    onClose()
  }

  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase()
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        className="dialog link-confirm"
        role="dialog"
        aria-modal="true"
        aria-labelledby="link-confirm-title"
        onClick={(e) => e.stopPropagation()}
      >
        {target ? (
          <>
            <h3 id="link-confirm-title">Open this link outside Kontor?</h3>
            <p className="muted small">
              {target.protocol === 'mailto:'
                ? 'It starts a new mail in your mail program, to:'
                : 'It opens in your web browser. It really goes to:'}
            </p>
            {target.protocol !== 'mailto:' && (
              <p className="link-host" data-testid="link-host">
                {target.hostname}
              </p>
            )}
            <p className="link-target" data-testid="link-target">
              {target.href}
            </p>
            {error && <p className="error">{error}</p>}
            <div className="dialog-actions">
              <button type="button" ref={first} onClick={onClose}>
                Cancel
              </button>
              <button type="button" className="primary" disabled={busy} onClick={() => void open()}>
                Open link
              </button>
            </div>
          </>
        ) : (
          <>
            <h3 id="link-confirm-title">This link was not opened</h3>
            <p>
              {scheme
                ? `Links of the kind "${scheme}:" are never opened from a mail.`
                : 'The link has no web address.'}{' '}
              Only http, https and mailto links can leave Kontor.
            </p>
            <p className="link-target" data-testid="link-target">
              {url || '(empty link)'}
            </p>
            <div className="dialog-actions">
              <button type="button" ref={first} onClick={onClose}>
                Close
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  )
}
