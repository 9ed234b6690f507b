/**
 * Writes two test corpora, deterministically (no randomness, no clock):
 *
 * - tests/fixtures/mime/: malformed and hostile MIME for the mail engine's parser limits
 *   (broken boundaries, deep nesting, bad charsets, raw 8-bit headers, huge parts, missing
 *   and duplicated headers, encoded-word abuse ...);
 * - tests/fixtures/html-mail/: XSS, mXSS and remote-content vectors for the safe mail view.
 *   Every remote URL points at `http://127.0.0.1:CANARY_PORT/<fixture>/<vector>`; tests
 *   replace the literal `CANARY_PORT` in the raw bytes with their canary server's port, so
 *   URLs only ever appear in 7bit/8bit/quoted-printable text where that literal is unbroken.
 *
 * Each corpus gets a README.md with one line per file, from the same table.
 *
 *   npx tsx scripts/generate-fixture-corpora.ts
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { encodeHeaderText } from '../src/main/demo/mime-writer'

interface Fixture {
  file: string
  tests: string
  content: Buffer
}

const CRLF = '\r\n'
const DATE = 'Tue, 17 Nov 2026 10:15:00 +0100'

/** Joins lines with CRLF; a string is taken as latin1 so that \xNN escapes become raw bytes. */
function eml(lines: readonly string[]): Buffer {
  return Buffer.from(lines.join(CRLF) + CRLF, 'latin1')
}

function std(id: string, subject: string, extra: readonly string[] = []): string[] {
  return [
    'From: Katrin Vogel <katrin.vogel@hallberg-group.example>',
    'To: Kontor Demo Supply Support <support@kontor-demo.example>',
    `Subject: ${subject}`,
    `Date: ${DATE}`,
    `Message-ID: <${id}@fixtures.kontor-demo.example>`,
    ...extra,
  ]
}

function base64Lines(data: Buffer): string[] {
  const b64 = data.toString('base64')
  const out: string[] = []
  for (let i = 0; i < b64.length; i += 76) out.push(b64.slice(i, i + 76))
  return out
}

/**
 * Deterministic filler: a pseudo-random block of 11,400 bytes (200 base64 lines of 76
 * characters) repeated, so that the encoded text repeats every 15,600 bytes and git's
 * deflate (32 KB window) stores a multi-megabyte fixture in a few kilobytes.
 */
function filler(size: number): Buffer {
  const block = Buffer.alloc(57 * 200)
  let x = 0x2545f491
  for (let i = 0; i < block.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    block[i] = x & 0xff
  }
  const buf = Buffer.alloc(size)
  for (let i = 0; i < size; i += block.length)
    block.copy(buf, i, 0, Math.min(block.length, size - i))
  return buf
}

