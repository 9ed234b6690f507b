import type { MessageStructureObject } from 'imapflow'
import { describe, expect, it } from 'vitest'
import {
  decodeTextPart,
  planBody,
  readBodyPlan,
  unflow,
  type TextPartPlan,
} from '../../../src/main/mail/body-plan'
import { searchMail } from '../../../src/main/mail/search'
import { makeTestCore } from '../../helpers/core'
import { envelope, seedMailbox, store } from './fixtures'

const leaf = (o: Partial<MessageStructureObject>): MessageStructureObject => ({
  type: 'text/plain',
  encoding: '7bit',
  size: 100,
  ...o,
})

describe('the body plan from BODYSTRUCTURE', () => {
  it('names the text and HTML parts of an alternative inside mixed, and lists attachments', () => {
    const plan = planBody(
      {
        type: 'multipart/mixed',
        childNodes: [
          {
            type: 'multipart/alternative',
            part: '1',
            childNodes: [
              leaf({
                part: '1.1',
                parameters: { charset: 'ISO-8859-1' },
                encoding: 'quoted-printable',
              }),
              leaf({ part: '1.2', type: 'text/html', parameters: { charset: 'utf-8' } }),
            ],
          },
          leaf({
            part: '2',
            type: 'application/pdf',
            encoding: 'base64',
            size: 78_000,
            disposition: 'attachment',
            dispositionParameters: { filename: 'Angebot Q-1.pdf' },
          }),
          leaf({
            part: '3',
            disposition: 'attachment',
            dispositionParameters: { filename: 'notes.txt' },
          }),
        ],
      },
      80_000,
    )
    expect(plan?.text.map((t) => [t.part, t.kind, t.charset, t.encoding])).toEqual([
      ['1.1', 'text', 'iso-8859-1', 'quoted-printable'],
      ['1.2', 'html', 'utf-8', '7bit'],
    ])
    expect(plan?.attachments).toEqual([
      { part: '2', filename: 'Angebot Q-1.pdf', mimeType: 'application/pdf', size: 57_000 },
      { part: '3', filename: 'notes.txt', mimeType: 'text/plain', size: 100 },
    ])
    // A single-part message's body is section 1.
    expect(planBody(leaf({}), 300)?.text[0]?.part).toBe('1')
    expect(readBodyPlan(JSON.stringify(plan))).toEqual(plan)
  })

  it('sends unusual mail the full way: nested messages, unknown encodings or charsets, depth, parts, headers', () => {
    expect(planBody(undefined, 100)).toBeNull()
    expect(
      planBody(
        { type: 'multipart/mixed', childNodes: [leaf({ part: '1', type: 'message/rfc822' })] },
        500,
      ),
    ).toBeNull()
    expect(planBody(leaf({ encoding: 'x-uuencode' }), 200)).toBeNull()
    expect(planBody(leaf({ parameters: { charset: 'x-no-such-charset' } }), 200)).toBeNull()
    let deep: MessageStructureObject = leaf({ part: '1' })
    for (let i = 0; i < 40; i++) deep = { type: 'multipart/mixed', childNodes: [deep] }
    expect(planBody(deep, 1000)).toBeNull()
    const many = Array.from({ length: 501 }, (_, i) =>
      leaf({ part: String(i + 1), type: 'image/png' }),
    )
    expect(planBody({ type: 'multipart/mixed', childNodes: many }, 100_000)).toBeNull()
    expect(planBody(leaf({ size: 100 }), 400_000)).toBeNull()
    expect(planBody(leaf({ size: 2_000_000 }), 2_000_100)).toBeNull()
    expect(readBodyPlan('{"v":2}')).toBeNull()
    expect(readBodyPlan('not json')).toBeNull()
  })
})

