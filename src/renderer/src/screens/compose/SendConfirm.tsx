import { useEffect, useRef } from 'react'
import type { CheckIssue } from '../../../../shared/compose/check'

const KIND_TITLE: Record<CheckIssue['kind'], string> = {
  replied: 'Someone else replied',
  'customer-wrote': 'New message from the customer',
  queued: 'Another reply is queued',
  note: 'New internal note',
  role: 'Recipient should not see this',
  placeholder: 'Template field not filled',
}

/** The send-time check's findings: send anyway (confirming exactly these) or go back and review. */
export function SendConfirm({
  issues,
  onSend,
  onReview,
}: {
  issues: CheckIssue[]
  onSend: () => void
  onReview: () => void
}) {
  const review = useRef<HTMLButtonElement>(null)
  useEffect(() => review.current?.focus(), [])
  return (
    <div
      className="send-confirm"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="send-confirm-title"
    >
      <h3 id="send-confirm-title">Check before sending</h3>
      <ul>
        {issues.map((i) => (
          <li key={i.key} className={`issue issue-${i.kind}`}>
            <strong>{KIND_TITLE[i.kind]}:</strong> {i.message}
          </li>
        ))}
      </ul>
      <div className="composer-actions">
        <button type="button" ref={review} onClick={onReview}>
          Review
        </button>
        <button type="button" className="danger" onClick={onSend}>
          Send anyway
        </button>
      </div>
    </div>
  )
}
