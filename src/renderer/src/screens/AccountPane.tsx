import { useEffect, useState } from 'react'
import type { ReplicaEntityInfo } from '../../../shared/contract'
import { useKontor } from '../store'

type Tab = 'orders' | 'quotes' | 'invoices' | 'contacts'
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
          lines: { qty: number; unitPrice: number }[]
        }[]
        const current = revisions[revisions.length - 1]
        const total = current?.lines.reduce((sum, l) => sum + l.qty * l.unitPrice, 0)
        return (
          <li key={q.id}>
            <div className="entity-head">
              <strong>{str(q.data.number)}</strong>{' '}
              <span className={`status status-${str(q.data.status)}`}>{str(q.data.status)}</span>
              <span className="muted">
                rev. {current?.revision ?? '—'} of {revisions.length} · valid until{' '}
                {current?.validUntil ?? '—'} · {money(total, q.data.currency)}
              </span>
            </div>
          </li>
        )
      })}
    </ul>
  )
}

function Invoices({ rows, today }: { rows: ReplicaEntityInfo[]; today: string }) {
  if (rows.length === 0) return <p className="muted">No invoices.</p>
  return (
    <ul className="entity-list">
      {rows.slice(0, 30).map((inv) => {
        const overdue = inv.data.status === 'open' && str(inv.data.dueOn) < today
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
 * tier, rep, credit and terms, then orders, quotes, invoices and contacts.
 */
export function AccountPane({ accountId }: { accountId: string }) {
  const client = useKontor((s) => s.client)
  const [tab, setTab] = useState<Tab>('orders')
  const [data, setData] = useState<Record<string, ReplicaEntityInfo[]>>({})

  useEffect(() => {
    if (!client) return
    let live = true
    const load = async () => {
      const kinds = ['account', 'order', 'quote', 'invoice', 'contact'] as const
      const results = await Promise.all(
        kinds.map((entity) => client.call('replica:list', { entity, accountId, limit: 500 })),
      )
      if (!live) return
      const next: Record<string, ReplicaEntityInfo[]> = {}
      kinds.forEach((k, i) => {
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

  const account = data.account?.[0]
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
  return (
    <aside className="account-pane" aria-label="Account">
      <h3>{str(a.name)}</h3>
      <dl className="facts small">
        <dt>Tier</dt>
        <dd>{TIER_NAME[str(a.tier)] ?? str(a.tier)}</dd>
        <dt>Region</dt>
        <dd>
          {str(a.region)} · {str(a.timeZone)}
        </dd>
        <dt>Credit</dt>
        <dd data-testid="credit">
          {money(used, a.currency)} used of {money(limit, a.currency)} ·{' '}
          {money(limit - used, a.currency)} free
        </dd>
        <dt>Terms</dt>
        <dd>{str(a.paymentTermsDays)} days net</dd>
        {a.parentId ? (
          <>
            <dt>Parent</dt>
            <dd>{str(a.parentId)}</dd>
          </>
        ) : null}
      </dl>
      <div className="tabs" role="tablist">
        {(['orders', 'quotes', 'invoices', 'contacts'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={`tab${tab === t ? ' active' : ''}`}
            onClick={() => setTab(t)}
          >
            {t[0]?.toUpperCase() + t.slice(1)} ({(data[t.slice(0, -1)] ?? []).length})
          </button>
        ))}
      </div>
      {tab === 'orders' && <Orders rows={data.order ?? []} />}
      {tab === 'quotes' && <Quotes rows={data.quote ?? []} />}
      {tab === 'invoices' && <Invoices rows={data.invoice ?? []} today={today} />}
      {tab === 'contacts' && <Contacts rows={data.contact ?? []} />}
    </aside>
  )
}
