import type { ContractClient } from '../../../shared/contract/client'
import type { ImageSender } from '../../../shared/contract/viewer'

export interface RemoteImagesProps {
  client: ContractClient | null
  /** How many remote references the sanitizer blocked in this message. */
  blocked: number
  fromAddress: string | null
  /** The entry that lets this sender's images load, if any. */
  allowedBy: ImageSender | null
  /** Loaded for this message only (not remembered). */
  loadedOnce: boolean
  onLoadOnce: () => void
}

/** The sender's domain, or null for an address without one. */
export function senderDomain(address: string | null): string | null {
  if (!address) return null
  const at = address.lastIndexOf('@')
  const domain = at >= 0 ? address.slice(at + 1).toLowerCase() : ''
  return domain.includes('.') ? domain : null
}

/**
 * Remote images stay blocked (they tell the sender when and where a mail was read) until the
 * agent loads them for this message, or always for the sender's address or domain (remembered
 * in the app's settings; removable here).
 */
export function RemoteImages({
  client,
  blocked,
  fromAddress,
  allowedBy,
  loadedOnce,
  onLoadOnce,
}: RemoteImagesProps) {
  if (allowedBy) {
    return (
      <div className="remote-banner remote-allowed">
        Images load for {allowedBy.kind === 'domain' ? 'everyone at ' : ''}
        {allowedBy.sender}.{' '}
        <button
          type="button"
          className="link"
          onClick={() =>
            void client?.call('viewer:removeImageSender', { sender: allowedBy.sender })
          }
        >
          Block again
        </button>
      </div>
    )
  }
  if (blocked === 0 || loadedOnce) return null
  const address = fromAddress?.toLowerCase() ?? null
  const domain = senderDomain(address)
  const allow = (sender: string) => void client?.call('viewer:allowImages', { sender })
  return (
    <div className="remote-banner" role="region" aria-label="Remote images">
      {blocked} remote {blocked === 1 ? 'image was' : 'images were'} blocked.{' '}
      <button type="button" className="link" onClick={onLoadOnce}>
        Load images
      </button>
      {address && domain && (
        <>
          {' · '}
          <button type="button" className="link" onClick={() => allow(address)}>
            Always for {address}
          </button>
          {' · '}
          <button type="button" className="link" onClick={() => allow(domain)}>
            Always for {domain}
          </button>
        </>
      )}
    </div>
  )
}
