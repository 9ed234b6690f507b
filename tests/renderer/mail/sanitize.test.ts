import { describe, expect, it } from 'vitest'
import {
  mailFrameCsp,
  mailFrameDocument,
  sanitizeMailHtml,
} from '../../../src/renderer/src/mail/sanitize'

const blocked = { allowRemote: false }

/** What a browser would build from the sanitized HTML: any live script vector left in it. */
function liveVectors(html: string): string[] {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html')
  const found: string[] = []
  for (const el of Array.from(doc.body.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase()
    if (
      [
        'script',
        'iframe',
        'form',
        'meta',
        'base',
        'object',
        'embed',
        'svg',
        'math',
        'link',
      ].includes(tag)
    )
      found.push(tag)
    for (const attr of Array.from(el.attributes)) {
      if (attr.name.startsWith('on')) found.push(`${tag}[${attr.name}]`)
      if (/^\s*javascript:/i.test(attr.value)) found.push(`${tag}[${attr.name}=javascript:]`)
    }
  }
  return found
}
const CANARY = 'http://127.0.0.1:9/canary'

describe('sanitizeMailHtml', () => {
  it.each([
    ['script tag', `<p>hi</p><script>fetch('${CANARY}')</script>`],
    ['event handler', `<img src=x onerror="fetch('${CANARY}')">`],
    ['javascript: link', `<a href="javascript:fetch('${CANARY}')">x</a>`],
    ['svg mXSS', `<svg><style><img src=x onerror=alert(1)></style></svg>`],
    ['math mXSS', `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`],
    ['iframe', `<iframe src="${CANARY}"></iframe>`],
    ['form', `<form action="${CANARY}"><button>go</button></form>`],
    ['meta refresh', `<meta http-equiv="refresh" content="0;url=${CANARY}">`],
    ['base href', `<base href="${CANARY}/"><a href="x">x</a>`],
    ['object/embed', `<object data="${CANARY}"></object><embed src="${CANARY}">`],
  ])('removes %s', (_name, html) => {
    expect(liveVectors(sanitizeMailHtml(html, blocked).html)).toEqual([])
    // The unsanitized input does carry a vector (so this test can fail).
    expect(liveVectors(html).length).toBeGreaterThan(0)
  })

  it.each([
    ['img src', `<img src="${CANARY}/a.png">`],
    ['img srcset', `<img srcset="${CANARY}/a.png 1x, ${CANARY}/b.png 2x">`],
    ['background attribute', `<table background="${CANARY}/bg.png"><tr><td>x</td></tr></table>`],
    ['CSS url() in style attribute', `<div style="background:url('${CANARY}/s.png')">x</div>`],
    [
      'CSS @import in a style element',
      `<style>@import url("${CANARY}/x.css"); p{color:red}</style><p>x</p>`,
    ],
    ['CSS url() in a style element', `<style>p{background:url(${CANARY}/y.png)}</style><p>x</p>`],
    ['link prefetch', `<link rel="prefetch" href="${CANARY}/p">`],
    ['protocol-relative src', `<img src="//127.0.0.1:9/canary/z.png">`],
    [
      'dangling markup (unclosed attribute)',
      `<img src='${CANARY}?leak=<p>PO-2026-0042 secret price</p>`,
    ],
    ['unclosed tag with handler', `<p>x</p><img src='${CANARY}/u.png' onerror=alert(1) `],
  ])('blocks remote content: %s', (_name, html) => {
    const result = sanitizeMailHtml(html, blocked)
    expect(result.html).not.toContain('127.0.0.1:9')
  })

  it('counts blocked remote images so the agent can load them, and keeps them when allowed', () => {
    const html = `<p>Offer</p><img src="https://cdn.example.com/logo.png"><img src="https://cdn.example.com/sig.png">`
    expect(sanitizeMailHtml(html, blocked).blockedRemote).toBe(2)
    const allowed = sanitizeMailHtml(html, { allowRemote: true })
    expect(allowed.blockedRemote).toBe(0)
    expect(allowed.html).toContain('https://cdn.example.com/logo.png')
  })

  it('keeps ordinary mail formatting and safe links', () => {
    const html = `<table><tr><td style="color:#333;font-weight:bold">Qty</td><td>120</td></tr></table><a href="https://shop.example.com/o/1">Order</a><a href="mailto:buyer@acme.example">mail</a>`
    const out = sanitizeMailHtml(html, blocked).html
    expect(out).toContain('<table>')
    expect(out).toContain('font-weight:bold')
    expect(out).toContain('href="https://shop.example.com/o/1"')
    expect(out).toContain('href="mailto:buyer@acme.example"')
    expect(out).toContain('rel="noopener noreferrer"')
  })

  it('inlines cid: images from the message itself', () => {
    const out = sanitizeMailHtml('<img src="cid:logo@x">', {
      allowRemote: false,
      cid: { 'logo@x': 'data:image/png;base64,AAAA' },
    }).html
    expect(out).toContain('src="data:image/png;base64,AAAA"')
  })
})

describe('mail frame document', () => {
  it('carries a CSP that forbids scripts and remote loads unless images are allowed', () => {
    expect(mailFrameCsp(false)).toContain("default-src 'none'")
    expect(mailFrameCsp(false)).not.toContain('https:')
    expect(mailFrameCsp(true)).toContain('img-src data: https: http:')
    const doc = mailFrameDocument({ html: '<p>x</p>', blockedRemote: 0 }, false)
    expect(doc).toContain('http-equiv="Content-Security-Policy"')
    expect(doc).not.toMatch(/script/i)
  })
})
