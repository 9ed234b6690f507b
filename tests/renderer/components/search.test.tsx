import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SearchHit, TicketDetail } from '../../../src/shared/contract'
import { createContractClient } from '../../../src/shared/contract/client'
import type { Result } from '../../../src/shared/result'
import {
  SEARCH_REFRESH_MS,
  SearchBox,
  snippetParts,
} from '../../../src/renderer/src/components/SearchBox'
import { useKontor } from '../../../src/renderer/src/store'

const hit = (over: Partial<SearchHit>): SearchHit => ({
  ticketId: 't-1',
  messageId: '<m1@example.test>',
  messageRowId: 1,
  subject: 'Rechnung 4711',
  fromAddress: 'buchhaltung@kunde.example',
  internalDate: '2026-11-20T09:30:00.000Z',
  snippet: 'Ihre Rechnung liegt bei',
  highlights: [[5, 13]],
  rank: -1,
  ...over,
})

const detail = (id: string): TicketDetail => ({
  ticket: {
    id,
    subject: 'Rechnung 4711',
    accountId: null,
    accountMatch: null,
    status: 'open',
    messageCount: 0,
    messageIds: [],
    lastMessageAt: '2026-11-20T09:30:00.000Z',
    firstCustomerMessageAt: null,
    customerAddress: null,
  },
  messages: [],
})

function fakeClient(answer: (query: string) => Result<SearchHit[]>) {
  const calls: { name: string; input: unknown }[] = []
  const listeners = new Map<string, ((payload: unknown) => void)[]>()
  const client = createContractClient({
    invoke: (name, input) => {
      calls.push({ name, input })
      if (name === 'mail:search') return Promise.resolve(answer((input as { query: string }).query))
      if (name === 'tickets:get')
        return Promise.resolve({ ok: true, data: detail((input as { id: string }).id) })
      return Promise.resolve({ ok: false, error: { code: 'E_NOT_FOUND', message: name } })
    },
    subscribe: (name, listener) => {
      listeners.set(name, [...(listeners.get(name) ?? []), listener])
      return () =>
        listeners.set(
          name,
          (listeners.get(name) ?? []).filter((l) => l !== listener),
        )
    },
  })
  const emit = (name: string, payload: unknown) =>
    (listeners.get(name) ?? []).forEach((l) => l(payload))
  return { client, calls, emit, searches: () => calls.filter((c) => c.name === 'mail:search') }
}

/** Type into the field and let the debounce and the answer land. */
async function typeAndWait(text: string) {
  fireEvent.change(screen.getByTestId('search-input'), { target: { value: text } })
  await act(async () => {
    await vi.advanceTimersByTimeAsync(200)
  })
}

describe('snippetParts', () => {
  it('splits at the highlight ranges, matches flagged, the rest plain', () => {
    expect(
      snippetParts('a b c d', [
        [2, 3],
        [6, 7],
      ]),
    ).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
      { text: ' c ', match: false },
      { text: 'd', match: true },
    ])
    expect(snippetParts('no marks', [])).toEqual([{ text: 'no marks', match: false }])
  })

  it('keeps the mail’s own brackets as text, and ignores ranges out of order or bounds', () => {
    expect(snippetParts('Pos. [2]: [Lieferung] am [Montag]', [[11, 20]])).toEqual([
      { text: 'Pos. [2]: [', match: false },
      { text: 'Lieferung', match: true },
      { text: '] am [Montag]', match: false },
    ])
    expect(
      snippetParts('abcdef', [
        [2, 4],
        [1, 3],
        [5, 5],
        [5, 99],
      ]),
    ).toEqual([
      { text: 'ab', match: false },
      { text: 'cd', match: true },
      { text: 'ef', match: false },
    ])
  })
})

