import { describe, expect, it } from 'vitest'
import { ago, sendCheck, unconfirmed } from '../../../src/shared/compose/check'
import { guessLanguage } from '../../../src/shared/compose/language'
import {
  cleanQuoteText,
  forwardBlock,
  htmlToPlainText,
  messagePlainText,
  replyQuote,
  type QuotedMessage,
} from '../../../src/shared/compose/quote'
import {
  draftRecipients,
  formatPerson,
  parseRecipientField,
} from '../../../src/shared/compose/recipients'
import {
  detectCategories,
  roleWarnings,
  splitOwnText,
  type KnownContact,
} from '../../../src/shared/compose/sensitivity'
import { forwardSubject, replySubject } from '../../../src/shared/compose/subject'
import {
  leftoverPlaceholders,
  paymentTermsText,
  renderTemplate,
  TEMPLATES,
} from '../../../src/shared/compose/templates'

describe('subject prefixes', () => {
  it.each([
    ['Liefertermin', 'Re: Liefertermin'],
    ['Re: Liefertermin', 'Re: Liefertermin'],
    ['RE: RE: Re: Liefertermin', 'Re: Liefertermin'],
    ['AW: Liefertermin', 'Re: Liefertermin'],
    ['SV: Leverans', 'Re: Leverans'],
    ['Re[2]: Order 4711', 'Re: Order 4711'],
    ['Re(3): Order 4711', 'Re: Order 4711'],
    ['AW: WG: Fwd: Preise 2027', 'Re: Preise 2027'],
    ['[Case 123] AW: Lieferung', 'Re: [Case 123] Lieferung'],
    ['Rechnung: RE-2026-0042', 'Re: Rechnung: RE-2026-0042'],
    ['Retoure', 'Re: Retoure'],
    ['', 'Re:'],
  ])('reply to %j → %j', (subject, expected) => {
    expect(replySubject(subject)).toBe(expected)
  })

  it('forwards with one Fwd:, and folds stored line breaks into spaces', () => {
    expect(forwardSubject('WG: AW: Preise')).toBe('Fwd: Preise')
    expect(forwardSubject('Fwd: Fwd: x')).toBe('Fwd: x')
    expect(replySubject('Bestellung\r\nBcc: evil@x.example')).toBe(
      'Re: Bestellung Bcc: evil@x.example',
    )
  })
})

const hostile: QuotedMessage = {
  fromName: 'Eve <script>alert(1)</script>',
  fromAddress: 'eve@acme.example',
  to: [{ name: 'Support', address: 'support@kontor.test' }],
  cc: [],
  subject: 'Angebot <img src=x onerror=alert(1)>',
  date: '2026-11-27T08:00:00.000Z',
  text: null,
  html: `<html><head><title>t</title><style>p{color:red}</style><script>alert("head")</script></head>
<body><p>Dear team,</p><p>please see <b>PO-4711</b> &amp; the price &euro; 12,50.</p>
<img src="https://tracker.example/p.gif" onerror="alert(2)">
<div>&lt;script&gt;alert(3)&lt;/script&gt;</div><!-- <script>alert(4)</script> -->
<svg><script>alert(5)</script></svg><a href="javascript:alert(6)">click</a>
<table><tr><td>SKU-1</td><td>10</td></tr></table></body></html>`,
}

