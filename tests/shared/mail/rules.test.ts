import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  AddressError,
  assertHeaderSafe,
  domainOf,
  isFreeMailDomain,
  parseMailbox,
} from '../../../src/shared/mail/address'
import {
  BODY_REF_MAX_CHARS,
  extractBusinessRefs,
  htmlToRefText,
  ownBodyText,
} from '../../../src/shared/mail/business-refs'
import { ftsQuery } from '../../../src/shared/mail/fts-query'
import { normaliseMessageId, parseIdList } from '../../../src/shared/mail/message-id'
import { isGenericSubject, normaliseSubject } from '../../../src/shared/mail/subject'
import { ticketIdFor } from '../../../src/shared/mail/ticket-id'

describe('subject normalisation', () => {
  it.each([
    ['Re: Lieferung', 'lieferung', true],
    ['AW: AW: Lieferung', 'lieferung', true],
    ['SV: Leverans', 'leverans', true],
    ['Re[2]: Quote 17', 'quote 17', true],
    ['RE(3): Quote 17', 'quote 17', true],
    ['Fwd: Re: [support] Quote 17', 'quote 17', true],
    ['WG: Rechnung 2026-11', 'rechnung 2026-11', true],
    ['Antwort: Antw: Rechnung 2026-11', 'rechnung 2026-11', true],
    ['[ext] Quote 17', 'quote 17', false],
    ['Quote 17', 'quote 17', false],
    ['Reorder of parts', 'reorder of parts', false],
    ['  Re:   spaced   out  ', 'spaced out', true],
    ['', '', false],
  ])('%j → %j', (input, key, isReply) => {
    expect(normaliseSubject(input)).toEqual({ key, isReply })
  })
  it('treats short and generic subjects as generic', () => {
    expect(isGenericSubject('order')).toBe(true)
    expect(isGenericSubject('hi')).toBe(true)
    expect(isGenericSubject('pallet 12 damaged')).toBe(false)
  })
})

describe('Message-ID lists', () => {
  it('parses bracketed, unbracketed and junk', () => {
    expect(parseIdList('<a@x> <b@y>\r\n <c@z> <a@x>')).toEqual(['a@x', 'b@y', 'c@z'])
    expect(parseIdList('a@x, b@y')).toEqual(['a@x', 'b@y'])
    expect(parseIdList('<a@x> (comment) garbage')).toEqual(['a@x'])
    expect(normaliseMessageId('  <id@host>  ')).toBe('id@host')
    expect(normaliseMessageId('')).toBeNull()
  })
})

describe('business references', () => {
  it('finds PO, order, quote and invoice numbers with a digit', () => {
    expect(
      extractBusinessRefs('Re: PO# 4500012345 and Invoice INV-2026-001; quote Q-77 / order SO-991'),
    ).toEqual(['invoice:INV-2026-001', 'order:SO-991', 'po:4500012345', 'quote:Q-77'])
    expect(extractBusinessRefs('Bestellnummer: AB12345, Rechnung 998877')).toEqual([
      'invoice:998877',
      'po:AB12345',
    ])
    expect(extractBusinessRefs('Your order is ready, quote attached')).toEqual([])
  })

  it.each<[string, string[]]>([
    // Canonical numbers, bare: the prefix names the kind and is part of the number.
    ['PO-2026-01234', ['po:PO-2026-01234']],
    ['Delivery date for PO-2026-01234?', ['po:PO-2026-01234']],
    ['SO-400123 shipped', ['order:SO-400123']],
    ['Status SO-123456', ['order:SO-123456']],
    ['Q-2026-0456 revised', ['quote:Q-2026-0456']],
    ['QT-2026-0456', ['quote:QT-2026-0456']],
    ['QT-88123', ['quote:QT-88123']],
    ['INV-2026-07890 overdue', ['invoice:INV-2026-07890']],
    ['RE-2026-00123 Zahlungserinnerung', ['invoice:RE-2026-00123']],
    ['re: po-2026-01234', ['po:PO-2026-01234']],
    // Keyword forms, English.
    ['PO# 4500012345', ['po:4500012345']],
    ['P.O. 4500012345', ['po:4500012345']],
    ['purchase order no. 77881', ['po:77881']],
    ['Order 4711 is late', ['order:4711']],
    ['sales order number: 88990', ['order:88990']],
    ['order confirmation SO-400123', ['order:SO-400123']],
    ['quotation #5521', ['quote:5521']],
    ['invoice no. 998877', ['invoice:998877']],
    // Keyword forms, German.
    ['Bestellung PO-2026-01234', ['po:PO-2026-01234']],
    ['Bestellung 4512345678', ['po:4512345678']],
    ['Bestell-Nr. 4512345678', ['po:4512345678']],
    ['Bestellnr. AB12345', ['po:AB12345']],
    ['Auftrag SO-400123', ['order:SO-400123']],
    ['Auftragsnummer: 400123', ['order:400123']],
    ['Auftragsbestätigung 400123', ['order:400123']],
    ['Angebotsnummer 88123', ['quote:88123']],
    ['Angebot Q-2026-0456', ['quote:Q-2026-0456']],
    ['Rechnungsnr. 998877', ['invoice:998877']],
    ['Rechnung RE-2026-00123', ['invoice:RE-2026-00123']],
    // The canonical prefix decides the kind, whatever keyword stands before it.
    ['your order PO-2026-01234', ['po:PO-2026-01234']],
    ['purchase order 4711', ['po:4711']],
    // Not references.
    ['Re: Lieferung', []],
    ['Order status', []],
    ['RE: AW: Rechnung', []],
    ['SO-12', []],
    ['ISO-9001 certificate', []],
    ['PO-2026-01234X', []],
  ])('%s', (text, refs) => {
    expect(extractBusinessRefs(text)).toEqual(refs)
  })

  it('patterns are configurable', () => {
    const patterns = [{ kind: 'other' as const, pattern: String.raw`\b(RMA-\d{5})\b` }]
    expect(extractBusinessRefs('Return RMA-12345 for PO-2026-01234', patterns)).toEqual([
      'other:RMA-12345',
    ])
  })

  it('takes the own text of a body: bounded, without quoted replies', () => {
    const body = [
      'Hello, any news on PO-2026-01234?',
      '> Your order SO-400999 was shipped',
      '',
      'On Mon, 2 Nov 2026 at 10:00, Support <support@kontor.test> wrote:',
      'Invoice INV-2026-00001 attached',
    ].join('\n')
    expect(extractBusinessRefs(ownBodyText(body))).toEqual(['po:PO-2026-01234'])
    expect(ownBodyText('Danke.\nAm 02.11.2026 um 10:00 schrieb Support:\nRE-2026-00123')).toBe(
      'Danke.',
    )
    expect(ownBodyText('x\n-----Ursprüngliche Nachricht-----\nSO-400123')).toBe('x')
    expect(ownBodyText('a'.repeat(10_000) + ' SO-400123').length).toBe(BODY_REF_MAX_CHARS)
    expect(
      extractBusinessRefs(
        htmlToRefText('<p>Angebot&nbsp;Q-2026-0456</p><blockquote>SO-400123</blockquote>'),
      ),
    ).toEqual(['quote:Q-2026-0456'])
  })
})

