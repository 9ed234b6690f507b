import { afterEach, describe, expect, it } from 'vitest'
import { searchMail, unmarkSnippet } from '../../../src/main/mail/search'
import { makeTestCore } from '../../helpers/core'
import { body, envelope, seedMailbox, store } from './fixtures'

const marked = (snippet: string, highlights: [number, number][]) =>
  highlights.map(([a, b]) => snippet.slice(a, b))

describe('unmarkSnippet', () => {
  it('turns the marks into ranges of the plain text', () => {
    expect(unmarkSnippet('a \uE000b\uE001 c \uE000dd\uE001')).toEqual({
      snippet: 'a b c dd',
      highlights: [
        [2, 3],
        [6, 8],
      ],
    })
    expect(unmarkSnippet('plain [text]')).toEqual({ snippet: 'plain [text]', highlights: [] })
  })

  it('drops marks out of order and empty ranges', () => {
    expect(unmarkSnippet('\uE001a\uE000\uE001b\uE000c')).toEqual({ snippet: 'abc', highlights: [] })
    expect(unmarkSnippet('\uE000a\uE000b\uE001')).toEqual({ snippet: 'ab', highlights: [[1, 2]] })
  })
})

describe('search snippets', () => {
  let dispose: (() => void) | null = null
  afterEach(() => dispose?.())

  it('marks only real matches, whatever brackets or marker characters the mail holds', () => {
    const core = makeTestCore()
    dispose = () => core.dispose()
    const s = seedMailbox(core.db)
    const [id] = store(s, 'INBOX', [
      envelope({ messageId: 'b@acme.example', subject: 'Pos. [2] \uE000Frage\uE001' }),
    ])
    s.storeBodies([
      {
        id: id as number,
        body: body(
          'Zu [Pos. 2]: die \uE000Lieferung\uE001 am [Montag] fehlt, \uE000bitte\uE001 prüfen.',
        ),
      },
    ])
    const [hit] = searchMail(core.db, 'lieferung')
    expect(hit).toBeDefined()
    if (!hit) return
    expect(hit.snippet).not.toMatch(/[\uE000\uE001]/)
    expect(hit.snippet).toContain('[Montag]')
    expect(hit.highlights.length).toBeGreaterThan(0)
    expect(marked(hit.snippet, hit.highlights)).toEqual(hit.highlights.map(() => 'Lieferung'))
    // The mail's own brackets stay text: "Montag" is not a match.
    expect(marked(hit.snippet, hit.highlights)).not.toContain('Montag')
  })

  it('marks the words in the subject of a message still waiting for its body', () => {
    const core = makeTestCore()
    dispose = () => core.dispose()
    const s = seedMailbox(core.db)
    store(s, 'INBOX', [
      envelope({ messageId: 'p@acme.example', subject: 'Palette 7 kam, PALETTE 8 fehlt' }),
    ])
    const [hit] = searchMail(core.db, 'palette 8')
    expect(hit?.snippet).toBe('Palette 7 kam, PALETTE 8 fehlt')
    expect(hit && marked(hit.snippet, hit.highlights)).toEqual(
      ['Palette', '7', 'PALETTE', '8'].filter((w) => /palette|8/i.test(w)),
    )
  })
})
