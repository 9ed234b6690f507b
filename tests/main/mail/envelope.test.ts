import fc from 'fast-check'
import { addressParser } from 'postal-mime'
import { describe, expect, it } from 'vitest'
import {
  envelopeOf,
  headerBytes,
  parseEnvelopeHeaders,
  plainAddresses,
  type FetchedEnvelope,
} from '../../../src/main/mail/envelope'

/** Header lines as imapflow returns BODY[HEADER.FIELDS (...)]: bytes, CRLF, a blank line. */
const block = (...lines: (string | Buffer)[]) =>
  headerBytes(
    Buffer.concat([
      ...lines.map((l) =>
        Buffer.concat([typeof l === 'string' ? Buffer.from(l, 'latin1') : l, Buffer.from('\r\n')]),
      ),
      Buffer.from('\r\n'),
    ]),
  )

describe('envelope from header fields', () => {
  it('reads every field phase 1 needs, decoded', () => {
    const env = parseEnvelopeHeaders(
      block(
        'From: =?utf-8?Q?J=C3=BCrgen_M=C3=BCller?= <Juergen.Mueller@Acme.example>',
        'To: "Support, EMEA" <support@kontor.test>, billing@kontor.test',
        'Cc: =?iso-8859-1?B?U/hyZW4=?= <soren@acme.example>',
        'Subject: =?utf-8?B?UmU6IExpZWZlcnRlcm1pbiBQTyA0NzEx?=',
        '  =?utf-8?Q?_f=C3=BCr_Paletten?=',
        'Date: Fri, 27 Nov 2026 09:30:00 +0100 (CET)',
        'Message-ID: <Reply-1@acme.example>',
        'In-Reply-To: <root@acme.example>',
        'References: <root@acme.example>',
        '\t<mid@acme.example>',
        'Reply-To: Einkauf <einkauf@acme.example>',
      ),
    )
    expect(env).toEqual({
      messageId: 'Reply-1@acme.example',
      inReplyTo: ['root@acme.example'],
      references: ['root@acme.example', 'mid@acme.example'],
      subject: 'Re: Liefertermin PO 4711 für Paletten',
      from: { name: 'Jürgen Müller', address: 'Juergen.Mueller@Acme.example' },
      to: [
        { name: 'Support, EMEA', address: 'support@kontor.test' },
        { name: null, address: 'billing@kontor.test' },
      ],
      cc: [{ name: 'Søren', address: 'soren@acme.example' }],
      replyTo: [{ name: 'Einkauf', address: 'einkauf@acme.example' }],
      sentAt: '2026-11-27T08:30:00.000Z',
      autoReply: false,
    })
  })

  it('flattens groups, joins repeated fields and skips entries without an address', () => {
    const env = parseEnvelopeHeaders(
      block(
        'To: Purchasing: anna@acme.example, "Ben" <ben@acme.example>;',
        'To: undisclosed-recipients:;',
        'Cc: not an address, <carl@acme.example>',
      ),
    )
    expect(env.to).toEqual([
      { name: null, address: 'anna@acme.example' },
      { name: 'Ben', address: 'ben@acme.example' },
    ])
    expect(env.cc.map((p) => p.address)).toEqual(['carl@acme.example'])
  })

  it('takes raw 8-bit headers as UTF-8 when they are, else byte for byte (Latin-1)', () => {
    const utf8 = parseEnvelopeHeaders(block(Buffer.from('Subject: Lieferung für Köln', 'utf8')))
    expect(utf8.subject).toBe('Lieferung für Köln')
    const legacy = parseEnvelopeHeaders(
      block(Buffer.from([...Buffer.from('Subject: Lieferung f'), 0xfc, ...Buffer.from('r')])),
    )
    expect(legacy.subject).toBe('Lieferung für')
  })

  it('gives defaults for missing or broken fields instead of failing', () => {
    expect(parseEnvelopeHeaders('')).toEqual({
      messageId: null,
      inReplyTo: [],
      references: [],
      subject: '',
      from: null,
      to: [],
      cc: [],
      replyTo: [],
      sentAt: null,
      autoReply: false,
    })
    const broken = parseEnvelopeHeaders(
      block('Date: the day after tomorrow', 'From: <<>>', 'Subject: =?x-unknown?Q?abc?='),
    )
    expect(broken.sentAt).toBeNull()
    expect(broken.from).toBeNull()
    expect(typeof broken.subject).toBe('string')
  })

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const env = parseEnvelopeHeaders(headerBytes(Buffer.from(bytes)))
        expect(Array.isArray(env.to)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('tells automatic replies by their header fields, not by their subject', () => {
    const auto = (...lines: string[]) =>
      parseEnvelopeHeaders(block('Subject: Automatic reply: Quotation Q-1', ...lines)).autoReply
    expect(auto('Auto-Submitted: auto-replied')).toBe(true)
    expect(auto('Auto-Submitted: auto-generated (vacation)')).toBe(true)
    expect(auto('Auto-Submitted: No')).toBe(false)
    expect(auto('X-Autoreply: yes')).toBe(true)
    expect(auto('X-Autorespond: Out of office')).toBe(true)
    expect(auto('X-Autoreply: no')).toBe(false)
    expect(auto('Precedence: auto_reply')).toBe(true)
    // Bulk and list mail is not a reply to anyone.
    expect(auto('Precedence: bulk')).toBe(false)
    expect(auto()).toBe(false)
  })

  it('envelopeOf keeps what the fetch gave and adds the decoded fields', () => {
    const fetched: FetchedEnvelope = {
      uid: 7,
      flags: ['\\Seen'],
      modseq: '12',
      internalDate: '2026-11-27T08:31:00.000Z',
      size: 2048,
      hasAttachments: true,
      bodyPlan: null,
      header: block('Message-ID: <a@acme.example>', 'Subject: Stock for SKU 100-200'),
    }
    const env = envelopeOf(fetched)
    expect(env).toMatchObject({
      uid: 7,
      flags: ['\\Seen'],
      modseq: '12',
      size: 2048,
      hasAttachments: true,
      messageId: 'a@acme.example',
      subject: 'Stock for SKU 100-200',
    })
    expect('header' in env).toBe(false)
  })

  it("the plain-mailbox path agrees with postal-mime's parser wherever it answers", () => {
    const general = (value: string) =>
      addressParser(value)
        .flatMap((e) => ('group' in e && Array.isArray(e.group) ? e.group : [e]))
        .map((m) => ({ name: m.name ? m.name : null, address: (m.address ?? '').trim() }))
        .filter((m) => m.address)
    const name = fc.constantFrom(
      '',
      'Anna',
      'Anna  Berg',
      '"Berg, Anna"',
      'Jürgen Müller',
      '=?utf-8?Q?J=C3=BCrgen?=',
      '"=?utf-8?Q?J=C3=BCrgen?="',
      '"a\\"b"',
      '(comment)',
      'x.y',
      'Sales: ',
    )
    const address = fc.constantFrom(
      'a@b.example',
      '<x.y@acme.example>',
      'bad',
      'a@b@c',
      '<>',
      'c@[127.0.0.1]',
    )
    const mailbox = fc
      .tuple(name, address)
      .map(([n, a]) => (n ? `${n} ${a.startsWith('<') ? a : `<${a}>`}` : a))
    const value = fc
      .tuple(
        fc.array(mailbox, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(', ', ',', ' , ', ';'),
      )
      .map(([list, sep]) => list.join(sep))
    let answered = 0
    fc.assert(
      fc.property(value, (v) => {
        const plain = plainAddresses(v)
        if (plain === null) return
        answered++
        expect(plain).toEqual(general(v))
      }),
      { numRuns: 1000 },
    )
    expect(answered).toBeGreaterThan(20)
    expect(plainAddresses('Anna <a@b.example>, "Berg, Ben" <ben@b.example>')).toEqual([
      { name: 'Anna', address: 'a@b.example' },
      { name: 'Berg, Ben', address: 'ben@b.example' },
    ])
    expect(plainAddresses('=?utf-8?Q?J=C3=BCrgen?= <j@b.example>')).toBeNull()
  })
})