describe('ticket ids', () => {
  it('hash the root Message-ID with the injected hash', () => {
    const fake = (s: string) =>
      [...s]
        .reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)
        .toString(16)
        .padStart(24, '0')
    expect(ticketIdFor('a@x', fake)).toBe(ticketIdFor('a@x', fake))
    expect(ticketIdFor('a@x', fake)).not.toBe(ticketIdFor('b@x', fake))
    expect(ticketIdFor('a@x', fake)).toMatch(/^t_[0-9a-f]{24}$/)
  })
})

describe('address validation (header injection)', () => {
  it('accepts mailboxes and refuses CR/LF, controls, groups and junk', () => {
    expect(parseMailbox('to', 'Anna Buyer <anna@acme.example>')).toEqual({
      name: 'Anna Buyer',
      address: 'anna@acme.example',
    })
    expect(parseMailbox('to', 'anna@acme.example')).toEqual({
      name: null,
      address: 'anna@acme.example',
    })
    for (const bad of [
      'anna@acme.example\r\nBcc: x@evil.example',
      'a\nb@c.de',
      'a@b\u0000.de',
      'no at sign',
      'a@b@c',
      'Group: a@b.de;',
      'a@localhost',
      '',
    ]) {
      expect(() => parseMailbox('to', bad), JSON.stringify(bad)).toThrow(AddressError)
    }
    expect(() =>
      parseMailbox('to', { name: 'Eve\r\nBcc: x@evil.example', address: 'eve@acme.example' }),
    ).toThrow(AddressError)
    expect(() => assertHeaderSafe('subject', 'Hi\u2028there')).toThrow(AddressError)
    expect(() => assertHeaderSafe('subject', 'Grüße\tand tabs are fine')).not.toThrow()
  })
  it('property: any value containing CR or LF is refused', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('\r', '\n', '\r\n'), fc.string(), (a, nl, b) => {
        expect(() => assertHeaderSafe('subject', a + nl + b)).toThrow(AddressError)
        expect(() => parseMailbox('to', `${a}${nl}${b}@example.com`)).toThrow(AddressError)
      }),
    )
  })
  it('knows free-mail domains', () => {
    expect(domainOf('X@GMail.com')).toBe('gmail.com')
    expect(isFreeMailDomain('gmx.de')).toBe(true)
    expect(isFreeMailDomain('acme.example')).toBe(false)
  })
})

describe('FTS5 query quoting', () => {
  it('quotes every token and prefixes the last', () => {
    expect(ftsQuery('pallet damaged')).toBe('"pallet" "damaged"*')
    expect(ftsQuery('NEAR(a b) OR "x')).toBe('"NEAR" "a" "b" "OR" "x"')
    expect(ftsQuery('PO')).toBe('"PO"')
    expect(ftsQuery('Rechn')).toBe('"Rechn"*')
    expect(ftsQuery('  ')).toBeNull()
    expect(ftsQuery('***')).toBeNull()
  })
  it('property: output is only quoted strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const q = ftsQuery(s)
        if (q !== null) expect(q).toMatch(/^("([^"]|"")+"\*? ?)+$/)
      }),
    )
  })
})
