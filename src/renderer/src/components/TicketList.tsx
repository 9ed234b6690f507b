import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useRef } from 'react'
import type { QueueRow } from '../../../shared/contract'
import { CountdownChip } from './CountdownChip'

export interface TicketListProps {
  /** Rows in the queue (the list is sized for all of them). */
  total: number
  /** The row at an index, if its page is loaded. */
  rowAt: (index: number) => QueueRow | undefined
  /** Tells the owner which rows are on screen, to load their pages. */
  onVisibleRange?: (start: number, end: number) => void
  selectedId: string | null
  onSelect: (id: string) => void
  /** Order type key → label (`team:orderTypes`); a key without a label shows as is. */
  orderTypeLabels?: ReadonlyMap<string, string>
}

const ROW_HEIGHT = 56
const rowHeight = () => ROW_HEIGHT
const METRIC_LABEL: Record<string, string> = {
  firstResponse: 'First response',
  nextResponse: 'Next response',
  resolution: 'Resolution',
}
const REASON_LABEL: Record<string, string> = {
  waiting_on_customer: 'waiting on customer',
  waiting_on_po_approval: 'waiting on PO / approval',
  waiting_on_erp_backorder: 'waiting on ERP / backorder',
  waiting_on_supplier: 'waiting on supplier',
}

const Row = memo(function Row({
  row,
  selected,
  onSelect,
  orderTypeLabel,
}: {
  row: QueueRow
  selected: boolean
  onSelect: (id: string) => void
  orderTypeLabel: string | null
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
          <span className="ticket-account">{row.accountName ?? row.accountId ?? 'Triage'}</span>
          {row.customerAddress && <span className="ticket-customer">{row.customerAddress}</span>}
          {orderTypeLabel && <span className="ticket-order-type">{orderTypeLabel}</span>}
          {row.pauseReason && (
            <span className="ticket-paused">
              {REASON_LABEL[row.pauseReason] ?? row.pauseReason}
            </span>
          )}
          <span className="ticket-assignee">
            {row.assigneeName ?? row.assigneeId ?? 'Unassigned'}
          </span>
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
            final={row.status === 'resolved' || row.status === 'closed'}
          />
        ) : (
          <span className="chip chip-none">no SLA</span>
        )}
      </div>
    </div>
  )
})

/**
 * A queue's tickets, virtualized: only the rows in view (plus a few) are in the DOM, and
 * only their pages are fetched, so a queue of 50,000 scrolls like one of 50.
 */
export function TicketList({
  total,
  rowAt,
  onVisibleRange,
  selectedId,
  onSelect,
  orderTypeLabels,
}: TicketListProps) {
  const parentRef = useRef<HTMLDivElement>(null)
  // The virtualizer recomputes every item's measurement (O(total)) whenever getItemKey or the
  // size functions change identity: keep them stable, so a scroll frame costs O(rows in view)
  // and only new rows (a page loaded) recompute keys.
  const getItemKey = useCallback((index: number) => rowAt(index)?.id ?? `pending-${index}`, [rowAt])
  const getScrollElement = useCallback(() => parentRef.current, [])
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement,
    estimateSize: rowHeight,
    overscan: 8,
    getItemKey,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0
  useEffect(() => {
    if (total > 0) onVisibleRange?.(first, last + 1)
  }, [first, last, total, onVisibleRange])

  return (
    <div
      ref={parentRef}
      className="ticket-list"
      role="listbox"
      aria-label="Tickets"
      data-count={total}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rowAt(item.index)
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
              {row ? (
                <Row
                  row={row}
                  selected={row.id === selectedId}
                  onSelect={onSelect}
                  orderTypeLabel={
                    row.orderType ? (orderTypeLabels?.get(row.orderType) ?? row.orderType) : null
                  }
                />
              ) : (
                <div className="ticket-row ticket-row-pending" aria-hidden="true" />
              )}
            </div>
          )
        })}
      </div>
    </div>
  )
}
