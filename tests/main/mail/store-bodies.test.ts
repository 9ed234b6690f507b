import { afterEach, describe, expect, it } from 'vitest'
import { searchMail } from '../../../src/main/mail/search'
import { makeTestCore } from '../../helpers/core'
import { body, envelope, seedMailbox, store } from './fixtures'

describe('MailStore.storeBodies and the search index', () => {
  let dispose: (() => void) | null = null
  afterEach(() => dispose?.())

  function setup() {
    const core = makeTestCore()
    dispose = () => core.dispose()
    const s = seedMailbox(core.db)
    const count = (sql: string, ...args: unknown[]) =>
      (core.db.sqlite
        .prepare(sql)
        .pluck()
        .get(...args) as number) ?? 0
    return { core, s, count }
  }

  it('indexes a batch stored newest first as one segment', () => {
    const { core, s, count } = setup()
    // No merging, so that the pages written show how often the terms were written out.
    core.db.sqlite.exec(
      "INSERT INTO mail_fts (mail_fts, rank) VALUES ('automerge', 0), ('crisismerge', 1000)",
    )
    const ids = store(
      s,
      'INBOX',
      Array.from({ length: 200 }, (_, i) =>
        envelope({ messageId: `m${i}@acme.example`, subject: `Order ${i}` }),
      ),
    )
    // Phase 2 stores newest first: descending row ids, as here.
    const items = [...ids]
      .reverse()
      .map((id, i) => ({ id, body: body(`Palette ${i} kommt am Montag, Lieferschein ${i}`) }))
    s.storeBodies(items)
    expect(count('SELECT count(*) FROM mail_fts')).toBe(200)
    expect(searchMail(core.db, 'lieferschein', { limit: 500 })).toHaveLength(200)
    // One segment's pages. Written out body by body (by a trigger, or in descending rowid
    // order), the same batch leaves a segment per body: over 200 pages.

    expect(count('SELECT count(*) FROM mail_fts_data')).toBeLessThan(12)
  })

  it('replaces the index row of a body stored again', () => {
    const { core, s, count } = setup()
    const [id] = store(s, 'INBOX', [envelope({ messageId: 'again@acme.example' })]) as [number]
    s.storeBodies([{ id, body: body('Palette fehlt') }])
    s.storeBodies([{ id, body: body('Rechnung doppelt') }])
    expect(count('SELECT count(*) FROM mail_fts')).toBe(1)
    expect(searchMail(core.db, 'palette')).toHaveLength(0)
    expect(searchMail(core.db, 'rechnung').map((h) => h.messageRowId)).toEqual([id])
  })

  it('replaces an index row written before the body (stores indexed at phase 1 before 0007)', () => {
    const { core, s, count } = setup()
    const [id] = store(s, 'INBOX', [envelope({ messageId: 'old@acme.example' })]) as [number]
    core.db.sqlite
      .prepare("INSERT INTO mail_fts (rowid, subject, participants, body) VALUES (?, 'x', 'y', '')")
      .run(id)
    s.storeBodies([{ id, body: body('Gutschrift erbeten') }])
    expect(count('SELECT count(*) FROM mail_fts')).toBe(1)
    expect(searchMail(core.db, 'gutschrift').map((h) => h.messageRowId)).toEqual([id])
  })

  it('skips a message expunged since its batch was listed and stores the rest', () => {
    const { core, s, count } = setup()
    const [gone, kept] = store(s, 'INBOX', [
      envelope({ messageId: 'gone@acme.example' }),
      envelope({ messageId: 'kept@acme.example' }),
    ]) as [number, number]
    core.db.sqlite.prepare('DELETE FROM mail_messages WHERE id = ?').run(gone)
    s.storeBodies([
      { id: gone, body: body('Storno bitte') },
      { id: kept, body: body('Storno bitte') },
    ])
    expect(count('SELECT count(*) FROM mail_bodies')).toBe(1)
    expect(searchMail(core.db, 'storno').map((h) => h.messageRowId)).toEqual([kept])
  })
})