function mimeFixtures(): Fixture[] {
  const f: Fixture[] = []
  const add = (file: string, tests: string, content: Buffer): void => {
    f.push({ file, tests, content })
  }

  add(
    'boundary-missing-close.eml',
    'multipart/mixed whose closing delimiter never comes; the last part runs to end of file',
    eml([
      ...std('boundary-missing-close', 'Anfrage Sechskantschrauben'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Bitte um Angebot für 200 Karton M8x40.',
      '--b1',
      'Content-Type: text/csv; name="positionen.csv"',
      'Content-Disposition: attachment; filename="positionen.csv"',
      '',
      'Pos;Artikel;Menge',
      '1;FAS-933-M8X40;200',
    ]),
  )
  add(
    'boundary-mismatch.eml',
    'the declared boundary never occurs in the body (the body uses another one); the whole body is preamble',
    eml([
      ...std('boundary-mismatch', 'Order change SO-400123'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="declared-boundary"',
      '',
      '--actual-boundary',
      'Content-Type: text/plain',
      '',
      'Please change line 20 to 60 boxes.',
      '--actual-boundary',
      'Content-Type: text/html',
      '',
      '<p>Please change line 20 to 60 boxes.</p>',
      '--actual-boundary--',
    ]),
  )
  add(
    'boundary-parameter-missing.eml',
    'multipart/mixed without a boundary parameter',
    eml([
      ...std('boundary-parameter-missing', 'Rechnung INV-2026-07890'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed',
      '',
      '--x',
      'Content-Type: text/plain',
      '',
      'Siehe Anhang.',
      '--x--',
    ]),
  )
  add(
    'boundary-unterminated-quote.eml',
    'boundary parameter with an opening quote that is never closed, and a trailing comment',
    eml([
      ...std('boundary-unterminated-quote', 'Stock check ELC-MCB-B16-1P'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="abc (comment',
      '',
      '--abc (comment',
      'Content-Type: text/plain',
      '',
      'Do you have 500 in stock?',
      '--abc (comment--',
    ]),
  )
  add(
    'boundary-prefix-collision.eml',
    'nested multiparts whose inner boundary starts with the outer boundary ("outer" / "outer-inner"), plus transport padding after delimiters',
    eml([
      ...std('boundary-prefix-collision', 'AW: Angebot Q-2026-0456'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer   ',
      'Content-Type: multipart/alternative; boundary="outer-inner"',
      '',
      '--outer-inner',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Wir bestellen gemäß Angebot.',
      '--outer-inner\t',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Wir bestellen gemäß Angebot.</p>',
      '--outer-inner--',
      '--outer',
      'Content-Type: application/pdf; name="PO-2026-01234.pdf"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="PO-2026-01234.pdf"',
      '',
      'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK',
      '--outer--',
    ]),
  )
  add(
    'boundary-lookalike-in-text.eml',
    'a text part containing lines that look like the boundary ("--b2x", "--b2 trailing") but are not delimiters',
    eml([
      ...std('boundary-lookalike-in-text', 'Delivery note DN-700123'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b2"',
      '',
      '--b2',
      'Content-Type: text/plain',
      '',
      'Lines below are text, not delimiters:',
      '--b2x',
      ' --b2',
      '--b2 trailing words',
      'End of text.',
      '--b2--',
    ]),
  )
  add(
    'multipart-without-parts.eml',
    'multipart/mixed with a preamble and a closing delimiter but no body part',
    eml([
      ...std('multipart-without-parts', 'Empty multipart'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="e"',
      '',
      'preamble only',
      '--e--',
      'epilogue',
    ]),
  )
  add(
    'multipart-alternative-single-part.eml',
    'multipart/alternative with only one part, of an unknown type',
    eml([
      ...std('multipart-alternative-single-part', 'Alternative of one'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="s"',
      '',
      '--s',
      'Content-Type: application/x-kontor-unknown',
      '',
      'opaque',
      '--s--',
    ]),
  )

  // Deep nesting: 200 levels of multipart/mixed.
  {
    const depth = 200
    const lines = [
      ...std('deep-nesting-200', 'Deep nesting 200'),
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="d0"`,
      '',
    ]
    for (let i = 1; i < depth; i++)
      lines.push(`--d${i - 1}`, `Content-Type: multipart/mixed; boundary="d${i}"`, '')
    lines.push(
      `--d${depth - 1}`,
      'Content-Type: text/plain',
      '',
      'The text at the bottom of 200 levels.',
    )
    for (let i = depth - 1; i >= 0; i--) lines.push(`--d${i}--`)
    add(
      'deep-nesting-200.eml',
      '200 levels of nested multipart/mixed (nesting-depth limit; recursion must not overflow)',
      eml(lines),
    )
  }
  // Deep nesting through message/rfc822: 60 forwarded-as-attachment levels.
  {
    const depth = 60
    let inner = [
      'From: a@hallberg-group.example',
      'Subject: innermost',
      'Content-Type: text/plain',
      '',
      'innermost text',
    ]
    for (let i = depth - 1; i >= 0; i--) {
      inner = [
        `From: level${i}@hallberg-group.example`,
        `Subject: Fwd: level ${i}`,
        `Message-ID: <rfc822-level-${i}@fixtures.kontor-demo.example>`,
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary="m${i}"`,
        '',
        `--m${i}`,
        'Content-Type: text/plain',
        '',
        `Forwarded at level ${i}.`,
        `--m${i}`,
        'Content-Type: message/rfc822',
        'Content-Disposition: attachment',
        '',
        ...inner,
        `--m${i}--`,
      ]
    }
    add(
      'deep-nesting-rfc822-60.eml',
      '60 levels of message/rfc822 attachments inside each other',
      eml([`To: support@kontor-demo.example`, `Date: ${DATE}`, ...inner]),
    )
  }
  // Many parts.
  {
    const lines = [
      ...std('many-parts-5000', 'Many parts'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="p"',
      '',
    ]
    for (let i = 0; i < 5000; i++)
      lines.push(
        '--p',
        `Content-Type: text/plain; name="part-${i}.txt"`,
        `Content-Disposition: attachment; filename="part-${i}.txt"`,
        '',
        `part ${i}`,
      )
    lines.push('--p--')
    add('many-parts-5000.eml', '5,000 sibling attachments (part-count limit)', eml(lines))
  }

  add(
    'charset-unknown.eml',
    'text parts in an unknown charset ("x-klingon") and an empty charset parameter',
    eml([
      ...std('charset-unknown', 'Unknown charset'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="c"',
      '',
      '--c',
      'Content-Type: text/plain; charset="x-klingon"',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Gr\xfc\xdfe aus Stuttgart \x80 \xff\xfe',
      '--c',
      'Content-Type: text/html; charset=""',
      '',
      '<p>Gr\xfc\xdfe</p>',
      '--c--',
    ]),
  )
  add(
    'charset-mislabeled-latin1-as-utf8.eml',
    'declared UTF-8 but the bytes are ISO-8859-1 (invalid UTF-8 sequences: ü, ß, ä as single bytes)',
    eml([
      ...std('charset-mislabeled-latin1-as-utf8', 'Lieferverz\xf6gerung'),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Sehr geehrte Damen und Herren,',
      '',
      'die Lieferung f\xfcr Auftrag SO-400123 ist unvollst\xe4ndig. Mit freundlichen Gr\xfc\xdfen',
    ]),
  )
  add(
    'charset-aliases.eml',
    'legacy charset labels and aliases: "latin1", "cp1252", "ISO_8859-15", "utf8", "unicode-1-1-utf-7"',
    eml([
      ...std('charset-aliases', 'Charset aliases'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="a"',
      '',
      '--a',
      'Content-Type: text/plain; charset=latin1',
      'Content-Transfer-Encoding: 8bit',
      '',
      'latin1: Gr\xfc\xdfe',
      '--a',
      'Content-Type: text/plain; charset=cp1252',
      'Content-Transfer-Encoding: 8bit',
      '',
      'cp1252: \x80 100 \x84Angebot\x93 \x96 Stra\xdfe',
      '--a',
      'Content-Type: text/plain; charset=ISO_8859-15',
      'Content-Transfer-Encoding: 8bit',
      '',
      'iso-8859-15: \xa4 100',
      '--a',
      'Content-Type: text/plain; charset=utf8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'utf8: Gr\xc3\xbc\xc3\x9fe',
      '--a',
      'Content-Type: text/plain; charset=unicode-1-1-utf-7',
      '',
      'utf-7: Gr+APwA3w-e',
      '--a--',
    ]),
  )
  add(
    'charset-utf16-bom.eml',
    'text/plain in UTF-16LE with a byte-order mark, base64-encoded',
    eml([
      ...std('charset-utf16-bom', 'UTF-16 body'),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-16le',
      'Content-Transfer-Encoding: base64',
      '',
      ...base64Lines(
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from('Grüße aus Zürich – Bestellung PO-2026-01234\r\n', 'utf16le'),
        ]),
      ),
    ]),
  )
  add(
    'charset-iso-2022-jp.eml',
    'stateful ISO-2022-JP body and encoded-word subject (escape sequences in 7bit)',
    eml([
      ...std('charset-iso-2022-jp', '=?ISO-2022-JP?B?GyRCOEQ1UjdvOkQbKEI=?= PO-2026-01234'),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=ISO-2022-JP',
      'Content-Transfer-Encoding: 7bit',
      '',
      '\x1b$B$h$m$7$/$*4j$$$7$^$9!#\x1b(B PO-2026-01234',
    ]),
  )
  add(
    'headers-raw-8bit-utf8.eml',
    'raw UTF-8 bytes in Subject, From display name and a filename, without encoded words (RFC 6532 style, no SMTPUTF8)',
    eml([
      'From: J\xc3\xbcrgen Gr\xc3\xb6\xc3\x9fer <juergen.groesser@hallberg-group.example>',
      'To: support@kontor-demo.example',
      'Subject: Bestell\xc3\xa4nderung \xe2\x80\x93 Gr\xc3\xb6\xc3\x9fe M8',
      `Date: ${DATE}`,
      'Message-ID: <headers-raw-8bit-utf8@fixtures.kontor-demo.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Text.',
      '--r',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment; filename="Pr\xc3\xbcfbericht.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      '--r--',
    ]),
  )
  add(
    'headers-raw-8bit-latin1.eml',
    'raw ISO-8859-1 bytes (invalid UTF-8) in Subject and From display name',
    eml([
      'From: G\xfcnter Wieland <wieland@wieland-soehne.example>',
      'To: support@kontor-demo.example',
      'Subject: R\xfcckfrage zu Ihrer Rechnung \xfcber 1.200 \x80',
      `Date: ${DATE}`,
      'Message-ID: <headers-raw-8bit-latin1@fixtures.kontor-demo.example>',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Gr\xfc\xdfe',
    ]),
  )
  add(
    'address-smtputf8-idn.eml',
    'UTF-8 local part and internationalized domain in From/To/Cc (EAI), plus a punycode domain',
    eml([
      'From: =?utf-8?Q?J=C3=BCrgen?= <jürgen@müller-technik.example>',
      'To: support@kontor-demo.example, =?utf-8?B?0JjQstCw0L0=?= <иван@xn--e1afmkfd.example>',
      'Cc: "Größer, Jürgen" <groesser@xn--mller-kva.example>',
      'Subject: EAI addresses',
      `Date: ${DATE}`,
      'Message-ID: <address-smtputf8-idn@fixtures.kontor-demo.example>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hallo.',
    ]),
  )

  {
    // A 6 MB attachment (4.5 MB decoded).
    add(
      'huge-part-6mb.eml',
      'one base64 attachment of about 6 MB (4.6 MB decoded): part-size limit, attachments fetched on demand',
      eml([
        ...std('huge-part-6mb', 'Zeichnungen Projekt Nordwerk'),
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="h"',
        '',
        '--h',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Anbei die Zeichnungen.',
        '--h',
        'Content-Type: application/octet-stream; name="zeichnungen.bin"',
        'Content-Disposition: attachment; filename="zeichnungen.bin"',
        'Content-Transfer-Encoding: base64',
        '',
        ...base64Lines(filler(57 * 200 * 400)),
        '--h--',
      ]),
    )
    add(
      'huge-single-line-2mb.eml',
      'a 2 MB text part on one line (RFC 5322 allows 998 characters)',
      eml([
        ...std('huge-single-line-2mb', 'One long line'),
        'Content-Type: text/plain; charset=us-ascii',
        '',
        'PO-2026-01234 '.repeat(150_000),
      ]),
    )
    const refs: string[] = []
    for (let i = 0; i < 5000; i++) refs.push(`<ref-${i}@fixtures.kontor-demo.example>`)
    add(
      'huge-references-header.eml',
      'References with 5,000 message ids (about 190 KB of one folded header): header-size limit, threading cost',
      eml([
        ...std('huge-references-header', 'Re: long thread'),
        `In-Reply-To: <ref-4999@fixtures.kontor-demo.example>`,
        `References: ${refs.join('\r\n ')}`,
        'Content-Type: text/plain',
        '',
        'Reply.',
      ]),
    )
    const many: string[] = []
    for (let i = 0; i < 20_000; i++) many.push(`X-Trace-${i}: ${i}`)
    add(
      'many-headers-20000.eml',
      '20,000 header fields',
      eml([
        ...std('many-headers-20000', 'Many headers'),
        ...many,
        'Content-Type: text/plain',
        '',
        'Body.',
      ]),
    )
  }

  add('empty.eml', 'an empty file (zero bytes)', Buffer.alloc(0))
  add(
    'missing-all-headers.eml',
    'no header block at all: the file starts with a blank line and a body',
    eml(['', 'Hallo, bitte um Rückruf wegen SO-400123.']),
  )
  add(
    'headers-only-no-body.eml',
    'headers with no blank line and no body',
    Buffer.from(std('headers-only-no-body', 'No body').join(CRLF), 'latin1'),
  )
  add(
    'missing-from-date-message-id.eml',
    'no From, no Date, no Message-ID, no MIME-Version: only To and Subject',
    eml(['To: support@kontor-demo.example', 'Subject: Anfrage ohne Absender', '', 'Wer bin ich?']),
  )
  add(
    'missing-content-type-8bit.eml',
    'no MIME headers at all but an 8-bit UTF-8 body',
    eml([
      ...std('missing-content-type-8bit', 'No content type'),
      '',
      'Grüße aus München, Bestellung über 1.200 €.',
    ]),
  )
  add(
    'date-invalid.eml',
    'unparseable Date ("Tomorrow at noon"), plus Received dates in the future and the past; INTERNALDATE must be used',
    eml([
      'Received: from x by mx.kontor-demo.example; Wed, 31 Dec 2098 23:59:59 +0000',
      'Received: from y by mail.hallberg-group.example; Thu, 01 Jan 1970 00:00:00 +0000',
      'From: katrin.vogel@hallberg-group.example',
      'To: support@kontor-demo.example',
      'Subject: Invalid date',
      'Date: Tomorrow at noon',
      'Message-ID: <date-invalid@fixtures.kontor-demo.example>',
      '',
      'Body.',
    ]),
  )
  add(
    'duplicate-message-id-a.eml',
    'same Message-ID as duplicate-message-id-b.eml with a different body: must stay two messages',
    eml([
      ...std('duplicate-message-id', 'Bestellung PO-2026-01234'),
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Version A: 200 Karton.',
    ]),
  )
  add(
    'duplicate-message-id-b.eml',
    'same Message-ID as duplicate-message-id-a.eml with a different body and date',
    eml([
      'From: Katrin Vogel <katrin.vogel@hallberg-group.example>',
      'To: Kontor Demo Supply Support <support@kontor-demo.example>',
      'Subject: Bestellung PO-2026-01234 (korrigiert)',
      'Date: Wed, 18 Nov 2026 08:00:00 +0100',
      'Message-ID: <duplicate-message-id@fixtures.kontor-demo.example>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Version B: 250 Karton.',
    ]),
  )
  add(
    'duplicate-headers.eml',
    'two From, two Subject, two Date, two Message-ID and two Content-Type headers with conflicting values',
    eml([
      'From: Katrin Vogel <katrin.vogel@hallberg-group.example>',
      'From: CEO <ceo@kontor-demo.example>',
      'To: support@kontor-demo.example',
      'Subject: First subject',
      'Subject: Second subject',
      `Date: ${DATE}`,
      'Date: Mon, 01 Jan 2024 00:00:00 +0000',
      'Message-ID: <duplicate-headers-1@fixtures.kontor-demo.example>',
      'Message-ID: <duplicate-headers-2@fixtures.kontor-demo.example>',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Type: text/html; charset=iso-8859-1',
      '',
      '<b>which type?</b>',
    ]),
  )
  add(
    'message-id-malformed.eml',
    'Message-ID without angle brackets and with spaces, In-Reply-To with two ids and a comment, References with empty and nested brackets',
    eml([
      'From: katrin.vogel@hallberg-group.example',
      'To: support@kontor-demo.example',
      'Subject: Re: malformed ids',
      `Date: ${DATE}`,
      'Message-ID: malformed id with spaces@fixtures.kontor-demo.example',
      'In-Reply-To: <a@fixtures.kontor-demo.example> (comment) <b@fixtures.kontor-demo.example>',
      'References: <> <<nested@x>> <a@fixtures.kontor-demo.example> garbage <b@fixtures.kontor-demo.example',
      '',
      'Body.',
    ]),
  )
  add(
    'header-syntax-errors.eml',
    'a continuation line before the first header, a header without colon, "Subject :" with space before the colon, an empty header name',
    eml([
      ' continuation before any header',
      'From: katrin.vogel@hallberg-group.example',
      'This line has no colon',
      'Subject : spaced colon',
      ': empty name',
      'To: support@kontor-demo.example',
      `Date: ${DATE}`,
      'Message-ID: <header-syntax-errors@fixtures.kontor-demo.example>',
      '',
      'Body.',
    ]),
  )
  add(
    'nul-bytes.eml',
    'NUL bytes in a header and in a text body',
    eml([
      ...std('nul-bytes', 'NUL\x00in subject'),
      'Content-Type: text/plain; charset=utf-8',
      '',
      'before\x00after',
      'second line \x00\x00\x00',
    ]),
  )
  add(
    'line-endings-lf-only.eml',
    'bare LF line endings throughout (as many maildir files have)',
    Buffer.from(
      [
        ...std('line-endings-lf-only', 'LF only'),
        'Content-Type: text/plain',
        '',
        'line one',
        'line two',
        '',
      ].join('\n'),
      'latin1',
    ),
  )
  add(
    'line-endings-cr-only.eml',
    'bare CR line endings (classic Mac)',
    Buffer.from(
      [
        ...std('line-endings-cr-only', 'CR only'),
        'Content-Type: text/plain',
        '',
        'line one',
        'line two',
        '',
      ].join('\r'),
      'latin1',
    ),
  )
  add(
    'line-endings-mixed.eml',
    'CRLF headers, LF and CR mixed in a multipart body and its delimiters',
    Buffer.from(
      [
        ...std('line-endings-mixed', 'Mixed endings'),
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="le"',
        '',
      ].join(CRLF) +
        CRLF +
        '--le\nContent-Type: text/plain\n\nLF part\r--le\r\nContent-Type: text/plain\r\n\r\nCRLF part\n--le--\n',
      'latin1',
    ),
  )
  add(
    'transfer-encoding-unknown.eml',
    'unknown transfer encodings ("x-uuencode", "base65") and a mixed-case "Base64"',
    eml([
      ...std('transfer-encoding-unknown', 'Unknown CTE'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="t"',
      '',
      '--t',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: base65',
      '',
      'SGVsbG8=',
      '--t',
      'Content-Type: application/octet-stream; name="a.bin"',
      'Content-Transfer-Encoding: x-uuencode',
      'Content-Disposition: attachment; filename="a.bin"',
      '',
      'begin 644 a.bin',
      '#86)C',
      '`',
      'end',
      '--t',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: BaSe64',
      '',
      'R3LDvMOfZQ==',
      '--t--',
    ]),
  )
  add(
    'base64-and-qp-garbage.eml',
    'base64 with illegal characters, missing padding and white space; quoted-printable with invalid escapes (=ZZ, =4), lowercase hex and a trailing soft break',
    eml([
      ...std('base64-and-qp-garbage', 'Broken encodings'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="g"',
      '',
      '--g',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      'R3L DvMOf!!ZSBhdXMg*U3R1dHRnYXJ0',
      'SGFsbG8',
      '--g',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Gr=C3=BC=c3=9fe =ZZ broken =4',
      'soft break at end of part=',
      '--g--',
    ]),
  )
  add(
    'message-rfc822-truncated.eml',
    'an attached message/rfc822 cut off in the middle of its header block',
    eml([
      ...std('message-rfc822-truncated', 'Fwd: truncated'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="fw"',
      '',
      '--fw',
      'Content-Type: text/plain',
      '',
      'See forwarded mail.',
      '--fw',
      'Content-Type: message/rfc822',
      '',
      'From: someone@hallberg-group.example',
      'Subject: =?utf-8?B?R3LDvMOf',
      'Content-Type: multipart/mixed; bound',
      '--fw--',
    ]),
  )
  add(
    'content-type-garbage.eml',
    'Content-Type values without a subtype, with stray semicolons, duplicated parameters and RFC 2231 continuations out of order',
    eml([
      ...std('content-type-garbage', 'Content-Type garbage'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed;; boundary=q; boundary=r;;',
      '',
      '--q',
      'Content-Type: text',
      '',
      'no subtype (boundary q)',
      '--r',
      "Content-Type: application/pdf; name*1*=%20Teil2.pdf; name*0*=utf-8''Rechnung",
      'Content-Disposition: attachment',
      '',
      'pdf?',
      '--q--',
      '--r--',
    ]),
  )

  // Encoded-word abuse.
  add(
    'encoded-word-abuse.eml',
    'RFC 2047 abuse: words inside quoted strings and addresses, a word that decodes to another word, invalid base64, unknown charset, words over 75 characters, Q with raw spaces, adjacent words with and without white space',
    eml([
      'From: "=?utf-8?Q?Katrin_Vogel?=" <=?utf-8?Q?katrin?=@hallberg-group.example>',
      'To: =?utf-8?B?PT91dGYtOD9CP1BIT2pjbWx3ZEQ0PT89?= <support@kontor-demo.example>',
      `Subject: =?utf-8?B?R3LDvMOfZQ==?==?utf-8?Q?_aus?= =?utf-8?B?!!!invalid!!!?= =?x-unknown?Q?abc?= =?utf-8?Q?raw spaces inside?= =?utf-8?B?${Buffer.from('Ü'.repeat(80)).toString('base64')}?=`,
      `Date: ${DATE}`,
      'Message-ID: <encoded-word-abuse@fixtures.kontor-demo.example>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Body.',
    ]),
  )
  add(
    'encoded-word-header-injection.eml',
    'encoded words that decode to CR LF + "Bcc:" in Subject and to a spoofed "<admin@kontor-demo.example>" in a display name; a filename that decodes to a path',
    eml([
      `From: =?utf-8?B?${Buffer.from('Kontor Admin <admin@kontor-demo.example>').toString('base64')}?= <attacker@hallberg-group.example>`,
      'To: support@kontor-demo.example',
      `Subject: =?utf-8?B?${Buffer.from('Invoice\r\nBcc: everyone@kontor-demo.example\r\n\r\n<script>alert(1)</script>').toString('base64')}?=`,
      `Date: ${DATE}`,
      'Message-ID: <encoded-word-header-injection@fixtures.kontor-demo.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="i"',
      '',
      '--i',
      'Content-Type: text/plain',
      '',
      'See attachment.',
      '--i',
      `Content-Type: application/pdf; name="=?utf-8?B?${Buffer.from('../../../../etc/passwd').toString('base64')}?="`,
      `Content-Disposition: attachment; filename="=?utf-8?B?${Buffer.from('..\\..\\Windows\\System32\\drivers\\etc\\hosts').toString('base64')}?="`,
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      '--i--',
    ]),
  )
  {
    const words: string[] = []
    for (let i = 0; i < 10_000; i++) words.push(`=?utf-8?Q?w${i}=C3=BC?=`)
    add(
      'encoded-word-flood-10000.eml',
      'a Subject of 10,000 encoded words (decoder time limit)',
      eml([
        ...std('encoded-word-flood-10000', words.join('\r\n ')),
        'Content-Type: text/plain',
        '',
        'Body.',
      ]),
    )
  }
  add(
    'filename-abuse.eml',
    'attachment names: path traversal, RFC 2231 continuations, NUL, a Windows device name, a right-to-left override ("invoice\u202Efdp.exe"), 300 characters, and one with no name',
    eml([
      ...std('filename-abuse', 'Attachment names'),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="n"',
      '',
      '--n',
      'Content-Type: text/plain',
      '',
      'Six attachments.',
      '--n',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment; filename="../../../.bashrc"',
      '',
      'x',
      '--n',
      'Content-Type: application/pdf',
      "Content-Disposition: attachment; filename*0*=utf-8''..%2F..%2F; filename*1*=Rechnung%00.pdf",
      '',
      'x',
      '--n',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment; filename="CON.pdf"',
      '',
      'x',
      '--n',
      'Content-Type: application/pdf',
      "Content-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEfdp.exe",
      '',
      'x',
      '--n',
      'Content-Type: application/pdf',
      `Content-Disposition: attachment; filename="${'A'.repeat(300)}.pdf"`,
      '',
      'x',
      '--n',
      'Content-Type: application/octet-stream',
      'Content-Disposition: attachment',
      '',
      'x',
      '--n--',
    ]),
  )
  return f
}

/* ------------------------------------------------------------------ HTML corpus */

const CANARY = 'http://127.0.0.1:CANARY_PORT'

function htmlMail(
  name: string,
  subject: string,
  html: string,
  options: { text?: string; extraHeaders?: string[]; wrap?: boolean; attachmentName?: string } = {},
): Buffer {
  const u = (vector: string): string => `${CANARY}/${name}/${vector}`
  const body = html.replace(/\{\{(\w[\w-]*)\}\}/g, (_, v: string) => u(v))
  const doc =
    options.wrap === false
      ? body
      : `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>`
  return eml([
    'From: Katrin Vogel <katrin.vogel@hallberg-group.example>',
    'To: Kontor Demo Supply Support <support@kontor-demo.example>',
    `Subject: ${encodeHeaderText(subject, 'utf-8', 'Q')}`,
    `Date: ${DATE}`,
    `Message-ID: <html-${name}@fixtures.kontor-demo.example>`,
    ...(options.extraHeaders ?? []),
    'MIME-Version: 1.0',
    ...(options.attachmentName
      ? ['Content-Type: multipart/mixed; boundary="mix"', '', '--mix']
      : []),
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    options.text ?? 'Plain-text part. The HTML part holds the test vectors.',
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    ...Buffer.from(doc, 'utf8').toString('latin1').split('\n'),
    '--alt--',
    ...(options.attachmentName
      ? [
          '--mix',
          'Content-Type: application/pdf',
          `Content-Disposition: attachment; filename="${options.attachmentName.replace(/"/g, '\\"')}"`,
          'Content-Transfer-Encoding: base64',
          '',
          'JVBERi0xLjQKJSVFT0YK',
          '--mix--',
        ]
      : []),
  ])
}

function htmlFixtures(): Fixture[] {
  const f: Fixture[] = []
  const add = (
    name: string,
    tests: string,
    subject: string,
    html: string,
    options?: Parameters<typeof htmlMail>[3],
  ): void => {
    f.push({ file: `${name}.eml`, tests, content: htmlMail(name, subject, html, options) })
  }
  add(
    'script-tags',
    'script elements: inline, remote src, upper case, inside comments and CDATA, split by a null character, in the head',
    'Angebot Q-2026-0456',
    `<script>fetch('{{inline-fetch}}')</script>
<SCRIPT SRC="{{remote-src}}"></SCRIPT>
<script type="module">import '{{module-import}}'</script>
<!--<script>-->--><script>new Image().src='{{comment-breakout}}'</script>
<![CDATA[<script>new Image().src='{{cdata}}'</script>]]>
<scr\u0000ipt>new Image().src='{{null-split}}'</scr\u0000ipt>
<p>Sehr geehrte Damen und Herren, anbei unser Angebot.</p>`,
  )
  add(
    'event-handlers',
    'event-handler attributes: img onerror, body onload, svg onload, details ontoggle, autofocus onfocus, video source onerror, marquee onstart, animation events',
    'Lieferstatus SO-400123',
    `<img src="x" onerror="new Image().src='{{img-onerror}}'">
<body onload="new Image().src='{{body-onload}}'">
<svg onload="new Image().src='{{svg-onload}}'"></svg>
<details open ontoggle="new Image().src='{{details-ontoggle}}'"><summary>Details</summary></details>
<input autofocus onfocus="new Image().src='{{autofocus-onfocus}}'">
<video><source onerror="new Image().src='{{video-source-onerror}}'"></video>
<marquee onstart="new Image().src='{{marquee-onstart}}'">news</marquee>
<div style="animation-name:x" onanimationstart="new Image().src='{{onanimationstart}}'">x</div>
<a href="#" onmouseover="new Image().src='{{onmouseover}}'">hover</a>`,
  )
  add(
    'javascript-urls',
    'javascript:, vbscript: and data: URLs in links, iframes, forms, with entity and whitespace obfuscation and mixed case',
    'Rechnung INV-2026-07890',
    `<a href="javascript:new Image().src='{{a-href}}'">Rechnung öffnen</a>
<a href="JaVaScRiPt:new Image().src='{{mixed-case}}'">mixed case</a>
<a href="jav&#x09;ascript:new Image().src='{{entity-tab}}'">entity tab</a>
<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;new Image().src='{{decimal-entities}}'">entities</a>
<a href="  javascript:new Image().src='{{leading-space}}'">leading space</a>
<a href="vbscript:msgbox(1)">vbscript</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data html</a>
<iframe src="javascript:new Image().src='{{iframe-src}}'"></iframe>
<form action="javascript:new Image().src='{{form-action}}'"><button>Senden</button></form>
<object data="javascript:new Image().src='{{object-data}}'"></object>`,
  )
  add(
    'svg-mxss',
    'SVG vectors: style-element namespace confusion (mXSS), foreignObject, xlink:href javascript, animate/set onbegin, use and image with remote hrefs',
    'Zeichnung',
    `<svg><style><img src="x" onerror="new Image().src='{{svg-style-mxss}}'"></style></svg>
<svg><foreignObject><iframe src="{{foreignobject-iframe}}"></iframe></foreignObject></svg>
<svg><a xlink:href="javascript:new Image().src='{{xlink-js}}'"><text x="10" y="20">click</text></a></svg>
<svg><animate onbegin="new Image().src='{{animate-onbegin}}'" attributeName="x" dur="1s"/></svg>
<svg><set attributeName="href" to="javascript:new Image().src='{{set-href}}'"/></svg>
<svg><use href="{{use-href}}#shape"/></svg>
<svg><image href="{{image-href}}" width="10" height="10"/></svg>
<svg xmlns="http://www.w3.org/2000/svg"><script>new Image().src='{{svg-script}}'</script></svg>`,
  )
  add(
    'math-mxss',
    'MathML mutation XSS: mglyph/style in mtext/table, form nesting, noscript title breakout, namespace confusion that re-parses into live markup',
    'Produktdatenblatt',
    `<math><mtext><table><mglyph><style><img src="x" onerror="new Image().src='{{mglyph-style}}'"></style></mglyph></table></mtext></math>
<form><math><mtext></form><form><mglyph><style></math><img src="x" onerror="new Image().src='{{form-math-nesting}}'">
<math><mi><xss style="display:block">x</xss></mi><maction actiontype="statusline" xlink:href="javascript:new Image().src='{{maction}}'">y</maction></math>
<noscript><p title="</noscript><img src=x onerror=new Image().src='{{noscript-title}}'>"></p></noscript>
<math><annotation-xml encoding="text/html"><img src="x" onerror="new Image().src='{{annotation-xml}}'"></annotation-xml></math>`,
  )
  add(
    'template-textarea-mxss',
    'raw-text and template elements that re-parse differently after serialization: template, textarea, title, xmp, iframe srcdoc, noembed, plaintext',
    'Rückfrage',
    `<template><img src="x" onerror="new Image().src='{{template}}'"></template>
<textarea></textarea><img src="x" onerror="new Image().src='{{textarea-close}}'"></textarea>
<title></title><img src="x" onerror="new Image().src='{{title-close}}'">
<xmp></xmp><img src="x" onerror="new Image().src='{{xmp-close}}'">
<iframe srcdoc="&lt;script&gt;new Image().src='{{iframe-srcdoc}}'&lt;/script&gt;"></iframe>
<noembed><img src="x" title="</noembed><img src=x onerror=new Image().src='{{noembed}}'>"></noembed>
<plaintext><img src="{{plaintext}}">`,
  )
  add(
    'remote-images',
    'remote images by every attribute: img src/srcset/lowsrc/dynsrc, picture source, input type=image, video poster, audio, object, embed, table/td/body background, protocol-relative URL, lazy loading',
    'Produktfotos',
    `<img src="{{img-src}}" alt="img src">
<img srcset="{{srcset-1x}} 1x, {{srcset-2x}} 2x" src="cid:logo">
<img lowsrc="{{lowsrc}}" dynsrc="{{dynsrc}}">
<picture><source srcset="{{picture-source}}"><img src="cid:logo"></picture>
<input type="image" src="{{input-image}}">
<video poster="{{video-poster}}" src="{{video-src}}"></video>
<audio src="{{audio-src}}"></audio>
<object data="{{object-data}}" type="image/png"></object>
<embed src="{{embed-src}}">
<table background="{{table-background}}"><tr><td background="{{td-background}}">Zelle</td></tr></table>
<body background="{{body-background}}">
<img src="//127.0.0.1:CANARY_PORT/remote-images/protocol-relative">
<img loading="lazy" referrerpolicy="unsafe-url" src="{{lazy}}">
<image src="{{legacy-image-element}}">`,
  )
  add(
    'css-remote',
    'remote content through CSS: url() in style attributes and style elements, @import (url and string), @font-face, list-style-image, cursor, border-image, content in ::before, image-set, CSS escapes, expression()',
    'Newsletter Dezember',
    `<style>
@import url({{import-url}});
@import "{{import-string}}";
@font-face { font-family: x; src: url({{font-face}}); }
.a { background: url('{{style-background}}'); }
.b::before { content: url({{before-content}}); }
.c { list-style-image: url({{list-style-image}}); }
.d { cursor: url({{cursor}}), auto; }
.e { border-image: url({{border-image}}) 30 round; }
.f { background-image: image-set('{{image-set}}' 1x); }
.g { background: \\75\\72\\6c({{css-escape}}); }
.h { width: expression(new Image().src='{{expression}}'); }
</style>
<div class="a b c d e f g h" style="background-image:url({{style-attribute}})">Text</div>
<p style="background:url(&quot;{{style-attr-entity}}&quot;)">entity quoted</p>
<p style="background:u\\rl({{style-attr-escape}})">escaped</p>`,
  )
  add(
    'link-prefetch',
    'link elements that fetch: prefetch, preload, dns-prefetch, preconnect, stylesheet, icon, modulepreload, import; a Link header in meta http-equiv',
    'Bestellung PO-2026-01234',
    `<link rel="prefetch" href="{{prefetch}}">
<link rel="preload" as="image" href="{{preload}}">
<link rel="dns-prefetch" href="{{dns-prefetch}}">
<link rel="preconnect" href="{{preconnect}}">
<link rel="stylesheet" href="{{stylesheet}}">
<link rel="icon" href="{{icon}}">
<link rel="modulepreload" href="{{modulepreload}}">
<link rel="import" href="{{html-import}}">
<meta http-equiv="Link" content="<{{meta-link}}>; rel=preload; as=image">
<p>Bestellung im Anhang.</p>`,
  )
  add(
    'meta-refresh',
    'meta refresh to a remote URL and to javascript:, in head and body; a meta CSP the sender tries to impose; meta set-cookie',
    'Lieferavis',
    `<meta http-equiv="refresh" content="0;url={{refresh-head}}">
<meta http-equiv="Content-Security-Policy" content="default-src *; script-src 'unsafe-inline' *">
<meta http-equiv="set-cookie" content="kontor=1">
<p>Body text</p>
<meta http-equiv="refresh" content="1; URL='{{refresh-body}}'">
<meta http-equiv="refresh" content="0;url=javascript:new Image().src='{{refresh-js}}'">`,
  )
  add(
    'unclosed-attributes',
    'unclosed quotes and tags that swallow following markup, slash-separated attributes, a tag left open at end of file',
    'AW: Preisanfrage',
    `<img src="{{unclosed-quote}}' onerror="new Image().src='{{unclosed-quote-onerror}}'">
<a href='{{a-unclosed}}><img src="{{swallowed-img}}">link</a>
<img/src="{{slash-separated}}"/onerror="new Image().src='{{slash-onerror}}'">
<img src=x onerror=new&#x20;Image().src='{{unquoted-entity}}'>
<div title="a" "b"=c onclick="x">junk attributes</div>
<img src="{{eof-open}}"`,
    { wrap: false },
  )
  add(
    'iframes-frames',
    'frames and embedded documents: iframe src, sandbox-escaping iframe, frameset/frame, object text/html, embed html, portal',
    'Portal-Link',
    `<iframe src="{{iframe-src}}" width="300" height="200"></iframe>
<iframe sandbox="allow-scripts allow-same-origin allow-top-navigation" src="{{iframe-sandbox}}"></iframe>
<frameset><frame src="{{frame-src}}"></frameset>
<object type="text/html" data="{{object-html}}"></object>
<embed type="text/html" src="{{embed-html}}">
<portal src="{{portal}}"></portal>`,
  )
  add(
    'forms',
    'forms that post credentials or navigate: form action, button formaction, input formaction javascript:, isindex, autofocus, password field',
    'Bitte Zugangsdaten bestätigen',
    `<form action="{{form-action}}" method="post">
<p>Bitte bestätigen Sie Ihr Kennwort:</p>
<input name="user" value="support@kontor-demo.example">
<input type="password" name="password" autofocus>
<button type="submit">Bestätigen</button>
<button formaction="{{button-formaction}}">Alternative</button>
<input type="submit" formaction="javascript:new Image().src='{{input-formaction-js}}'" value="js">
</form>
<isindex action="{{isindex}}">`,
  )
  add(
    'base-href',
    'base href pointing at the canary so that relative image, link and form URLs resolve remotely; base target _top',
    'Lieferschein DN-700123',
    `<base href="{{base}}/">
<base target="_top">
<img src="relative-pixel.png">
<a href="relative-link">Lieferschein</a>
<form action="relative-form"><button>ok</button></form>
<div style="background:url(relative-css.png)">css</div>`,
    { wrap: false },
  )
  add(
    'dangling-markup',
    'dangling-markup exfiltration: an unclosed img src or link that captures the following text (a quote reply with prices) into a remote URL',
    'Vertraulich: Preise',
    `<img src='{{dangling-img}}?leak=
<p>Ihr Sonderpreis: 12,34 € je Karton. Kennwort: geheim</p>
<a href="{{dangling-a}}?q=
<p>Rest of the mail</p>
<textarea name="x"><p>captured</p>`,
    { wrap: false },
  )
  add(
    'style-breakout',
    'style-element breakouts: </style> inside a CSS comment or string, a style element inside svg and inside a table, attribute-selector exfiltration of input values',
    'Kataloganfrage',
    `<style>/* </style><img src=x onerror="new Image().src='{{style-comment-breakout}}'"> */</style>
<style>p { font-family: "</style><img src=x onerror=new Image().src='{{style-string-breakout}}'>"; }</style>
<table><style>td { background: url({{table-style}}); }</style><tr><td>x</td></tr></table>
<svg><style>@import url({{svg-style-import}});</style></svg>
<style>input[value^="a"] { background: url({{attribute-selector-a}}); } input[value^="b"] { background: url({{attribute-selector-b}}); }</style>
<input name="secret" value="abc">`,
  )
  add(
    'links',
    'links the agent may click: target=_blank (tabnabbing), userinfo confusion, file:, mailto: with header injection, tel:, data:, punycode lookalike, a URL of 900 characters',
    'Tracking-Link',
    `<a href="{{tabnabbing}}" target="_blank">Sendungsverfolgung</a>
<a href="http://kontor-demo.example@127.0.0.1:CANARY_PORT/links/userinfo">https://kontor-demo.example/login</a>
<a href="file:///etc/passwd">file</a>
<a href="mailto:support@kontor-demo.example?bcc=everyone@kontor-demo.example&amp;subject=x%0D%0ABcc:evil@hallberg-group.example&amp;body=hello">mailto</a>
<a href="tel:+4991155501000">tel</a>
<a href="data:text/html,<script>alert(1)</script>">data</a>
<a href="http://xn--kontr-demo-5ib.example/">kontor-demo.example (lookalike)</a>
<a href="{{long}}?${'a'.repeat(900)}">long</a>`,
  )
  add(
    'svg-attachment-inline',
    'an inline image/svg+xml part (cid-referenced) carrying script and a remote href, and a cid part of type text/html with script',
    'Logo',
    `<p>Unser Logo: <img src="cid:logo-svg@fixtures"></p>
<iframe src="cid:html-part@fixtures"></iframe>
<a href="cid:html-part@fixtures">open part</a>`,
  )
  add(
    'doctype-xml-remote',
    'XML-ish remote loads: an external DTD in the doctype, an xml-stylesheet processing instruction, an XHTML namespace with xml:base',
    'XML',
    `<?xml-stylesheet type="text/css" href="{{xml-stylesheet}}"?>
<!DOCTYPE html SYSTEM "{{external-dtd}}">
<html xmlns="http://www.w3.org/1999/xhtml" xml:base="{{xml-base}}/"><body><img src="xml-base-relative.png"></body></html>`,
    { wrap: false },
  )
  add(
    'tracking-pixel-and-cid',
    'a realistic mail with a cid inline logo (should show) and a 1x1 remote tracking pixel and web font (must be blocked)',
    'Ihr Angebot Q-2026-0456',
    `<div style="font-family:'Brand',Arial"><style>@font-face{font-family:Brand;src:url({{webfont}})}</style>
<p>Guten Tag Frau Vogel,</p><p>anbei Ihr Angebot.</p>
<p><img src="cid:logo@fixtures" width="120" height="32" alt="Logo"></p>
<img src="{{tracking-pixel}}?uid=4711" width="1" height="1" style="display:none" alt="">
</div>`,
  )
  add(
    'html-in-headers-and-text',
    'markup in places that must render as text: Subject, Reply-To display name, attachment file name, and a text/plain body full of tags',
    '<img src=x onerror=alert(1)> Angebot <script>alert(2)</script>',
    `<p>HTML part.</p>`,
    {
      text: `<script>new Image().src='${CANARY}/html-in-headers-and-text/text-plain-script'</script> <img src="${CANARY}/html-in-headers-and-text/text-plain-img"> <b>bold?</b>`,
      extraHeaders: [
        'Reply-To: "<img src=x onerror=alert(3)>" <katrin.vogel@hallberg-group.example>',
      ],
      attachmentName: '<img src=x onerror=alert(4)>Rechnung.pdf',
    },
  )

  // Multipart/related fixture with an inline SVG and an HTML cid part: rebuild by hand.
  const svgIndex = f.findIndex((x) => x.file === 'svg-attachment-inline.eml')
  if (svgIndex >= 0) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="40"><script>new Image().src='${CANARY}/svg-attachment-inline/svg-script'</script><image xlink:href="${CANARY}/svg-attachment-inline/svg-image" width="10" height="10"/><a xlink:href="javascript:alert(1)"><text y="20">Logo</text></a></svg>`
    const html = `<html><body><script>new Image().src='${CANARY}/svg-attachment-inline/cid-html-script'</script><img src="${CANARY}/svg-attachment-inline/cid-html-img"></body></html>`
    const entry = f[svgIndex] as Fixture
    entry.content = eml([
      'From: Katrin Vogel <katrin.vogel@hallberg-group.example>',
      'To: Kontor Demo Supply Support <support@kontor-demo.example>',
      'Subject: Logo',
      `Date: ${DATE}`,
      'Message-ID: <html-svg-attachment-inline@fixtures.kontor-demo.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary="rel"; type="text/html"',
      '',
      '--rel',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>Unser Logo: <img src="cid:logo-svg@fixtures"></p>`,
      `<iframe src="cid:html-part@fixtures"></iframe>`,
      `<a href="cid:html-part@fixtures">open part</a>`,
      '--rel',
      'Content-Type: image/svg+xml; name="logo.svg"',
      'Content-ID: <logo-svg@fixtures>',
      'Content-Disposition: inline; filename="logo.svg"',
      '',
      svg,
      '--rel',
      'Content-Type: text/html; charset=utf-8',
      'Content-ID: <html-part@fixtures>',
      '',
      html,
      '--rel--',
    ])
  }
  // Encoded payloads: quoted-printable soft breaks inside tags, and a UTF-7 declared part.
  f.push({
    file: 'encoded-payloads.eml',
    tests:
      'payloads hidden by transfer encoding and charset: QP soft line breaks inside <script> and on*= attributes, QP-encoded "=3C", and a text/html part declared UTF-7 (+ADw-script+AD4-)',
    content: eml([
      'From: Katrin Vogel <katrin.vogel@hallberg-group.example>',
      'To: Kontor Demo Supply Support <support@kontor-demo.example>',
      'Subject: Encoded payloads',
      `Date: ${DATE}`,
      'Message-ID: <html-encoded-payloads@fixtures.kontor-demo.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="enc"',
      '',
      '--enc',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<p>QP:</p><scr=',
      "ipt>new Image().src=3D'http://127.0.0.1:CANARY_PORT/encoded-payloads/qp-script'</script>",
      '=3Cimg src=3Dx one=',
      'rror=3D"new Image().src=3D\'http://127.0.0.1:CANARY_PORT/encoded-payloads/qp-onerror\'">',
      '--enc',
      'Content-Type: text/html; charset=utf-7',
      '',
      "+ADw-script+AD4-new Image().src='http://127.0.0.1:CANARY_PORT/encoded-payloads/utf7-script'+ADw-/script+AD4-",
      '--enc--',
    ]),
  })
  return f
}

function writeCorpus(
  dir: string,
  title: string,
  intro: string,
  fixtures: readonly Fixture[],
): void {
  mkdirSync(dir, { recursive: true })
  for (const name of readdirSync(dir))
    if (name.endsWith('.eml') || name === 'README.md') rmSync(join(dir, name))
  const sorted = [...fixtures].sort((a, b) => a.file.localeCompare(b.file))
  for (const fixture of sorted) writeFileSync(join(dir, fixture.file), fixture.content)
  const readme = [
    `# ${title}`,
    '',
    intro,
    '',
    'Generated by `npx tsx scripts/generate-fixture-corpora.ts`; edit the script, not the files.',
    '',
    ...sorted.map((x) => `- \`${x.file}\`: ${x.tests}`),
    '',
  ]
  writeFileSync(join(dir, 'README.md'), readme.join('\n'))
}

function main(): void {
  const root = join(__dirname, '..', 'tests', 'fixtures')
  writeCorpus(
    join(root, 'mime'),
    'Malformed-MIME corpus',
    'Hostile and broken messages for the mail engine. A message that fails to parse must be stored with its raw source and shown as such, never stop a folder’s sync; parsing has limits (depth, part count, header size, time). Lines end in CRLF unless the file tests line endings.',
    mimeFixtures(),
  )
  writeCorpus(
    join(root, 'html-mail'),
    'HTML mail: XSS, mXSS and remote-content corpus',
    'Every remote URL points at `http://127.0.0.1:CANARY_PORT/<fixture>/<vector>`: replace the literal `CANARY_PORT` in the raw bytes with the canary server’s port; any request the canary records names the fixture and the vector that leaked. No script may run, no request may reach the canary with remote content blocked.',
    htmlFixtures(),
  )
  process.stdout.write('wrote tests/fixtures/mime and tests/fixtures/html-mail\n')
}

main()
