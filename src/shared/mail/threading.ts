import { isGenericSubject } from './subject'
import { syntheticRootId } from './ticket-id'

/**
 * Threading after Jamie Zawinski's algorithm (https://www.jwz.org/doc/threading.html, the
 * basis of RFC 5256 THREAD=REFERENCES), adapted for tickets:
 *
 * 1. Every Message-ID seen (a message's own, or one it references) gets a container. The
 *    References chain links containers parent→child (JWZ step 1.A); a link is skipped when
 *    it would create a cycle (1.A "do not add a link if adding that link would introduce a
 *    loop"). A message's own parent is the last id of References, else In-Reply-To (1.B).
 * 2. A thread's root is the topmost container, even an empty one (a parent we have not got).
 *    Deliberately not JWZ's pruning: a reply that arrives before its parent already names
 *    the parent's id as root, so the ticket id does not change when the parent arrives.
 * 3. Guarded fallbacks join a thread whose first message carries no References/In-Reply-To
 *    into an earlier one: a shared business reference (PO/order/quote/invoice number) within
 *    30 days, or the same non-generic subject with a reply prefix, a shared participant,
 *    within 14 days. Each join records its reason so the agent can see (and undo) it.
 *
 * The result depends only on the set of messages (inputs are sorted first), so two clients
 * holding the same mail compute the same threads.
 */
export interface ThreadInput {
  /** The stored message's identity key (stable across clients, not a row id). */
  key: string
  messageId: string | null
  inReplyTo: string[]
  references: string[]
  subjectKey: string
  subjectIsReply: boolean
  /** INTERNALDATE in ms since epoch. */
  date: number
  /** Lower-cased addresses of sender and recipients. */
  participants: string[]
  /** `kind:NUMBER` keys from business-refs. */
  businessRefs: string[]
}

export type JoinReason = 'root' | 'references' | 'in-reply-to' | 'subject' | 'business-ref'

export interface ThreadAssignment {
  /** The thread root's Message-ID (or a synthetic id for a root without one). */
  rootId: string
  reason: JoinReason
  /** For `business-ref`, the shared reference; for `subject`, the subject key; else the parent id. */
  detail: string | null
}

const DAY = 86_400_000
export const BUSINESS_REF_WINDOW_MS = 30 * DAY
export const SUBJECT_WINDOW_MS = 14 * DAY

interface Container {
  id: string
  parent: string | null
}

