import { useEffect, useMemo, useRef, useState } from 'react'
import type { SearchHit } from '../../../shared/contract'
import { useKontor } from '../store'
import { SEARCH_LIMIT } from '../store/search'
import { formatDateTime } from '../format'

/** Typing pauses this long before the search runs (each key does not cost a query). */
export const SEARCH_DEBOUNCE_MS = 150
/** After new mail or bodies, an answered search asks again once things settle for this long. */
export const SEARCH_REFRESH_MS = 1000

export interface SnippetPart {
  text: string
  match: boolean
}

/**
 * The snippet split at the core's highlight ranges, so the matches can be wrapped in <mark>:
 * every part stays text (the snippet is untrusted mail). Ranges out of order or out of bounds
 * are ignored.
 */
export function snippetParts(
  snippet: string,
  highlights: readonly (readonly [number, number])[],
): SnippetPart[] {
  const parts: SnippetPart[] = []
  let at = 0
  for (const [start, end] of highlights) {
    if (start < at || end <= start || end > snippet.length) continue
    if (start > at) parts.push({ text: snippet.slice(at, start), match: false })
    parts.push({ text: snippet.slice(start, end), match: true })
    at = end
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), match: false })
  return parts
}

function Snippet({
  snippet,
  highlights,
}: {
  snippet: string
  highlights: readonly (readonly [number, number])[]
}) {
  return (
    <span className="search-snippet">
      {snippetParts(snippet, highlights).map((p, i) =>
        p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
      )}
    </span>
  )
}

interface HitGroup {
  ticketId: string | null
  hits: SearchHit[]
}

/** Hits grouped by ticket, groups in the order of their best hit (the core ranks hits). */
function groupByTicket(hits: SearchHit[]): HitGroup[] {
  const groups = new Map<string, HitGroup>()
  for (const hit of hits) {
    const key = hit.ticketId ?? ''
    let group = groups.get(key)
    if (!group) {
      group = { ticketId: hit.ticketId, hits: [] }
      groups.set(key, group)
    }
    group.hits.push(hit)
  }
  return [...groups.values()]
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
}

/**
 * The top bar's search over all local mail (works offline). `/` or Ctrl+K focuses it, Esc
 * clears it; results drop down grouped by ticket, and a click opens the ticket in the console.
 */
