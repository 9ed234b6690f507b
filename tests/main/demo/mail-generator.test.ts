import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import PostalMime from 'postal-mime'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  DEMO_ACCOUNTS,
  DEMO_CONTACTS,
  DEMO_SHARED_MAILBOXES,
} from '../../../src/shared/demo/companies'
import {
  readDemoMailbox,
  readDemoManifest,
  shiftDateHeader,
} from '../../../src/main/demo/demo-mailbox'
import {
  SCENARIO_KINDS,
  baseSubject,
  generateMailbox,
  type GeneratedMessage,
} from '../../../src/main/demo/mail-generator'
import {
  encodeCharset,
  encodeQuotedPrintable,
  encodeWords,
} from '../../../src/main/demo/mime-writer'

const NOW = new Date('2026-11-20T10:00:00.000Z')
const OPTIONS = { seed: 'test-seed', now: NOW, threads: 240 }
const MAILBOX_DIR = join(__dirname, '..', '..', '..', 'resources', 'demo', 'mailbox')

/** Keeps only characters that decode identically whatever a decoder does with windows-1252's 0x80–0x9F. */
function comparable(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '')
}

// Generation and parsing take seconds on a busy two-core machine: generous timeouts.
let messages: GeneratedMessage[] = []
const parsed = new Map<string, Awaited<ReturnType<typeof PostalMime.parse>>>()

beforeAll(async () => {
  messages = [...generateMailbox(OPTIONS)]
  for (const m of messages) parsed.set(m.messageId, await PostalMime.parse(m.raw))
}, 60_000)

function headerValue(raw: Buffer, name: string): string | undefined {
  const head = raw.toString('latin1').split('\r\n\r\n')[0] ?? ''
  const match = new RegExp(`^${name}: ?(.*(?:\\r\\n[ \\t].*)*)`, 'mi').exec(head)
  return match?.[1]?.replace(/\r\n[ \t]/g, ' ')
}