export function buildThreads(messages: ThreadInput[]): Map<string, ThreadAssignment> {
  const sorted = [...messages].sort(
    (a, b) => a.date - b.date || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  )
  const containers = new Map<string, Container>()
  const get = (id: string): Container => {
    let c = containers.get(id)
    if (!c) {
      c = { id, parent: null }
      containers.set(id, c)
    }
    return c
  }
  /** Whether `ancestor` is `id` or above it (cycle check, bounded by the container count). */
  const reaches = (from: string, target: string): boolean => {
    let cur: string | null = from
    let steps = 0
    while (cur !== null && steps++ <= containers.size) {
      if (cur === target) return true
      cur = containers.get(cur)?.parent ?? null
    }
    return false
  }
  const ownId = (m: ThreadInput) => m.messageId ?? syntheticRootId(m.key)
  const ownLink = new Map<string, { parent: string; reason: JoinReason } | null>()

  for (const m of sorted) {
    const self = get(ownId(m))
    const chain = m.references.filter((id) => id !== self.id)
    // 1.A: link the References chain, each id to the next, unless already parented or looping.
    for (let i = 0; i + 1 < chain.length; i++) {
      const parent = get(chain[i] as string)
      const child = get(chain[i + 1] as string)
      if (child.parent === null && !reaches(parent.id, child.id)) child.parent = parent.id
    }
    // 1.B: the message's own parent: last of References, else first In-Reply-To.
    let link: { parent: string; reason: JoinReason } | null = null
    const last = chain.at(-1)
    if (last) link = { parent: last, reason: 'references' }
    else {
      const irt = m.inReplyTo.find((id) => id !== self.id)
      if (irt) link = { parent: irt, reason: 'in-reply-to' }
    }
    if (link) {
      get(link.parent)
      if (!reaches(link.parent, self.id)) self.parent = link.parent
      else link = null
    }
    ownLink.set(m.key, link)
  }

  // Parent links never form a loop (every link above was checked with `reaches`), so a walk
  // up ends; the bound only guards that invariant. Roots are memoised per container.
  const roots = new Map<string, string>()
  const rootOf = (id: string): string => {
    const known = roots.get(id)
    if (known !== undefined) return known
    let cur = id
    for (let steps = 0; steps <= containers.size; steps++) {
      const p = containers.get(cur)?.parent ?? null
      if (p === null) break
      const above = roots.get(p)
      if (above !== undefined) {
        cur = above
        break
      }
      cur = p
    }
    roots.set(id, cur)
    return cur
  }

  // Thread summaries for the guarded fallbacks.
  interface Thread {
    root: string
    first: ThreadInput
    last: number
    participants: Set<string>
    refs: Set<string>
    orphan: boolean
  }
  const threads = new Map<string, Thread>()
  for (const m of sorted) {
    const root = rootOf(ownId(m))
    let t = threads.get(root)
    if (!t) {
      t = {
        root,
        first: m,
        last: m.date,
        participants: new Set(),
        refs: new Set(),
        orphan: ownLink.get(m.key) === null,
      }
      threads.set(root, t)
    }
    t.last = Math.max(t.last, m.date)
    m.participants.forEach((p) => t.participants.add(p))
    m.businessRefs.forEach((r) => t.refs.add(r))
  }

  // Union-find over thread roots; a thread is only ever merged into an earlier one.
  const mergedInto = new Map<string, { into: string; reason: JoinReason; detail: string }>()
  const find = (root: string): string => {
    let cur = root
    for (let i = 0; i <= threads.size; i++) {
      const next = mergedInto.get(cur)
      if (!next) return cur
      cur = next.into
    }
    return cur
  }
  // Candidate indexes (threads are in order of their first message): by every business
  // reference a thread carries, and by its first message's subject key. Only earlier threads
  // are in the indexes when a thread is considered, so this stays O(threads · candidates).
  const ordered = [...threads.values()]
  const byRef = new Map<string, number[]>()
  const bySubject = new Map<string, number[]>()
  const push = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key)
    if (list) list.push(i)
    else map.set(key, [i])
  }
  for (let i = 0; i < ordered.length; i++) {
    const t = ordered[i] as Thread
    if (t.orphan) {
      const refs = [...t.first.businessRefs].sort()
      // Preferred: a shared business reference within its window; the most recently active
      // thread wins, ties to the later one.
      let best: { index: number; reason: JoinReason; detail: string } | null = null
      const seen = new Set<number>()
      for (const ref of refs) {
        for (const j of byRef.get(ref) ?? []) {
          if (seen.has(j)) continue
          seen.add(j)
          const s = ordered[j] as Thread
          const sharedRef = refs.find((r) => s.refs.has(r)) as string
          if (t.first.date - s.last > BUSINESS_REF_WINDOW_MS) continue
          const b = best ? (ordered[best.index] as Thread) : null
          if (!b || s.last > b.last || (s.last === b.last && j > (best?.index ?? -1))) {
            best = { index: j, reason: 'business-ref', detail: sharedRef }
          }
        }
      }
      // Else the guarded subject fallback.
      if (!best && t.first.subjectIsReply && !isGenericSubject(t.first.subjectKey)) {
        for (const j of bySubject.get(t.first.subjectKey) ?? []) {
          const s = ordered[j] as Thread
          if (t.first.date - s.last > SUBJECT_WINDOW_MS) continue
          if (!t.first.participants.some((p) => s.participants.has(p))) continue
          const b = best ? (ordered[best.index] as Thread) : null
          if (!b || s.last > b.last || (s.last === b.last && j > (best?.index ?? -1))) {
            best = { index: j, reason: 'subject', detail: t.first.subjectKey }
          }
        }
      }
      if (best) {
        const into = find((ordered[best.index] as Thread).root)
        if (into !== t.root)
          mergedInto.set(t.root, { into, reason: best.reason, detail: best.detail })
      }
    }
    for (const ref of t.refs) push(byRef, ref, i)
    push(bySubject, t.first.subjectKey, i)
  }

  const out = new Map<string, ThreadAssignment>()
  for (const m of sorted) {
    const ownRoot = rootOf(ownId(m))
    const finalRoot = find(ownRoot)
    const link = ownLink.get(m.key) ?? null
    const merge = mergedInto.get(ownRoot)
    if (link) out.set(m.key, { rootId: finalRoot, reason: link.reason, detail: link.parent })
    else if (merge && ownRoot === ownId(m))
      out.set(m.key, { rootId: finalRoot, reason: merge.reason, detail: merge.detail })
    else out.set(m.key, { rootId: finalRoot, reason: 'root', detail: null })
  }
  return out
}