describe('SearchBox', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    vi.useRealTimers()
    useKontor.getState().clearSearch()
    useKontor.setState({
      client: null,
      selectedTicketId: null,
      detail: null,
      view: { kind: 'queue', queue: 'all' },
    })
  })

  it('renders a hostile snippet as text, with <mark> on the matched term only', async () => {
    const fake = fakeClient(() => ({
      ok: true,
      data: [hit({ snippet: '<img src=x onerror=alert(1)> Rechnung', highlights: [[29, 37]] })],
    }))
    useKontor.setState({ client: fake.client })
    render(<SearchBox />)
    await typeAndWait('Rechnung')
    const results = screen.getByTestId('search-results')
    expect(results.querySelector('img')).toBeNull()
    const marks = results.querySelectorAll('mark')
    expect([...marks].map((m) => m.textContent)).toEqual(['Rechnung'])
    const snippet = results.querySelector('.search-snippet')
    expect(snippet?.textContent).toBe('<img src=x onerror=alert(1)> Rechnung')
    expect(within(results).getByText('buchhaltung@kunde.example')).toBeTruthy()
    expect(within(results).getAllByText('Rechnung 4711').length).toBeGreaterThan(0)
  })

  it('asks again when new mail or bodies arrive, once per burst, and keeps the field’s query', async () => {
    let found = [hit({})]
    const fake = fakeClient(() => ({ ok: true, data: found }))
    useKontor.setState({ client: fake.client })
    render(<SearchBox />)
    await typeAndWait('Rechnung')
    expect(screen.getByTestId('search-count').textContent).toBe('1 message in 1 ticket')
    // A sync stores the bodies of new mail in three batches; an outbox change is not mail.
    found = [hit({}), hit({ ticketId: 't-9', messageRowId: 9, subject: 'Rechnung 4712' })]
    await act(async () => {
      fake.emit('db:changed', { tables: ['mail_outbox'] })
      await vi.advanceTimersByTimeAsync(SEARCH_REFRESH_MS + 50)
    })
    expect(fake.searches()).toHaveLength(1)
    await act(async () => {
      for (let i = 0; i < 3; i++) {
        fake.emit('db:changed', { tables: ['mail_bodies'] })
        await vi.advanceTimersByTimeAsync(100)
      }
      await vi.advanceTimersByTimeAsync(SEARCH_REFRESH_MS)
    })
    expect(fake.searches()).toHaveLength(2)
    expect(fake.searches()[1]?.input).toEqual({ query: 'Rechnung', limit: 50 })
    expect(screen.getByTestId('search-count').textContent).toBe('2 messages in 2 tickets')
    // Cleared: nothing to keep live.
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: '' } })
    await act(async () => {
      fake.emit('db:changed', { tables: ['mail_messages', 'mail_tickets'] })
      await vi.advanceTimersByTimeAsync(SEARCH_REFRESH_MS + 50)
    })
    expect(fake.searches()).toHaveLength(2)
  })

  it('debounces: one search once typing pauses, for the last text', async () => {
    const fake = fakeClient(() => ({ ok: true, data: [hit({})] }))
    useKontor.setState({ client: fake.client })
    render(<SearchBox />)
    const input = screen.getByTestId('search-input')
    for (const text of ['R', 'Re', 'Rec', 'Rech']) {
      fireEvent.change(input, { target: { value: text } })
      await act(async () => {
        await vi.advanceTimersByTimeAsync(100)
      })
    }
    expect(fake.searches()).toEqual([])
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60)
    })
    expect(fake.searches()).toEqual([{ name: 'mail:search', input: { query: 'Rech', limit: 50 } }])
  })

  it('groups by ticket; a click opens that ticket and returns to the console', async () => {
    const fake = fakeClient(() => ({
      ok: true,
      data: [
        hit({ ticketId: 't-1', messageRowId: 1 }),
        hit({ ticketId: 't-2', messageRowId: 2, subject: 'Lieferung' }),
        hit({ ticketId: 't-1', messageRowId: 3, subject: 'Re: Rechnung 4711' }),
        hit({ ticketId: null, messageRowId: 4, subject: 'Unthreaded' }),
      ],
    }))
    useKontor.setState({ client: fake.client, view: { kind: 'system' } })
    render(<SearchBox />)
    await typeAndWait('Rechnung')
    const groups = document.querySelectorAll('.search-group')
    expect(groups.length).toBe(3)
    expect(groups[0]?.querySelectorAll('.search-hit').length).toBe(2)
    expect(screen.getByTestId('search-count').textContent).toBe('4 messages in 3 tickets')
    // Mail not (yet) in a ticket is shown but cannot be opened.
    const loose = within(groups[2] as HTMLElement).getByRole('button')
    expect((loose as HTMLButtonElement).disabled).toBe(true)

    fireEvent.click(within(groups[1] as HTMLElement).getByRole('button'))
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0)
    })
    expect(useKontor.getState().selectedTicketId).toBe('t-2')
    expect(useKontor.getState().detail?.ticket.id).toBe('t-2')
    expect(useKontor.getState().view).toEqual({ kind: 'queue', queue: 'all' })
    expect(fake.calls.some((c) => c.name === 'tickets:get')).toBe(true)
    // The results close; the query stays for another look.
    expect(screen.queryByTestId('search-results')).toBeNull()
    expect((screen.getByTestId('search-input') as HTMLInputElement).value).toBe('Rechnung')
  })

  it('says when nothing matches, and shows a failed search as an error', async () => {
    const fake = fakeClient((q) =>
      q === 'boom'
        ? { ok: false, error: { code: 'E_INTERNAL', message: 'database is locked' } }
        : { ok: true, data: [] },
    )
    useKontor.setState({ client: fake.client })
    render(<SearchBox />)
    fireEvent.focus(screen.getByTestId('search-input'))
    expect(screen.getByTestId('search-empty').textContent).toContain('Works offline')
    await typeAndWait('zzzz')
    expect(screen.getByTestId('search-none').textContent).toBe('No mail matches “zzzz”.')
    await typeAndWait('boom')
    expect(screen.getByRole('alert').textContent).toBe('Search failed: database is locked')
  })

  it('/ and Ctrl+K focus the field; Esc clears it, a second Esc leaves it', async () => {
    const fake = fakeClient(() => ({ ok: true, data: [hit({})] }))
    useKontor.setState({ client: fake.client })
    render(<SearchBox />)
    const input = screen.getByTestId('search-input') as HTMLInputElement
    fireEvent.keyDown(window, { key: '/' })
    expect(document.activeElement).toBe(input)
    input.blur()
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
    expect(document.activeElement).toBe(input)
    await typeAndWait('Rechnung')
    expect(document.querySelectorAll('.search-hit').length).toBe(1)
    // Arrow keys walk from the field into the hits and back.
    fireEvent.keyDown(input, { key: 'ArrowDown' })
    const first = document.querySelector('.search-hit')
    expect(document.activeElement).toBe(first)
    fireEvent.keyDown(first as Element, { key: 'ArrowUp' })
    expect(document.activeElement).toBe(input)
    fireEvent.keyDown(input, { key: 'Escape' })
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0)
    })
    expect(input.value).toBe('')
    expect(useKontor.getState().searchHits).toEqual([])
    expect(document.querySelectorAll('.search-hit').length).toBe(0)
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(document.activeElement).not.toBe(input)
    // `/` typed inside another text field stays a character.
    const other = document.createElement('textarea')
    document.body.append(other)
    other.focus()
    fireEvent.keyDown(other, { key: '/' })
    expect(document.activeElement).toBe(other)
    other.remove()
  })
})
