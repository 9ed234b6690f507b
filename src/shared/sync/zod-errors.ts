import type { z } from 'zod'
import type { ErrorInfo } from '../errors'

/** Flatten a zod error into the `fields` of an E_INVALID_INPUT error (`lines.0.qty`). */
export function fieldErrors(error: z.ZodError): NonNullable<ErrorInfo['fields']> {
  return error.issues.slice(0, 50).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }))
}