/**
 * What buildThreads gives a message judged by its own headers alone: the top of its References
 * chain as root (else its In-Reply-To parent, else itself), joined by its last reference (else
 * In-Reply-To). It equals buildThreads([m]) for every message, and the full result unless
 * another message links that top further up or a fallback joins the thread to another. The
 * store writes it when it inserts a message, so that the re-thread after a large sync rewrites
 * only the few messages whose thread is not what their own headers say.
 */
export function provisionalThread(
  m: Pick<ThreadInput, 'key' | 'messageId' | 'inReplyTo' | 'references'>,
): ThreadAssignment {
  const self = m.messageId ?? syntheticRootId(m.key)
  const chain = m.references.filter((id) => id !== self)
  const last = chain.at(-1)
  if (last !== undefined) return { rootId: chain[0] as string, reason: 'references', detail: last }
  const irt = m.inReplyTo.find((id) => id !== self)
  if (irt !== undefined) return { rootId: irt, reason: 'in-reply-to', detail: irt }
  return { rootId: self, reason: 'root', detail: null }
}

/**
 * The link keys of a message: `m:` every Message-ID it has or points to (own, References,
 * In-Reply-To), `b:` each business reference, `c:` its subject key unless generic (it may be a
 * subject-fallback candidate) and, for a reply without parent links, also `s:` (it may be a
 * subject-fallback source: JWZ step 5 applies to a thread whose first message is an orphan
 * with a reply prefix).
 *
 * buildThreads only ever relates two messages through one of these: a container shared via
 * References/In-Reply-To (JWZ step 1), a business reference (fallback index `byRef`), or an
 * orphan reply's subject key against a thread's first subject key (index `bySubject`, never
 * for generic keys). `linkedKeys` says which keys meet: `s:K` meets `s:K` and `c:K`, `c:K`
 * meets only `s:K` (two candidates never join each other), others meet themselves. So the
 * threads of a set of messages closed under meeting keys (a connected component) are the
 * same whether buildThreads sees that component alone or all messages: the basis of
 * incremental re-threading. A reply whose parent link is dropped as a cycle (JWZ 1.B) is an
 * orphan too; the caller adds its `s:` key once threading shows it (`subjectSourceKey`).
 */
export function threadKeys(
  m: Pick<
    ThreadInput,
    | 'key'
    | 'messageId'
    | 'inReplyTo'
    | 'references'
    | 'subjectKey'
    | 'subjectIsReply'
    | 'businessRefs'
  >,
): string[] {
  const keys = new Set<string>()
  const own = m.messageId ?? syntheticRootId(m.key)
  keys.add('m:' + own)
  for (const id of m.references) keys.add('m:' + id)
  for (const id of m.inReplyTo) keys.add('m:' + id)
  if (!isGenericSubject(m.subjectKey)) {
    keys.add('c:' + m.subjectKey)
    const parentless = [...m.references, ...m.inReplyTo].every((id) => id === own)
    if (m.subjectIsReply && parentless) keys.add('s:' + m.subjectKey)
  }
  for (const r of m.businessRefs) keys.add('b:' + r)
  return [...keys].sort()
}

/**
 * The `s:` key a message needs when threading made it an orphan (no References/In-Reply-To
 * link kept) while `threadKeys` could not tell, i.e. its parent link was dropped as a cycle;
 * null when it needs none beyond what threadKeys gives.
 */
export function subjectSourceKey(
  m: Pick<ThreadInput, 'subjectKey' | 'subjectIsReply'>,
  assignment: ThreadAssignment,
): string | null {
  if (!m.subjectIsReply || isGenericSubject(m.subjectKey)) return null
  if (assignment.reason === 'references' || assignment.reason === 'in-reply-to') return null
  return 's:' + m.subjectKey
}

/** The keys whose holders a key connects to (see threadKeys). */
export function linkedKeys(key: string): string[] {
  if (key.startsWith('s:')) return [key, 'c:' + key.slice(2)]
  if (key.startsWith('c:')) return ['s:' + key.slice(2)]
  return [key]
}