export function SearchBox({ debounceMs = SEARCH_DEBOUNCE_MS }: { debounceMs?: number }) {
  const search = useKontor((s) => s.search)
  const clearSearch = useKontor((s) => s.clearSearch)
  const hits = useKontor((s) => s.searchHits)
  const searchedQuery = useKontor((s) => s.searchedQuery)
  const error = useKontor((s) => s.searchError)
  const openTicket = useKontor((s) => s.openTicket)
  const setView = useKontor((s) => s.setView)
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)
  const boxRef = useRef<HTMLDivElement>(null)

  // Debounce: the search runs once typing pauses; clearing the field clears at once.
  useEffect(() => {
    if (!text.trim()) {
      clearSearch()
      return
    }
    const timer = setTimeout(() => void search(text), debounceMs)
    return () => clearTimeout(timer)
  }, [text, debounceMs, search, clearSearch])

  // Results stay live: new mail or bodies stored while a search is answered ask again,
  // coalesced to at most one search a second while a sync stores batch after batch.
  const client = useKontor((s) => s.client)
  const refreshSearch = useKontor((s) => s.refreshSearch)
  const answeredQuery = searchedQuery !== null
  useEffect(() => {
    if (!client || !answeredQuery) return
    let timer: ReturnType<typeof setTimeout> | null = null
    const off = client.on('db:changed', (e) => {
      if (!e.tables.some((t) => t === 'mail_messages' || t === 'mail_bodies')) return
      timer ??= setTimeout(() => {
        timer = null
        void refreshSearch()
      }, SEARCH_REFRESH_MS)
    })
    return () => {
      off()
      if (timer) clearTimeout(timer)
    }
  }, [client, answeredQuery, refreshSearch])

  // `/` (outside a text field) or Ctrl+K / Cmd+K focuses the field from anywhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ctrlK = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k'
      const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditable(e.target)
      if (!ctrlK && !slash) return
      e.preventDefault()
      inputRef.current?.focus()
      inputRef.current?.select()
      setOpen(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  // A click outside the field and its results closes the results (the query stays).
  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent) => {
      if (e.target instanceof Node && boxRef.current?.contains(e.target)) return
      setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])

  const groups = useMemo(() => groupByTicket(hits), [hits])
  const query = text.trim()
  const answered = searchedQuery === text
  const pick = (ticketId: string) => {
    if (useKontor.getState().view.kind !== 'queue') setView({ kind: 'queue', queue: 'all' })
    void openTicket(ticketId)
    setOpen(false)
  }

  /** Arrow keys walk the hits that can be opened; above the first hit is the field. */
  const moveFocus = (step: 1 | -1) => {
    const buttons = [
      ...(boxRef.current?.querySelectorAll<HTMLButtonElement>('.search-hit:enabled') ?? []),
    ]
    const at = buttons.findIndex((b) => b === document.activeElement)
    const next = at + step
    if (next < 0) inputRef.current?.focus()
    else buttons[Math.min(next, buttons.length - 1)]?.focus()
  }

  return (
    <div className="search" ref={boxRef}>
      <input
        ref={inputRef}
        type="search"
        className="search-input"
        placeholder="Search all mail  ( / or Ctrl+K )"
        aria-label="Search all mail"
        aria-controls="search-results"
        aria-expanded={open}
        maxLength={1000}
        value={text}
        data-testid="search-input"
        onChange={(e) => {
          setText(e.target.value)
          setOpen(true)
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            moveFocus(1)
            return
          }
          if (e.key !== 'Escape') return
          e.preventDefault()
          if (text) {
            setText('')
          } else {
            setOpen(false)
            inputRef.current?.blur()
          }
        }}
      />
      {open && (
        <div
          id="search-results"
          className="search-panel"
          role="region"
          aria-label="Search results"
          data-testid="search-results"
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault()
              moveFocus(e.key === 'ArrowDown' ? 1 : -1)
            } else if (e.key === 'Escape') {
              e.preventDefault()
              inputRef.current?.focus()
            }
          }}
        >
          {!query ? (
            <p className="muted search-note" data-testid="search-empty">
              Search subjects, senders and mail text of every ticket. Works offline: the search runs
              on this machine&apos;s copy of the mail.
            </p>
          ) : error && answered ? (
            <p role="alert" className="error search-note">
              Search failed: {error.message}
            </p>
          ) : answered && hits.length === 0 ? (
            <p className="muted search-note" data-testid="search-none">
              No mail matches “{query}”.
            </p>
          ) : (
            <>
              <p className="muted search-note" data-testid="search-count">
                {answered
                  ? `${hits.length === SEARCH_LIMIT ? `Best ${SEARCH_LIMIT}` : hits.length} ${
                      hits.length === 1 ? 'message' : 'messages'
                    } in ${groups.length} ${groups.length === 1 ? 'ticket' : 'tickets'}`
                  : 'Searching…'}
              </p>
              <ul className="search-groups">
                {groups.map((group) => (
                  <li key={group.ticketId ?? ''} className="search-group">
                    <div className="search-group-head">
                      {group.ticketId ? 'Ticket' : 'Not in a ticket yet'}
                      {group.ticketId && (
                        <span className="search-group-subject">
                          {group.hits[0]?.subject || '(no subject)'}
                        </span>
                      )}
                    </div>
                    <ul>
                      {group.hits.map((hit) => (
                        <li key={hit.messageRowId}>
                          <button
                            type="button"
                            className="search-hit"
                            disabled={!group.ticketId}
                            data-ticket-id={group.ticketId ?? undefined}
                            onClick={() => group.ticketId && pick(group.ticketId)}
                          >
                            <span className="search-hit-line">
                              <span className="search-hit-subject">
                                {hit.subject || '(no subject)'}
                              </span>
                              <span className="search-hit-date">
                                {formatDateTime(hit.internalDate)}
                              </span>
                            </span>
                            <span className="search-hit-from">
                              {hit.fromAddress ?? 'unknown sender'}
                            </span>
                            <Snippet snippet={hit.snippet} highlights={hit.highlights} />
                          </button>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  )
}
