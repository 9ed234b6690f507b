import type { ErrorInfo } from '../../../shared/errors'

/**
 * One change waiting in the outbox, in the agent's words (`label`): while the sync server has
 * not answered, a status line; once it refused, an alert with its reason and Dismiss.
 */
export function QueuedChange({
  id,
  label,
  rejected,
  error,
  onDismiss,
}: {
  id: number
  label: string
  rejected: boolean
  error: ErrorInfo | null
  onDismiss: (id: number) => void
}) {
  if (!rejected)
    return (
      <li className="ticket-change-pending" role="status">
        {label}: waiting for the sync server
      </li>
    )
  return (
    <li role="alert" className="error">
      {label} was rejected: {error?.message ?? 'rejected'}{' '}
      <button type="button" className="link" onClick={() => onDismiss(id)}>
        Dismiss
      </button>
    </li>
  )
}
