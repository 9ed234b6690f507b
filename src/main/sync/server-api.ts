import { KontorError, isErrorCode, type ErrorInfo } from '../../shared/errors'
import type { PullBody, PullResponse, PushBody, PushResponse } from '../../shared/sync/protocol'

export interface ServerConnection {
  /** Base URL of the sync server, e.g. https://kontor.example.com or http://127.0.0.1:8080. */
  url: string
  /** The agent's bearer token (a secret: never logged). */
  token: string
}

export type FetchLike = typeof fetch

/**
 * The sync server's push/pull endpoints over HTTP. Network failures and 5xx become
 * E_OFFLINE (retryable); the server's own error codes pass through unchanged.
 */
export class ServerApi {
  constructor(
    private readonly connection: ServerConnection,
    private readonly fetchImpl: FetchLike = fetch,
    private readonly timeoutMs = 30_000,
  ) {}

  push(body: PushBody): Promise<PushResponse> {
    return this.post<PushResponse>('/v1/push', body)
  }

  pull(body: PullBody): Promise<PullResponse> {
    return this.post<PullResponse>('/v1/pull', body)
  }

  /** The signed-in agent (id, role, team): who "my tickets" are for. */
  me(): Promise<{ id: string; name: string; role: string; teamId: string | null }> {
    return this.request('GET', '/v1/me')
  }

  private url(path: string): string {
    return new URL(path, this.connection.url).toString()
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.request('POST', path, body)
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response
    try {
      response = await this.fetchImpl(this.url(path), {
        method,
        headers: {
          authorization: `Bearer ${this.connection.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (error) {
      throw new KontorError(
        'E_OFFLINE',
        `Sync server unreachable: ${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message}`,
      )
    }
    const text = await response.text().catch(() => '')
    let json: unknown
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    if (response.ok) {
      const envelope = json as { ok?: boolean; data?: T } | undefined
      return (envelope && 'data' in envelope ? envelope.data : json) as T
    }
    const error = (json as { error?: ErrorInfo } | undefined)?.error
    if (response.status >= 500 || response.status === 429 || !error || !isErrorCode(error.code)) {
      throw new KontorError(
        'E_OFFLINE',
        `Sync server answered ${response.status}${error?.message ? `: ${error.message}` : ''}`,
      )
    }
    throw new KontorError(error.code, error.message, error.fields)
  }

  /**
   * Server-sent events (`poke`: data in scope changed). Resolves when the stream ends or
   * the signal aborts; the caller reconnects.
   */
  async listen(onPoke: () => void, signal: AbortSignal): Promise<void> {
    const response = await this.fetchImpl(this.url('/v1/events'), {
      headers: { authorization: `Bearer ${this.connection.token}`, accept: 'text/event-stream' },
      signal,
    })
    if (!response.ok || !response.body)
      throw new KontorError('E_OFFLINE', `event stream refused (${response.status})`)
    const decoder = new TextDecoder()
    let buffer = ''
    let event = 'message'
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true })
      let newline: number
      // SSE (HTML Living Standard §9.2): fields per line, a blank line dispatches the event.
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline).replace(/\r$/, '')
        buffer = buffer.slice(newline + 1)
        if (line === '') {
          if (event === 'poke') onPoke()
          event = 'message'
        } else if (line.startsWith('event:')) {
          event = line.slice(6).trim()
        }
      }
    }
  }
}