describe('generateMailbox', { timeout: 60_000 }, () => {
  it('is deterministic for a seed, differs between seeds, and thread i does not depend on the total', () => {
    const again = [...generateMailbox(OPTIONS)]
    expect(again.length).toBe(messages.length)
    again.forEach((m, i) => expect(m.raw.equals(messages[i]?.raw ?? Buffer.alloc(0))).toBe(true))
    const other = [...generateMailbox({ ...OPTIONS, seed: 'other-seed', threads: 10 })]
    expect(other.map((m) => m.raw.toString('latin1'))).not.toEqual(
      messages.slice(0, other.length).map((m) => m.raw.toString('latin1')),
    )
    const prefix = [...generateMailbox({ ...OPTIONS, threads: 20 })]
    prefix.forEach((m, i) => expect(m.raw.equals(messages[i]?.raw ?? Buffer.alloc(0))).toBe(true))
    const shard = [...generateMailbox({ ...OPTIONS, firstThread: 20, threads: 5 })]
    const expected = messages.filter((m) => m.threadIndex >= 20 && m.threadIndex < 25)
    expect(shard.map((m) => m.messageId)).toEqual(expected.map((m) => m.messageId))
  })

  it('streams lazily: the first messages of 50,000 threads come without building the rest', () => {
    const started = performance.now()
    const iterator = generateMailbox({ ...OPTIONS, threads: 50_000 })
    const first: GeneratedMessage[] = []
    for (const m of iterator) {
      first.push(m)
      if (first.length === 10) break
    }
    expect(first.length).toBe(10)
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('produces messages that postal-mime parses, with the subject, ids and date of the metadata', () => {
    expect(messages.length).toBeGreaterThan(600)
    for (const m of messages) {
      const p = parsed.get(m.messageId)
      expect(p, m.messageId).toBeDefined()
      if (!p) continue
      expect(p.messageId).toBe(m.messageId)
      expect(comparable(p.subject ?? '')).toBe(comparable(m.subject))
      expect(p.inReplyTo ?? null).toBe(m.inReplyTo)
      expect((p.references ?? '').split(/\s+/).filter(Boolean)).toEqual(m.references)
      expect(Math.abs(Date.parse(p.date ?? '') - m.date.getTime())).toBeLessThan(1000)
      expect(p.text ?? '').not.toContain('\ufffd')
      expect(p.text ?? '').not.toMatch(/Ã[¤¶¼Ÿ„–œ]/)
      // Every line within RFC 5322's hard limit of 998 characters.
      for (const line of m.raw.toString('latin1').split('\r\n'))
        expect(line.length).toBeLessThanOrEqual(998)
    }
  })

  it('keeps References chains consistent within each thread', () => {
    const byId = new Map(messages.map((m) => [m.messageId, m]))
    expect(byId.size).toBe(messages.length)
    for (const m of messages) {
      if (m.position === 0) {
        expect(m.inReplyTo).toBeNull()
        expect(m.references).toEqual([])
        continue
      }
      expect(m.inReplyTo).not.toBeNull()
      const parent = byId.get(m.inReplyTo ?? '')
      expect(parent?.threadIndex).toBe(m.threadIndex)
      expect((parent?.date.getTime() ?? Infinity) <= m.date.getTime()).toBe(true)
      expect(m.references[m.references.length - 1]).toBe(m.inReplyTo)
      for (const ref of m.references) expect(byId.get(ref)?.threadIndex).toBe(m.threadIndex)
      // Only the parent's own chain (possibly cut short by the client), never invented ids.
      const full = [...(parent?.references ?? []), parent?.messageId]
      for (const ref of m.references) expect(full).toContain(ref)
    }
  })

  it('dates every message in the window before now, in thread order, with INTERNALDATE after Date', () => {
    const threads = new Map<number, GeneratedMessage[]>()
    for (const m of messages) threads.set(m.threadIndex, [...(threads.get(m.threadIndex) ?? []), m])
    for (const thread of threads.values()) {
      for (let i = 0; i < thread.length; i++) {
        const m = thread[i] as GeneratedMessage
        expect(m.date.getTime()).toBeLessThanOrEqual(NOW.getTime())
        expect(m.date.getTime()).toBeGreaterThan(NOW.getTime() - 50 * 86_400_000)
        expect(m.internalDate.getTime()).toBeGreaterThanOrEqual(m.date.getTime())
        expect(m.internalDate.getTime()).toBeLessThanOrEqual(NOW.getTime())
        if (i > 0)
          expect(m.date.getTime()).toBeGreaterThanOrEqual(
            (thread[i - 1] as GeneratedMessage).date.getTime(),
          )
      }
    }
    // Some threads end with an unanswered customer message shortly before now (at risk / breached in the demo).
    const lastOfThread = [...threads.values()].map((t) => t[t.length - 1] as GeneratedMessage)
    expect(
      lastOfThread.filter(
        (m) => m.direction === 'inbound' && NOW.getTime() - m.date.getTime() < 3 * 86_400_000,
      ).length,
    ).toBeGreaterThan(5)
  })

  it('puts customer mail in INBOX from the account’s contacts and our replies in Sent from a shared mailbox', () => {
    const shared = new Set(DEMO_SHARED_MAILBOXES.map((m) => m.address))
    for (const m of messages) {
      expect(shared.has(m.mailbox)).toBe(true)
      if (m.accountId !== null) expect(DEMO_ACCOUNTS.some((a) => a.id === m.accountId)).toBe(true)
      else expect(m.scenario).toBe('new_customer')
      if (m.direction === 'inbound') {
        expect(m.folder).toBe('INBOX')
        const contact = DEMO_CONTACTS.find((c) => c.email === m.fromAddress)
        if (m.accountId !== null) expect(contact?.accountId).toBe(m.accountId)
        else {
          // Triage: neither the address nor its domain belongs to any account.
          const domain = m.fromAddress.split('@')[1] ?? ''
          expect(contact).toBeUndefined()
          expect(DEMO_ACCOUNTS.some((a) => a.domains.includes(domain))).toBe(false)
        }
        if (!m.autoReply) expect(headerValue(m.raw, 'To')).toContain(m.mailbox)
      } else {
        expect(m.folder).toBe('Sent')
        expect(m.fromAddress).toBe(m.mailbox)
        expect(m.flags).toContain('\\Seen')
      }
      for (const f of m.flags) expect(['\\Seen', '\\Answered', '\\Flagged']).toContain(f)
    }
    expect(messages.some((m) => m.accountId === null && m.direction === 'inbound')).toBe(true)
    const answered = messages.filter((m) => m.flags.includes('\\Answered'))
    for (const m of answered)
      expect(messages.some((o) => o.direction === 'outbound' && o.inReplyTo === m.messageId)).toBe(
        true,
      )
  })

  it('decodes legacy charsets (ISO-8859-1, windows-1252; 8bit, quoted-printable, base64) to the right umlauts', async () => {
    // Legacy clients are a minority: look at a larger sample than the shared one.
    const sample = [...messages, ...generateMailbox({ ...OPTIONS, firstThread: 240, threads: 400 })]
    const legacy = sample.filter(
      (m) =>
        (m.charset === 'iso-8859-1' || m.charset === 'windows-1252') &&
        m.language === 'de' &&
        !m.autoReply,
    )
    expect(legacy.some((m) => m.charset === 'iso-8859-1')).toBe(true)
    expect(legacy.some((m) => m.charset === 'windows-1252')).toBe(true)
    const encodings = new Set<string>()
    let umlauts = 0
    for (const m of legacy) {
      const raw = m.raw.toString('latin1')
      expect(raw.toLowerCase()).toContain(`charset="${m.charset}"`)
      for (const e of ['8bit', 'quoted-printable', 'base64'])
        if (raw.includes(`Content-Transfer-Encoding: ${e}`)) encodings.add(e)
      const text = (parsed.get(m.messageId) ?? (await PostalMime.parse(m.raw))).text ?? ''
      // German closings and words of the generated text, spelled with their umlauts.
      const words =
        text.match(
          /Grü(ß|ss)e|für|Bestellmenge|Rückstand|Gebäudetechnik|Größer|Schäfer|Krüger|Zürcher|Lieferverzögerung|Änderung|bräuchten|Gültig|Ihrem|Menge/g,
        ) ?? []
      expect(words.length, m.messageId).toBeGreaterThan(0)
      if (/[äöüßÄÖÜ]/.test(text)) umlauts++
      // A UTF-8 misreading would show "Ã¼" for "ü".
      expect(text).not.toContain('Ã')
    }
    expect(umlauts).toBeGreaterThan(legacy.length / 2)
    expect(encodings).toEqual(new Set(['8bit', 'quoted-printable', 'base64']))
  })

  it('writes realistic variety: scenarios, languages, reply prefixes, changed subjects, HTML, attachments', () => {
    expect(new Set(messages.map((m) => m.scenario))).toEqual(new Set(SCENARIO_KINDS))
    expect(new Set(messages.map((m) => m.language))).toEqual(new Set(['de', 'en']))
    const subjects = messages.map((m) => m.subject)
    // Rarer client habits (The Bat!'s "Re[2]:" needs a second customer reply) over a larger sample.
    const moreSubjects = [...generateMailbox({ ...OPTIONS, firstThread: 240, threads: 600 })].map(
      (m) => m.subject,
    )
    for (const prefix of [/^AW: /, /^RE: /, /^Re: /, /^SV: /, /^Re\[\d+\]: /, /^Antwort: /])
      expect(
        [...subjects, ...moreSubjects].some((s) => prefix.test(s)),
        String(prefix),
      ).toBe(true)
    const roots = new Map(
      messages.filter((m) => m.position === 0).map((m) => [m.threadIndex, baseSubject(m.subject)]),
    )
    const changed = messages.filter(
      (m) => m.position > 0 && !m.autoReply && baseSubject(m.subject) !== roots.get(m.threadIndex),
    )
    expect(changed.length).toBeGreaterThan(10)
    expect(subjects.some((s) => /PO-\d{4}-\d{5}|45\d{8}/.test(s))).toBe(true)
    expect(subjects.some((s) => /SO-\d{6}/.test(s))).toBe(true)
    expect(subjects.some((s) => /Q-\d{4}-\d{4}/.test(s))).toBe(true)
    expect(subjects.some((s) => /INV-\d{4}-\d{5}/.test(s))).toBe(true)
    expect(messages.filter((m) => parsed.get(m.messageId)?.html).length).toBeGreaterThan(
      messages.length / 2,
    )
    expect(
      messages.some(
        (m) => m.autoReply && /^Auto-Submitted: auto-replied/m.test(m.raw.toString('latin1')),
      ),
    ).toBe(true)
    const withAttachments = messages.filter((m) => m.attachments.length > 0)
    expect(withAttachments.length).toBeGreaterThan(50)
    let pdfs = 0
    let csvs = 0
    for (const m of withAttachments) {
      const atts = (parsed.get(m.messageId)?.attachments ?? []).filter(
        (a) => a.disposition === 'attachment',
      )
      expect(atts.map((a) => a.filename)).toEqual(m.attachments)
      for (const a of atts) {
        const content = Buffer.from(a.content as ArrayBuffer)
        if (a.mimeType === 'application/pdf') {
          pdfs++
          expect(content.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4')
          expect(content.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true)
        }
        if (a.mimeType === 'text/csv') {
          csvs++
          expect(content.toString('utf8')).toMatch(/^\ufeff?[A-Za-z]+[;,]/)
        }
      }
    }
    expect(pdfs).toBeGreaterThan(20)
    expect(csvs).toBeGreaterThan(5)
    expect(
      messages.some((m) =>
        (parsed.get(m.messageId)?.attachments ?? []).some((a) => a.related && a.contentId),
      ),
    ).toBe(true)
  })
})

describe('mime-writer', () => {
  it('encodes windows-1252 specials, ISO-8859-1 and US-ASCII fallbacks', () => {
    expect([...encodeCharset('€„“”–ä', 'windows-1252')]).toEqual([
      0x80, 0x84, 0x93, 0x94, 0x96, 0xe4,
    ])
    expect([...encodeCharset('€ä', 'iso-8859-1')]).toEqual([0x3f, 0xe4])
    expect(encodeCharset('Grüße', 'us-ascii').toString('latin1')).toBe('Gr??e')
  })

  it('wraps quoted-printable at 76 and keeps trailing white space visible', () => {
    const qp = encodeQuotedPrintable(Buffer.from(`${'ä'.repeat(60)} \r\nend `, 'utf8'))
    for (const line of qp.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76)
    expect(qp).toMatch(/=20\r\nend=20$/)
  })

  it('splits encoded words at 75 characters without splitting a character', async () => {
    const text =
      'Überarbeitetes Angebot für Großmann Feinmechanik – Lieferverzögerung Rückstand 😀 Prüfung'
    for (const [charset, enc] of [
      ['utf-8', 'B'],
      ['utf-8', 'Q'],
      ['windows-1252', 'Q'],
    ] as const) {
      const words = encodeWords(text, charset, enc)
      for (const w of words.split('\r\n ')) expect(w.length).toBeLessThanOrEqual(75)
      const raw = Buffer.from(`Subject: ${words}\r\nMessage-ID: <x@y>\r\n\r\nbody\r\n`, 'latin1')
      const subject = (await PostalMime.parse(raw)).subject ?? ''
      expect(comparable(subject)).toBe(
        comparable(charset === 'utf-8' ? text : text.replace('😀', '?')),
      )
    }
  })
})

describe('the shipped demo mailbox', { timeout: 60_000 }, () => {
  it('matches its manifest: every file listed, sizes and Message-IDs equal, no strays', () => {
    const manifest = readDemoManifest(MAILBOX_DIR)
    expect(manifest.messages.length).toBeGreaterThan(700)
    expect(manifest.threads).toBeGreaterThanOrEqual(250)
    const listed = new Set(manifest.messages.map((e) => e.file))
    const onDisk: string[] = []
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) walk(path)
        else if (name.endsWith('.eml'))
          onDisk.push(relative(MAILBOX_DIR, path).split('\\').join('/'))
      }
    }
    walk(MAILBOX_DIR)
    expect(new Set(onDisk)).toEqual(listed)
    let total = 0
    for (const e of manifest.messages) {
      const raw = readFileSync(join(MAILBOX_DIR, e.file))
      total += raw.length
      expect(raw.length).toBe(e.size)
      expect(headerValue(raw, 'Message-ID')).toBe(e.messageId)
      expect(e.file.startsWith(`${e.mailbox.split('@')[0]}/${e.folder}/`)).toBe(true)
      expect(Date.parse(manifest.now) - Date.parse(e.internalDate)).toBe(e.ageMs)
    }
    expect(total).toBeLessThan(6 * 1024 * 1024)
  })

  it('is reproduced byte for byte by the generator from the manifest’s seed and now', () => {
    const manifest = readDemoManifest(MAILBOX_DIR)
    const regenerated = generateMailbox({
      seed: manifest.seed,
      now: new Date(manifest.now),
      threads: manifest.threads,
    })
    let i = 0
    for (const m of regenerated) {
      const entry = manifest.messages[i++]
      expect(entry?.messageId).toBe(m.messageId)
      expect(entry?.flags).toEqual(m.flags)
      expect(entry?.internalDate).toBe(m.internalDate.toISOString())
      if (entry)
        expect(readFileSync(join(MAILBOX_DIR, entry.file)).equals(m.raw), entry.file).toBe(true)
    }
    expect(i).toBe(manifest.messages.length)
  })

  it('shifts INTERNALDATE and the Date header so that the newest mail is recent at start-up', async () => {
    const manifest = readDemoManifest(MAILBOX_DIR)
    const startUp = new Date('2027-03-15T08:00:00.000Z')
    const shift = startUp.getTime() - Date.parse(manifest.now)
    let newest = 0
    let checked = 0
    for (const m of readDemoMailbox(MAILBOX_DIR, startUp)) {
      newest = Math.max(newest, m.internalDate.getTime())
      if (checked < 40) {
        const original = await PostalMime.parse(readFileSync(join(MAILBOX_DIR, m.entry.file)))
        const shifted = await PostalMime.parse(m.raw)
        expect(Date.parse(shifted.date ?? '') - Date.parse(original.date ?? '')).toBe(shift)
        expect(shifted.messageId).toBe(original.messageId)
        checked++
      }
    }
    const minAge = Math.min(...manifest.messages.map((e) => e.ageMs))
    expect(newest).toBe(startUp.getTime() - minAge)
    expect(startUp.getTime() - newest).toBeLessThan(6 * 3_600_000)
    expect(
      shiftDateHeader(Buffer.from('Subject: x\r\n\r\nDate: not a header\r\n'), 1000).toString(),
    ).toBe('Subject: x\r\n\r\nDate: not a header\r\n')
    expect(existsSync(join(MAILBOX_DIR, 'manifest.json'))).toBe(true)
  })
})
