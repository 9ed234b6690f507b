import { useEffect, useMemo, useState } from 'react'
import type { ReplicaEntityInfo, TicketDetail } from '../../../shared/contract'
import { DEFAULT_TIER_TARGETS } from '../../../shared/sla/policy'
import { tierOfAccount } from '../../../shared/sla/server-mapping'
import { useKontor } from '../store'

type Tab = 'orders' | 'quotes' | 'invoices' | 'stock' | 'contacts'
const TABS: { id: Tab; label: string }[] = [
  { id: 'orders', label: 'Orders' },
  { id: 'quotes', label: 'Quotes' },
  { id: 'invoices', label: 'Invoices' },
  { id: 'stock', label: 'Stock' },
  { id: 'contacts', label: 'Contacts' },
]

/** Business minutes as the contract reads: "2 h", "1 d" (8 business hours), "30 min". */
function businessTime(minutes: number): string {
  if (minutes % 480 === 0 && minutes >= 960) return `${minutes / 480} business days`
  if (minutes % 60 === 0) return `${minutes / 60} h`
  return `${minutes} min`
}
const TIER_NAME: Record<string, string> = {
  strategic: 'Tier 1 · strategic',
  key: 'Tier 2 · key',
  standard: 'Tier 3 · standard',
}

function money(cents: unknown, currency: unknown): string {
  if (typeof cents !== 'number') return '—'
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: typeof currency === 'string' ? currency : 'EUR',
    }).format(cents / 100)
  } catch {
    return (cents / 100).toFixed(2)
  }
}

const str = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : ''

interface Line {
  lineId?: string
  sku?: string
  description?: string
  qty?: number
  shippedQty?: number
  status?: string
  shipDate?: string | null
}

/** Orders with their lines: partial shipments and backorders stand out. */
function Orders({ rows }: { rows: ReplicaEntityInfo[] }) {
  const sorted = [...rows]
    .sort((a, b) => str(b.data.orderedAt).localeCompare(str(a.data.orderedAt)))
    .slice(0, 20)
  if (sorted.length === 0) return <p className="muted">No orders.</p>
  return (
    <ul className="entity-list">
      {sorted.map((o) => {
        const lines = (Array.isArray(o.data.lines) ? o.data.lines : []) as Line[]
        return (
          <li key={o.id}>
            <div className="entity-head">
              <strong>{str(o.data.number)}</strong>{' '}
              <span className={`status status-${str(o.data.status)}`}>
                {str(o.data.status).replace('_', ' ')}
              </span>
              <span className="muted">{str(o.data.orderedAt).slice(0, 10)}</span>
            </div>
            <ul className="lines">
              {lines.map((l, i) => (
                <li
                  key={l.lineId ?? i}
                  className={l.status === 'backordered' ? 'line-backordered' : ''}
                >
                  {l.sku} · {l.qty ?? 0} ordered{l.shippedQty ? `, ${l.shippedQty} shipped` : ''}
                  {l.status === 'backordered'
                    ? ` · backordered${l.shipDate ? ` until ${l.shipDate}` : ''}`
                    : ''}
                </li>
              ))}
            </ul>
          </li>
        )
      })}
    </ul>
  )
}

function Quotes({ rows }: { rows: ReplicaEntityInfo[] }) {
  if (rows.length === 0) return <p className="muted">No quotes.</p>
  return (
    <ul className="entity-list">
      {rows.slice(0, 20).map((q) => {
        const revisions = (Array.isArray(q.data.revisions) ? q.data.revisions : []) as {
          revision: number
          validUntil: string
          createdAt?: string
          lines: { qty: number; unitPrice: number }[]
        }[]
        const current = revisions[revisions.length - 1]
        const total = (r: (typeof revisions)[number] | undefined) =>
          r?.lines.reduce((sum, l) => sum + l.qty * l.unitPrice, 0)
        return (
          <li key={q.id}>
            <div className="entity-head">
              <strong>{str(q.data.number)}</strong>{' '}
              <span className={`status status-${str(q.data.status)}`}>{str(q.data.status)}</span>
              <span className="muted">
                rev. {current?.revision ?? '—'} of {revisions.length} · valid until{' '}
                {current?.validUntil ?? '—'} · {money(total(current), q.data.currency)}
              </span>
            </div>
            {revisions.length > 1 && (
              <ol className="lines revisions" aria-label={`Revisions of ${str(q.data.number)}`}>
                {[...revisions].reverse().map((r) => (
                  <li key={r.revision}>
                    rev. {r.revision}
                    {r.createdAt ? ` · ${r.createdAt.slice(0, 10)}` : ''} · {r.lines.length} lines ·{' '}
                    {money(total(r), q.data.currency)} · valid until {r.validUntil}
                  </li>
                ))}
              </ol>
            )}
          </li>
        )
      })}
    </ul>
  )
}

