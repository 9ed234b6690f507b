/**
 * One error vocabulary for every layer (core, transports, CLI, sync server).
 *
 * Errors cross process boundaries as plain `{ code, message }` objects because thrown
 * `Error`s lose their own fields over Electron's `ipcRenderer.invoke` and over JSON.
 * Each code says whether retrying the same call later can succeed (`retryable`).
 */
export const ERROR_CODES = {
  E_INVALID_INPUT: {
    description: 'The input does not match the contract schema; nothing was changed.',
    retryable: false,
  },
  E_UNKNOWN_CALL: { description: 'No such call in the contract.', retryable: false },
  E_FORBIDDEN: {
    description: 'The caller is not allowed to make this call (wrong frame, origin or token).',
    retryable: false,
  },
  E_NOT_FOUND: { description: 'The object does not exist or is out of scope.', retryable: false },
  E_CONFLICT: {
    description: 'The object changed since it was read; both versions are returned.',
    retryable: false,
  },
  E_RULE_VIOLATION: {
    description:
      'A business rule refused the change (credit limit, quote validity, shipped lines, quantities that do not add up).',
    retryable: false,
  },
  E_TOO_LARGE: {
    description: 'The request is above a size or count limit; split it.',
    retryable: false,
  },
  E_RATE_LIMITED: {
    description: 'Too many requests for this token; retry after a pause.',
    retryable: true,
  },
  E_UNAUTHORIZED: {
    description: 'No valid bearer token (missing, unknown or revoked).',
    retryable: false,
  },
  E_DB_MIGRATIONS: {
    description:
      'The local database was written by a different build of Kontor (its applied migrations are not a prefix of the shipped ones).',
    retryable: false,
  },
  E_DB_OPEN: { description: 'The local database could not be opened.', retryable: false },
  E_OFFLINE: { description: 'The server cannot be reached right now.', retryable: true },
  E_TIMEOUT: { description: 'The operation took too long.', retryable: true },
  E_INTERNAL: {
    description: 'An unexpected error; details are in the local log.',
    retryable: false,
  },
} as const satisfies Record<string, { description: string; retryable: boolean }>

export type ErrorCode = keyof typeof ERROR_CODES

/** The serialisable error shape carried in a failed Result. */
export interface ErrorInfo {
  code: ErrorCode
  message: string
  /** Field-level details for E_INVALID_INPUT: `path` is dotted, e.g. `lines.0.qty`. */
  fields?: { path: string; message: string }[]
}

/** Throw this from core code to return a specific code to the caller. */
export class KontorError extends Error {
  readonly code: ErrorCode
  readonly fields: ErrorInfo['fields']

  constructor(code: ErrorCode, message: string, fields?: ErrorInfo['fields']) {
    super(message)
    this.name = 'KontorError'
    this.code = code
    this.fields = fields
  }

  toInfo(): ErrorInfo {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message }
  }
}

export function isRetryable(code: ErrorCode): boolean {
  return ERROR_CODES[code].retryable
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value)
}
