import DOMPurify, { type Config } from 'dompurify'

/**
 * Mail HTML is hostile input. Three layers keep it inert:
 * 1. DOMPurify (HTML profile only: no SVG/MathML, whose parsing quirks drive mXSS) removes
 *    scripts, event handlers, forms, frames, meta/base/link and non-http(s)/mailto links;
 * 2. our hooks strip every remote reference (src, srcset, background, poster, CSS url() and
 *    @import) unless the agent chose to load images for this message or sender;
 * 3. the result is shown in an iframe sandboxed without scripts and with its own CSP
 *    (see `mailFrameDocument`), so anything that slipped through can neither run nor fetch.
 */
export interface SanitizeOptions {
  /** Load remote images (the agent clicked "load images" for this message or sender). */
  allowRemote: boolean
  /** Inline parts by Content-ID, as data: URLs. */
  cid?: Record<string, string>
}

export interface SanitizedMail {
  html: string
  /** How many remote references were blocked (to offer "load images"). */
  blockedRemote: number
  /**
   * Targets of links that may not be opened (javascript:, data:, file: ...), as written; such a
   * link carries only its index here in `REFUSED_ATTR`, so no hostile string stays in the DOM.
   */
  refusedLinks: string[]
}

const REMOTE = /^\s*(https?:)?\/\//i
const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi
const CSS_IMPORT = /@import\s+[^;]+;?/gi
const URL_ATTRS = ['src', 'background', 'poster', 'lowsrc', 'dynsrc']
const SAFE_LINK = /^(https?:|mailto:)/i
/** On a link whose target was removed: its index in `refusedLinks`, to show why it was not opened. */
export const REFUSED_ATTR = 'data-kontor-refused'

const CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: [
    'form',
    'input',
    'button',
    'select',
    'textarea',
    'iframe',
    'frame',
    'frameset',
    'object',
    'embed',
    'link',
    'meta',
    'base',
    'audio',
    'video',
    'source',
    'track',
    'template',
    'noscript',
    'dialog',
  ],
  FORBID_ATTR: ['srcdoc', 'formaction', 'ping', 'action', 'xmlns', 'http-equiv'],
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  WHOLE_DOCUMENT: false,
}

function cleanCss(css: string, options: SanitizeOptions, count: () => void): string {
  const withoutImports = css.replace(CSS_IMPORT, () => {
    count()
    return ''
  })
  return withoutImports.replace(CSS_URL, (whole, _q: string, url: string) => {
    if (url.startsWith('cid:') && options.cid?.[url.slice(4)])
      return `url("${options.cid[url.slice(4)]}")`
    if (/^data:image\//i.test(url)) return whole
    if (REMOTE.test(url) && options.allowRemote) return whole
    count()
    return 'none'
  })
}

export function sanitizeMailHtml(html: string, options: SanitizeOptions): SanitizedMail {
  let blocked = 0
  const count = () => {
    blocked++
  }
  const refusedLinks: string[] = []
  const purify = DOMPurify()
  // Links the mail may not open keep their target for the agent to read (never to follow):
  // DOMPurify drops `javascript:` and friends before our last hook sees them.
  const refused = new WeakMap<Element, string>()
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    if (data.attrName === 'href' && !SAFE_LINK.test(data.attrValue.trim()))
      refused.set(node as Element, data.attrValue.trim().slice(0, 500))
  })
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.textContent)
      node.textContent = cleanCss(node.textContent, options, count)
  })
  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element
    for (const attr of URL_ATTRS) {
      const value = el.getAttribute?.(attr)
      if (value == null) continue
      if (value.startsWith('cid:')) {
        const inline = options.cid?.[value.slice(4)]
        if (inline) el.setAttribute(attr, inline)
        else el.removeAttribute(attr)
      } else if (REMOTE.test(value)) {
        if (!options.allowRemote) {
          el.removeAttribute(attr)
          el.setAttribute('data-kontor-blocked', '')
          count()
        }
      } else if (!/^data:image\//i.test(value)) {
        el.removeAttribute(attr)
      }
    }
    if (el.hasAttribute?.('srcset')) {
      if (options.allowRemote) {
        // keep
      } else {
        el.removeAttribute('srcset')
        count()
      }
    }
    const style = el.getAttribute?.('style')
    if (style) el.setAttribute('style', cleanCss(style, options, count))
    if (el.tagName === 'A') {
      const href = el.getAttribute('href')
      if (href && !SAFE_LINK.test(href.trim())) el.removeAttribute('href')
      const target = refused.get(el)
      if (target && !el.hasAttribute('href')) {
        el.setAttribute(REFUSED_ATTR, String(refusedLinks.length))
        refusedLinks.push(target)
      }
      el.setAttribute('rel', 'noopener noreferrer')
      el.removeAttribute('target')
    }
  })
  const clean = purify.sanitize(html, CONFIG) as string
  return { html: clean, blockedRemote: blocked, refusedLinks }
}

/** The frame's own policy: nothing may load but inline styles and data: images, plus remote images when allowed. */
export function mailFrameCsp(allowRemote: boolean): string {
  return [
    "default-src 'none'",
    `img-src data:${allowRemote ? ' https: http:' : ''}`,
    "style-src 'unsafe-inline'",
    'font-src data:',
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ')
}

/** The srcdoc for the sandboxed mail frame. */
export function mailFrameDocument(
  clean: Pick<SanitizedMail, 'html' | 'blockedRemote'>,
  allowRemote: boolean,
): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${mailFrameCsp(allowRemote)}"><meta name="referrer" content="no-referrer"><style>body{margin:0;padding:8px;font:14px/1.45 system-ui,sans-serif;color:#1d2330;word-wrap:break-word}img{max-width:100%;height:auto}blockquote{margin:0 0 0 8px;padding-left:8px;border-left:2px solid #dfe3ea;color:#5d6677}</style></head><body>${clean.html}</body></html>`
}
