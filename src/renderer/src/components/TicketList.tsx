import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useRef } from 'react'
import { CountdownChip, type ChipState } from './CountdownChip'

/** One row of a queue, as the core computes it (subject and names are shown as text only). */
export interface TicketRow {
  id: string
  subject: string
  accountName: string | null
  tier: 1 | 2 | 3 | null
  assigneeName: string | null
  orderType: string | null
  customer: string | null
  lastMessageAt: string
  /** The metric that is due next (first response, next response or resolution). */
  sla: {
    metric: string
    state: ChipState
    dueAt: number | null
    atRiskAt: number | null
    remainingMinutes: number
  } | null
}

export interface TicketListProps {
  rows: TicketRow[]
  selectedId: string | null
  onSelect: (id: string) => void
}

const ROW_HEIGHT = 56
const METRIC_LABEL: Record<string, string> = {
  firstResponse: 'First response',
  nextResponse: 'Next response',
  resolution: 'Resolution',
}

const Row = memo(function Row({
  row,
  selected,
  onSelect,
}: {
  row: TicketRow
  selected: boolean
  onSelect: (id: string) => void
}) {
  return (
    <div
      role="option"
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      className={`ticket-row${selected ? ' selected' : ''}`}
      onClick={() => onSelect(row.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onSelect(row.id)
      }}
      data-ticket-id={row.id}
    >
      <div className="ticket-row-main">
        <span className="ticket-subject">{row.subject || '(no subject)'}</span>
        <span className="ticket-meta">
          {row.tier !== null && <span className={`tier tier-${row.tier}`}>T{row.tier}</span>}
          <span className="ticket-account">{row.accountName ?? 'Triage'}</span>
          {row.customer && <span className="ticket-customer">{row.customer}</span>}
          {row.orderType && <span className="ticket-order-type">{row.orderType}</span>}
          <span className="ticket-assignee">{row.assigneeName ?? 'Unassigned'}</span>
        </span>
      </div>
      <div className="ticket-row-sla">
        {row.sla ? (
          <CountdownChip
            state={row.sla.state}
            dueAt={row.sla.dueAt}
            atRiskAt={row.sla.atRiskAt}
            remainingMinutes={row.sla.remainingMinutes}
            label={METRIC_LABEL[row.sla.metric] ?? row.sla.metric}
          />
        ) : (
          <span className="chip chip-none">no SLA</span>
        )}
      </div>
    </div>
  )
})

/**
 * A queue's tickets, virtualized: only the rows in view (plus a few) are in the DOM, so a
 * list of 50,000 scrolls as smoothly as one of 50.
 */
export function TicketList({ rows, selectedId, onSelect }: TicketListProps) {
  const parentRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => rows[index]?.id ?? index,
  })
  return (
    <div
      ref={parentRef}
      className="ticket-list"
      role="listbox"
      aria-label="Tickets"
      data-count={rows.length}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]
          if (!row) return null
          return (
            <div
              key={item.key}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${item.start}px)`,
              }}
            >
              <Row row={row} selected={row.id === selectedId} onSelect={onSelect} />
            </div>
          )
        })}
      </div>
    </div>
  )
}