/** The ERP may already say `overdue`; an `open` invoice past its due date is overdue too. */
function isOverdue(inv: ReplicaEntityInfo, today: string): boolean {
  return (
    inv.data.status === 'overdue' || (inv.data.status === 'open' && str(inv.data.dueOn) < today)
  )
}

function Invoices({ rows, today }: { rows: ReplicaEntityInfo[]; today: string }) {
  if (rows.length === 0) return <p className="muted">No invoices.</p>
  const open = rows.filter((i) => i.data.status === 'open' || i.data.status === 'overdue')
  const overdue = open.filter((i) => isOverdue(i, today))
  const sum = (list: ReplicaEntityInfo[]) =>
    list.reduce((n, i) => n + (typeof i.data.amount === 'number' ? i.data.amount : 0), 0)
  const currency = rows[0]?.data.currency
  return (
    <>
      <p className="small" data-testid="invoice-summary">
        {open.length} open ({money(sum(open), currency)}) ·{' '}
        <span className={overdue.length ? 'status status-overdue' : ''}>
          {overdue.length} overdue ({money(sum(overdue), currency)})
        </span>
      </p>
      <InvoiceList rows={rows} today={today} />
    </>
  )
}

function InvoiceList({ rows, today }: { rows: ReplicaEntityInfo[]; today: string }) {
  return (
    <ul className="entity-list">
      {rows.slice(0, 30).map((inv) => {
        const overdue = isOverdue(inv, today)
        return (
          <li key={inv.id}>
            <div className="entity-head">
              <strong>{str(inv.data.number)}</strong>{' '}
              <span className={`status status-${overdue ? 'overdue' : str(inv.data.status)}`}>
                {overdue ? 'overdue' : str(inv.data.status)}
              </span>
              <span className="muted">
                {money(inv.data.amount, inv.data.currency)} · due {str(inv.data.dueOn)}
              </span>
            </div>
          </li>
        )
      })}
    </ul>
  )
}

/** Stock of the SKUs the ticket's mail mentions, per warehouse (the server's inventory). */
function Stock({ rows, skus }: { rows: ReplicaEntityInfo[]; skus: string[] }) {
  if (skus.length === 0) return <p className="muted">No known SKU in this ticket's mail.</p>
  return (
    <ul className="entity-list">
      {skus.map((sku) => {
        const here = rows.filter((r) => r.data.sku === sku)
        const total = here.reduce(
          (n, r) => n + (typeof r.data.onHand === 'number' ? r.data.onHand : 0),
          0,
        )
        return (
          <li key={sku}>
            <div className="entity-head">
              <strong>{sku}</strong> <span className="muted">{str(here[0]?.data.description)}</span>
              <span className={`status ${total === 0 ? 'status-overdue' : ''}`}>
                {total === 0 ? 'out of stock' : `${total} on hand`}
              </span>
            </div>
            <ul className="lines">
              {here.map((r) => (
                <li key={r.id} className={r.data.onHand === 0 ? 'line-backordered' : ''}>
                  {str(r.data.warehouse)}: {str(r.data.onHand)} on hand
                  {r.data.expectedQty
                    ? ` · ${str(r.data.expectedQty)} expected ${str(r.data.expectedDate)}`
                    : ''}
                </li>
              ))}
            </ul>
          </li>
        )
      })}
    </ul>
  )
}