describe('quoting re-sanitises the quoted mail', () => {
  it('turns HTML into text with no markup, scripts or comments left', () => {
    const text = messagePlainText(hostile)
    expect(text).toContain('Dear team,')
    expect(text).toContain('please see PO-4711 & the price € 12,50.')
    expect(text).toContain('click')
    expect(text).toContain('SKU-1\t10')
    expect(text).not.toMatch(/<\s*\/?\s*(script|img|svg|a|b|p|div|style|title)\b/i)
    expect(text).not.toMatch(/alert\((1|2|4|5)\)|javascript:|p\{color|onerror/)
  })

  it('an entity-encoded tag does not come back as a tag', () => {
    const text = messagePlainText(hostile)
    // `&lt;script&gt;` decodes once into text that reads as a tag, and is then removed as markup.
    expect(text).not.toContain('<script')
    expect(htmlToPlainText('a &amp;lt;b&amp;gt; c')).toBe('a &lt;b&gt; c')
  })

  it('cleans a text part too: tags, split tags, bidi overrides, controls; keeps addresses in brackets', () => {
    const cleaned = cleanQuoteText(
      'Hi <scr<b>ipt>alert(1)</script> from Buyer <buyer@acme.example>\u202Egnp.exe\u0007 <https://x.example/a>\n<img src=x onerror=alert(1)',
    )
    expect(cleaned).not.toMatch(/<script|<img|<b>|\u202E/)
    expect(cleaned.includes(String.fromCharCode(7))).toBe(false)
    expect(cleaned).toContain('Buyer <buyer@acme.example>')
    expect(cleaned).toContain('<https://x.example/a>')
    expect(cleaned).toContain('‹img src=x onerror=alert(1)')
    expect(
      cleanQuoteText('Details (javascript:alert(3)) and data:text/html;base64,PHNjcmlwdD4= ok'),
    ).toBe('Details ([link removed]) and [link removed] ok')
    expect(cleanQuoteText('Stammdaten: siehe https://shop.example/a')).toBe(
      'Stammdaten: siehe https://shop.example/a',
    )
  })

  it('quotes every line with > under an attribution line in the customer language', () => {
    const msg = { ...hostile, html: null, text: 'Zeile 1\n\n> alt\nZeile 2' }
    expect(replyQuote(msg, 'de')).toBe(
      'Am 27.11.2026 um 08:00 UTC schrieb Eve alert(1) <eve@acme.example>:\n> Zeile 1\n>\n>> alt\n> Zeile 2',
    )
    expect(replyQuote(msg, 'en').split('\n')[0]).toBe(
      'On 2026-11-27 at 08:00 UTC, Eve alert(1) <eve@acme.example> wrote:',
    )
  })

  it('a forward carries the original headers (cleaned) and text', () => {
    const block = forwardBlock(hostile, 'en')
    expect(block.split('\n').slice(0, 5)).toEqual([
      '---------- Forwarded message ----------',
      'From: Eve alert(1) <eve@acme.example>',
      'Date: 2026-11-27 at 08:00 UTC',
      'Subject: Angebot',
      'To: Support <support@kontor.test>',
    ])
    expect(block).toContain('Dear team,')
    expect(block).not.toContain('<img')
  })

  it('cuts a huge quote', () => {
    const text = messagePlainText({ text: 'x'.repeat(80_000), html: null })
    expect(text.length).toBeLessThan(50_010)
    expect(text.endsWith('[…]')).toBe(true)
  })
})

describe('recipients', () => {
  const own = ['support@kontor.test', 'billing@kontor.test']
  const inbound = {
    fromName: 'Katrin Vogel',
    fromAddress: 'katrin@acme.example',
    to: [
      { name: 'Support', address: 'Support@Kontor.test' },
      { name: 'Jürgen', address: 'juergen@acme.example' },
    ],
    cc: [
      { name: null, address: 'billing@kontor.test' },
      { name: null, address: 'monika@acme.example' },
      { name: null, address: 'KATRIN@acme.example' },
    ],
    direction: 'in' as const,
  }

  it('reply goes to the sender only; reply-all adds everyone else but never our own mailboxes', () => {
    expect(draftRecipients('reply', inbound, own)).toEqual({
      to: [{ name: 'Katrin Vogel', address: 'katrin@acme.example' }],
      cc: [],
    })
    expect(draftRecipients('replyAll', inbound, own)).toEqual({
      to: [{ name: 'Katrin Vogel', address: 'katrin@acme.example' }],
      cc: [
        { name: 'Jürgen', address: 'juergen@acme.example' },
        { name: null, address: 'monika@acme.example' },
      ],
    })
    expect(draftRecipients('forward', inbound, own)).toEqual({ to: [], cc: [] })
  })

  it('a Reply-To takes the place of the sender (RFC 5322 §3.6.3), unless it names only us', () => {
    const fromErp = {
      ...inbound,
      fromName: 'ERP',
      fromAddress: 'no-reply@erp.acme.example',
      replyTo: [{ name: 'Katrin Vogel', address: 'katrin@acme.example' }],
    }
    expect(draftRecipients('reply', fromErp, own)).toEqual({
      to: [{ name: 'Katrin Vogel', address: 'katrin@acme.example' }],
      cc: [],
    })
    // Reply-all: the Reply-To, then everyone else; the no-reply sender is not among them, and
    // Katrin's second address in Cc is the same mailbox.
    expect(draftRecipients('replyAll', fromErp, own)).toEqual({
      to: [{ name: 'Katrin Vogel', address: 'katrin@acme.example' }],
      cc: [
        { name: 'Jürgen', address: 'juergen@acme.example' },
        { name: null, address: 'monika@acme.example' },
      ],
    })
    // A Reply-To pointing back at our own mailbox (a form on our site) leaves the sender.
    const viaOwn = { ...inbound, replyTo: [{ name: null, address: 'support@kontor.test' }] }
    expect(draftRecipients('reply', viaOwn, own).to).toEqual([
      { name: 'Katrin Vogel', address: 'katrin@acme.example' },
    ])
    // Our own message with a Reply-To (ours) still answers its recipients.
    const oursWithReplyTo = {
      ...inbound,
      fromAddress: 'support@kontor.test',
      direction: 'out' as const,
      replyTo: [{ name: null, address: 'katrin@acme.example' }],
    }
    expect(draftRecipients('reply', oursWithReplyTo, own).to).toEqual([
      { name: 'Jürgen', address: 'juergen@acme.example' },
    ])
  })

  it('replying to our own message answers its recipients, not ourselves', () => {
    const ours = {
      fromName: 'Support',
      fromAddress: 'support@kontor.test',
      to: [{ name: null, address: 'katrin@acme.example' }],
      cc: [{ name: null, address: 'monika@acme.example' }],
      direction: 'out' as const,
    }
    expect(draftRecipients('reply', ours, own).to).toEqual([
      { name: null, address: 'katrin@acme.example' },
    ])
    expect(draftRecipients('replyAll', ours, own).cc).toEqual([
      { name: null, address: 'monika@acme.example' },
    ])
  })

  it('parses a typed field with the RFC 5322 grammar and refuses CR/LF and groups', () => {
    expect(parseRecipientField('to', '"Vogel, Katrin" <k@acme.example>, b@acme.example,')).toEqual([
      { name: 'Vogel, Katrin', address: 'k@acme.example' },
      { name: null, address: 'b@acme.example' },
    ])
    expect(parseRecipientField('cc', '  ')).toEqual([])
    expect(() => parseRecipientField('to', 'a@acme.example\r\nBcc: evil@x.example')).toThrow(
      /line break/,
    )
    expect(() => parseRecipientField('to', 'not an address')).toThrow(/valid/)
    expect(() => parseRecipientField('to', 'group: a@acme.example;')).toThrow()
    expect(formatPerson({ name: 'Vogel, Katrin', address: 'k@acme.example' })).toBe(
      '"Vogel, Katrin" <k@acme.example>',
    )
    const round = formatPerson({ name: 'Vogel, Katrin', address: 'k@acme.example' })
    expect(parseRecipientField('to', round)[0]?.name).toBe('Vogel, Katrin')
  })
})

describe('templates', () => {
  it('fills known fields and leaves missing and unknown ones visible and listed', () => {
    const r = renderTemplate(
      'Dear {{contact.name}}, {{ account.name }} pays {{account.paymentTerms}}. {{rep.name}} {{foo.bar}}',
      {
        'contact.name': 'Katrin Vogel',
        'account.name': 'Hallberg AG',
        'account.paymentTerms': paymentTermsText(30, 'en'),
        'rep.name': null,
      },
    )
    expect(r.text).toBe('Dear Katrin Vogel, Hallberg AG pays 30 days net. {{rep.name}} {{foo.bar}}')
    expect(r.missing).toEqual(['rep.name'])
    expect(r.unknown).toEqual(['foo.bar'])
    expect(leftoverPlaceholders(r.text)).toEqual(['rep.name', 'foo.bar'])
  })

  it('ships English and German versions of each template, using only known fields', () => {
    const ids = TEMPLATES.map((t) => t.id)
    for (const t of TEMPLATES) {
      const twin = t.id.replace(/-(en|de)$/, t.lang === 'en' ? '-de' : '-en')
      expect(ids).toContain(twin)
      expect(renderTemplate(t.body, {}).unknown).toEqual([])
    }
    expect(paymentTermsText(14, 'de')).toBe('innerhalb von 14 Tagen netto')
    expect(paymentTermsText(0, 'en')).toBe('immediately (due on receipt)')
  })

  it('guesses the customer language', () => {
    expect(guessLanguage('Guten Tag, wann wird die Bestellung geliefert? Vielen Dank')).toBe('de')
    expect(guessLanguage('Hello, when will the order be delivered? Thanks')).toBe('en')
    expect(guessLanguage('')).toBe('en')
  })
})

describe('who should see what (role and department rule table)', () => {
  const contacts: KnownContact[] = [
    { email: 'katrin@acme.example', name: 'Katrin Vogel', role: 'buyer', department: 'Einkauf' },
    {
      email: 'monika@acme.example',
      name: 'Monika Albrecht',
      role: 'finance',
      department: 'Buchhaltung',
    },
    {
      email: 'dirk@acme.example',
      name: 'Dirk Lehmann',
      role: 'admin',
      department: 'IT / eProcurement',
    },
    { email: 'sven@acme.example', name: 'Sven Hartwig', role: 'buyer', department: 'Lagerleitung' },
    {
      email: 'juergen@acme.example',
      name: 'Jürgen Größer',
      role: 'approver',
      department: 'Leitung Einkauf',
    },
  ]
  const base = {
    contacts,
    accountDomains: ['acme.example'],
    accountName: 'Acme AG',
    quotedCategories: [],
    quotedParticipants: [],
  }

  it('detects prices, invoices and credit in English and German', () => {
    expect(detectCategories('The unit price is EUR 12.50')).toEqual(['prices'])
    expect(detectCategories('Ihr Stückpreis beträgt 12,50 €')).toEqual(['prices'])
    expect(detectCategories('Rechnung RE-20260042 ist überfällig')).toEqual(['invoices'])
    expect(detectCategories('your credit limit is reached')).toEqual(['credit'])
    expect(detectCategories('Die Lieferung kommt am Dienstag.')).toEqual([])
  })

  it('warns per role, per department and for people outside the account', () => {
    const w = roleWarnings({
      ...base,
      recipients: [
        'katrin@acme.example',
        'monika@acme.example',
        'dirk@acme.example',
        'sven@acme.example',
        'juergen@acme.example',
        'new@acme.example',
        'someone@rival.example',
      ],
      ownCategories: ['prices', 'invoices'],
    })
    expect(w.map((x) => [x.address, x.reason, x.categories])).toEqual([
      ['katrin@acme.example', 'role', ['invoices']],
      ['dirk@acme.example', 'department', ['prices', 'invoices']],
      ['sven@acme.example', 'department', ['prices', 'invoices']],
      ['new@acme.example', 'not-a-contact', ['prices', 'invoices']],
      ['someone@rival.example', 'outside-account', ['prices', 'invoices']],
    ])
    expect(w[0]?.message).toBe(
      "Katrin Vogel is the account's buyer contact and should not see invoice or payment details.",
    )
  })

  it('quoted content counts only for recipients who were not on the quoted mail', () => {
    const split = splitOwnText(
      'Danke, wir prüfen das.\n\nAm 27.11.2026 um 08:00 UTC schrieb Katrin <katrin@acme.example>:\n> Die Rechnung RE-20260042 ist falsch.',
    )
    expect(split.own).toBe('Danke, wir prüfen das.\n')
    expect(detectCategories(split.quoted)).toEqual(['invoices'])
    const w = roleWarnings({
      ...base,
      recipients: ['katrin@acme.example', 'sven@acme.example'],
      ownCategories: detectCategories(split.own),
      quotedCategories: detectCategories(split.quoted),
      quotedParticipants: ['katrin@acme.example'],
    })
    expect(w.map((x) => x.address)).toEqual(['sven@acme.example'])
    // Answering the buyer about her own invoice question is fine; adding her credit standing is not.
    const about = (own: string) =>
      roleWarnings({
        ...base,
        recipients: ['katrin@acme.example'],
        ownCategories: detectCategories(own),
        quotedCategories: ['invoices'],
        quotedParticipants: ['katrin@acme.example'],
      }).map((x) => x.categories)
    expect(about('Die Rechnung wird korrigiert.')).toEqual([])
    expect(about('Die Rechnung wird korrigiert, Ihr Kreditlimit ist erreicht.')).toEqual([
      ['credit'],
    ])
  })

  it('nothing sensitive, no warning', () => {
    expect(roleWarnings({ ...base, recipients: ['dirk@acme.example'], ownCategories: [] })).toEqual(
      [],
    )
  })
})

describe('send-time check', () => {
  const now = new Date('2026-11-27T10:00:00.000Z')
  const empty = {
    now,
    openedAt: '2026-11-27T09:50:00.000Z',
    lastSeenRowId: 10,
    newMessages: [],
    outbox: [],
    ownOutboxIds: [],
    notesByOthers: [],
    roleWarnings: [],
    placeholders: [],
  }

  it('is quiet when nothing happened', () => {
    expect(sendCheck(empty)).toEqual([])
  })

  it('reports someone else replying, the customer writing again, another queued reply and new notes', () => {
    const issues = sendCheck({
      ...empty,
      newMessages: [
        {
          rowId: 11,
          messageId: 'other@kontor.test',
          direction: 'out',
          fromName: 'Julia Neumann',
          fromAddress: 'support@kontor.test',
          internalDate: '2026-11-27T09:57:00.000Z',
        },
        {
          rowId: 12,
          messageId: 'mine@kontor.test',
          direction: 'out',
          fromName: 'Support',
          fromAddress: 'support@kontor.test',
          internalDate: '2026-11-27T09:58:00.000Z',
        },
        {
          rowId: 13,
          messageId: 'c2@acme.example',
          direction: 'in',
          fromName: null,
          fromAddress: 'katrin@acme.example',
          internalDate: '2026-11-27T09:59:30.000Z',
        },
      ],
      outbox: [
        {
          id: 'o-mine',
          messageId: 'mine@kontor.test',
          createdAt: '2026-11-27T09:55:00.000Z',
          state: 'done',
        },
        {
          id: 'o-old',
          messageId: 'old@kontor.test',
          createdAt: '2026-11-27T09:00:00.000Z',
          state: 'done',
        },
        {
          id: 'o-other',
          messageId: 'tab@kontor.test',
          createdAt: '2026-11-27T09:52:00.000Z',
          state: 'queued',
        },
      ],
      ownOutboxIds: ['o-mine'],
      notesByOthers: [
        { noteId: 'n1', byName: 'Tom', at: '2026-11-27T09:40:00.000Z' },
        { noteId: 'n2', byName: 'Tom', at: '2026-11-27T08:00:00.000Z' },
        { noteId: 'n3', byName: 'Tom', at: '2026-11-27T09:51:00.000Z' },
      ],
      placeholders: ['rep.name'],
    })
    expect(issues.map((i) => [i.key, i.message])).toEqual([
      ['replied:11', 'Julia Neumann replied on this ticket 3 min ago.'],
      ['message:13', 'katrin@acme.example wrote again just now: read it before you answer.'],
      [
        'queued:o-other',
        'Another reply on this ticket was queued 8 min ago and is waiting to go out.',
      ],
      ['note:n3', 'Tom added an internal note 9 min ago.'],
      ['placeholder:rep.name', 'The text still contains {{rep.name}}: fill it in or remove it.'],
    ])
    expect(unconfirmed(issues, ['replied:11', 'message:13']).map((i) => i.key)).toEqual([
      'queued:o-other',
      'note:n3',
      'placeholder:rep.name',
    ])
  })

  it('says how long ago', () => {
    expect(ago('2026-11-27T09:59:30.000Z', now)).toBe('just now')
    expect(ago('2026-11-27T07:00:00.000Z', now)).toBe('3 h ago')
    expect(ago('2026-11-20T10:00:00.000Z', now)).toBe('7 days ago')
  })
})