describe('decoding a fetched part', () => {
  const part = (o: Partial<TextPartPlan>): TextPartPlan => ({
    part: '1',
    kind: 'text',
    encoding: '7bit',
    charset: 'utf-8',
    size: 0,
    ...o,
  })
  it('undoes quoted-printable and base64, then the charset, with windows-1252 punctuation', () => {
    expect(
      decodeTextPart(
        Buffer.from('Preis =80 99 =96 =84Sonder=\r\npreis=93\r\n'),
        part({ encoding: 'quoted-printable', charset: 'iso-8859-1' }),
      ),
    ).toBe('Preis € 99 – „Sonderpreis“\n')
    expect(
      decodeTextPart(
        Buffer.from(Buffer.from('Grüße\r\naus Köln').toString('base64')),
        part({ encoding: 'base64' }),
      ),
    ).toBe('Grüße\naus Köln')
    // Bad bytes never throw: they become U+FFFD.
    expect(decodeTextPart(Buffer.from([0x41, 0xff, 0x42]), part({}))).toBe('A\ufffdB')
    // HTML keeps its line ends.
    expect(decodeTextPart(Buffer.from('<p>a</p>\r\n'), part({ kind: 'html' }))).toBe('<p>a</p>\r\n')
  })

  it('joins format=flowed paragraphs (RFC 3676), keeping quote depth and the signature line', () => {
    expect(unflow('Hello \r\nworld\r\n-- \r\nAnna', false)).toBe('Hello world\n-- \nAnna')
    expect(unflow('Hel\u0020\r\nlo', true)).toBe('Hello')
    expect(unflow('> quoted \r\n> on\r\n>> deeper \r\n> back', false)).toBe(
      '> quoted on\n>> deeper \n> back',
    )
    expect(unflow(' From space-stuffed', false)).toBe('From space-stuffed')
  })
})

describe('search before the bodies arrive', () => {
  it('finds a message still waiting for its body by subject and sender, ranked after indexed hits', () => {
    const core = makeTestCore()
    const s = seedMailbox(core.db)
    const [pending] = store(s, 'INBOX', [
      envelope({ messageId: 'p@acme.example', subject: 'Palette 7 beschädigt 100%_sure' }),
    ])
    const [indexed] = store(s, 'INBOX', [
      envelope({ messageId: 'i@acme.example', subject: 'Other' }),
    ])
    s.storeBodies([
      {
        id: indexed as number,
        body: {
          text: 'die palette kam heute',
          html: null,
          attachments: [],
          parseError: null,
          raw: null,
          truncated: false,
        },
      },
    ])
    const hits = searchMail(core.db, 'palette')
    expect(hits.map((h) => h.messageRowId)).toEqual([indexed, pending])
    expect(hits[1]?.snippet).toBe('Palette 7 beschädigt 100%_sure')
    expect(searchMail(core.db, 'buyer@acme palette').map((h) => h.messageRowId)).toContain(pending)
    // LIKE wildcards in the input are literal.
    expect(searchMail(core.db, '100%_sure').map((h) => h.messageRowId)).toEqual([pending])
    expect(searchMail(core.db, '100%_surf')).toEqual([])
    core.db.close()
  })
})

describe('windows-1252 punctuation decoded as C1 controls', () => {
  it('is repaired in subjects and names, while the identity stays that of the mail as received', () => {
    const core = makeTestCore()
    const s = seedMailbox(core.db)
    const subject = 'Auftrag SO-400008 \u0096 Mengen\u00e4nderung \u0084dringend\u0093'
    const [id] = store(s, 'INBOX', [
      envelope({
        messageId: 'c1@acme.example',
        subject,
        from: { name: 'M\u00fcller \u0096 Einkauf', address: 'm@acme.example' },
      }),
    ])
    const row = core.db.sqlite
      .prepare('SELECT subject, from_name AS fromName, identity FROM mail_messages WHERE id = ?')
      .get(id) as { subject: string; fromName: string; identity: string }
    expect(row.subject).toBe('Auftrag SO-400008 – Mengenänderung „dringend“')
    expect(row.fromName).toBe('Müller – Einkauf')
    // Stored again (a second folder, a resync): still one message.
    store(s, 'Sent', [
      envelope({
        messageId: 'c1@acme.example',
        subject,
        from: { name: 'M\u00fcller \u0096 Einkauf', address: 'm@acme.example' },
      }),
    ])
    expect(core.db.sqlite.prepare('SELECT count(*) FROM mail_messages').pluck().get()).toBe(1)
    core.db.close()
  })
})