/** SKUs of the inventory that occur in the ticket's subjects and texts, in order of mention. */
export function skusInMail(detail: TicketDetail | null, known: Iterable<string>): string[] {
  if (!detail) return []
  const text = detail.messages.map((m) => `${m.subject}\n${m.text ?? ''}`).join('\n')
  const upper = text.toUpperCase()
  return [...new Set(known)]
    .map((sku) => ({ sku, at: upper.indexOf(sku.toUpperCase()) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.sku)
    .slice(0, 30)
}

function Contacts({ rows }: { rows: ReplicaEntityInfo[] }) {
  if (rows.length === 0) return <p className="muted">No contacts.</p>
  return (
    <ul className="entity-list">
      {rows.map((c) => (
        <li key={c.id}>
          <strong>{str(c.data.name)}</strong> <span className="status">{str(c.data.role)}</span>
          <div className="muted">
            {str(c.data.email)}
            {c.data.department ? ` · ${str(c.data.department)}` : ''}
          </div>
        </li>
      ))}
    </ul>
  )
}

/**
 * The account beside the mail, from the local replica of the server's data (works offline):
 * tier and SLA policy, rep, credit and terms, parent and child accounts, then orders, quotes
 * with their revisions, invoices, stock for the SKUs the mail mentions, and contacts.
 */
export function AccountPane({ accountId }: { accountId: string }) {
  const client = useKontor((s) => s.client)
  const detail = useKontor((s) => s.detail)
  const [tab, setTab] = useState<Tab>('orders')
  const [data, setData] = useState<Record<string, ReplicaEntityInfo[]>>({})

  useEffect(() => {
    if (!client) return
    let live = true
    const load = async () => {
      const own = ['order', 'quote', 'invoice', 'contact'] as const
      const shared = ['account', 'inventory', 'agent'] as const
      const results = await Promise.all([
        ...own.map((entity) => client.call('replica:list', { entity, accountId, limit: 500 })),
        ...shared.map((entity) => client.call('replica:list', { entity, limit: 5000 })),
      ])
      if (!live) return
      const next: Record<string, ReplicaEntityInfo[]> = {}
      ;[...own, ...shared].forEach((k, i) => {
        const r = results[i]
        next[k] = r?.ok ? r.data : []
      })
      setData(next)
    }
    void load()
    const off = client.on('db:changed', (e) => {
      if (e.tables.some((t) => t.startsWith('replica'))) void load()
    })
    return () => {
      live = false
      off()
    }
  }, [client, accountId])

  const inventory = data.inventory
  const skus = useMemo(
    () =>
      detail?.ticket.accountId === accountId
        ? skusInMail(detail, (inventory ?? []).map((r) => str(r.data.sku)).filter(Boolean))
        : [],
    [detail, inventory, accountId],
  )
  const accounts = data.account ?? []
  const account = accounts.find((a) => a.id === accountId)
  if (!account)
    return (
      <aside className="account-pane muted">
        Account {accountId}: no server data in your scope.
      </aside>
    )
  const a = account.data
  const limit = typeof a.creditLimit === 'number' ? a.creditLimit : 0
  const used = typeof a.creditUsed === 'number' ? a.creditUsed : 0
  const today = new Date().toISOString().slice(0, 10)
  const tier = tierOfAccount(a.tier)
  const targets = tier ? DEFAULT_TIER_TARGETS[tier] : null
  const nameOf = (list: ReplicaEntityInfo[] | undefined, id: unknown) => {
    const hit = list?.find((x) => x.id === id)
    return hit ? str(hit.data.name) || str(id) : str(id)
  }
  const children = accounts.filter((x) => x.data.parentId === accountId)
  const counts: Record<Tab, number> = {
    orders: data.order?.length ?? 0,
    quotes: data.quote?.length ?? 0,
    invoices: data.invoice?.length ?? 0,
    stock: skus.length,
    contacts: data.contact?.length ?? 0,
  }
  return (
    <aside className="account-pane" aria-label="Account">
      <h3>{str(a.name)}</h3>
      <dl className="facts small">
        <dt>Tier</dt>
        <dd>{TIER_NAME[str(a.tier)] ?? str(a.tier)}</dd>
        {targets && (
          <>
            <dt>SLA</dt>
            <dd data-testid="sla-policy">
              first response {businessTime(targets.firstResponse)} · next{' '}
              {businessTime(targets.nextResponse)} · resolution {businessTime(targets.resolution)}{' '}
              (business time, {str(a.calendar) || 'account calendar'})
            </dd>
          </>
        )}
        <dt>Rep</dt>
        <dd data-testid="rep">
          {a.repAgentId ? nameOf(data.agent, a.repAgentId) : 'regional queue'}
        </dd>
        <dt>Region</dt>
        <dd>
          {str(a.region)} · {str(a.timeZone)}
        </dd>
        <dt>Credit</dt>
        <dd data-testid="credit">
          {money(used, a.currency)} used of {money(limit, a.currency)} ·{' '}
          {money(limit - used, a.currency)} free
          {limit > 0 && (
            <meter
              className="credit-meter"
              min={0}
              max={limit}
              low={limit * 0.7}
              high={limit * 0.9}
              optimum={0}
              value={Math.min(used, limit)}
              aria-label="Credit used"
            />
          )}
        </dd>
        <dt>Terms</dt>
        <dd>{str(a.paymentTermsDays)} days net</dd>
        {a.parentId ? (
          <>
            <dt>Parent</dt>
            <dd data-testid="parent">{nameOf(accounts, a.parentId)}</dd>
          </>
        ) : null}
        {children.length > 0 && (
          <>
            <dt>Children</dt>
            <dd data-testid="children">{children.map((c) => str(c.data.name)).join(', ')}</dd>
          </>
        )}
      </dl>
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className={`tab${tab === t.id ? ' active' : ''}`}
            onClick={() => setTab(t.id)}
          >
            {t.label} ({counts[t.id]})
          </button>
        ))}
      </div>
      {tab === 'orders' && <Orders rows={data.order ?? []} />}
      {tab === 'quotes' && <Quotes rows={data.quote ?? []} />}
      {tab === 'invoices' && <Invoices rows={data.invoice ?? []} today={today} />}
      {tab === 'stock' && <Stock rows={inventory ?? []} skus={skus} />}
      {tab === 'contacts' && <Contacts rows={data.contact ?? []} />}
    </aside>
  )
}
