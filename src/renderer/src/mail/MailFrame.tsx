import { useEffect, useMemo, useRef, useState } from 'react'
import { mailFrameCsp, mailFrameDocument, REFUSED_ATTR, sanitizeMailHtml } from './sanitize'

export interface MailFrameProps {
  html: string
  allowRemote: boolean
  cid?: Record<string, string>
  /**
   * A click on a link in the mail, with its target as written (also for targets the sanitizer
   * removed, such as `javascript:`); the caller confirms or refuses, the frame never navigates.
   */
  onLink: (url: string) => void
  onBlockedRemote?: (count: number) => void
  title: string
}

/**
 * Sanitized mail HTML in a frame sandboxed WITHOUT allow-scripts: nothing in the mail can
 * run, open windows, submit forms or navigate the app. `allow-same-origin` lets the console
 * (never the mail) read the frame's height and catch link clicks.
 */
export function MailFrame({
  html,
  allowRemote,
  cid,
  onLink,
  onBlockedRemote,
  title,
}: MailFrameProps) {
  const ref = useRef<HTMLIFrameElement>(null)
  const [height, setHeight] = useState(120)
  const clean = useMemo(
    () => sanitizeMailHtml(html, { allowRemote, cid }),
    [html, allowRemote, cid],
  )
  const srcDoc = useMemo(() => mailFrameDocument(clean, allowRemote), [clean, allowRemote])

  useEffect(() => {
    onBlockedRemote?.(clean.blockedRemote)
  }, [clean.blockedRemote, onBlockedRemote])

  useEffect(() => {
    const frame = ref.current
    if (!frame) return
    const onLoad = () => {
      const doc = frame.contentDocument
      if (!doc) return
      setHeight(Math.min(20_000, Math.max(60, doc.documentElement.scrollHeight)))
      doc.addEventListener('click', (event) => {
        const anchor = (event.target as Element | null)?.closest?.(`a[href], a[${REFUSED_ATTR}]`)
        if (!anchor) return
        event.preventDefault()
        const href = anchor.getAttribute('href')
        onLink(href ?? clean.refusedLinks[Number(anchor.getAttribute(REFUSED_ATTR))] ?? '')
      })
    }
    frame.addEventListener('load', onLoad)
    return () => frame.removeEventListener('load', onLoad)
  }, [srcDoc, onLink, clean])

  return (
    <iframe
      ref={ref}
      className="mail-frame"
      title={title}
      sandbox="allow-same-origin"
      referrerPolicy="no-referrer"
      // Chromium's embedded enforcement: the frame must also honour this policy.
      {...{ csp: mailFrameCsp(allowRemote) }}
      srcDoc={srcDoc}
      style={{ height }}
    />
  )
}
