import { SMTPServer, type SMTPServerAddress } from 'smtp-server'
import { freePort } from './ports'

/**
 * A loopback SMTP sink built on the real `smtp-server` package: AUTH PLAIN/LOGIN without
 * TLS (loopback only), every accepted message recorded with its envelope and raw source.
 * Knobs make it answer DATA with a 4xx/5xx or drop the connection after DATA without a
 * reply (the "did it go out?" case of RFC 5321 §4.1.1.4: the client cannot know).
 */
export interface SinkMessage {
  from: string
  to: string[]
  raw: string
  user: string | undefined
  /** Whether the sink answered 250 (false when the connection was dropped after DATA). */
  accepted: boolean
}

export type SinkBehaviour =
  | { kind: 'accept' }
  | { kind: 'reject'; code: number; message: string }
  /** Read the whole message, record it, then close the socket without a reply. */
  | { kind: 'drop-after-data' }

export interface SmtpSink {
  host: '127.0.0.1'
  port: number
  user: string
  password: string
  messages: SinkMessage[]
  /** Behaviour for the next DATA commands (a queue; the last entry sticks). */
  behave(...behaviours: SinkBehaviour[]): void
  /** Number of DATA commands seen (accepted, rejected or dropped). */
  dataCount(): number
  stop(): Promise<void>
}

function addr(a: SMTPServerAddress | false): string {
  return a ? a.address : ''
}

export async function startSmtpSink(
  options: { user?: string; password?: string } = {},
): Promise<SmtpSink> {
  const user = options.user ?? 'support@example.com'
  const password = options.password ?? 'smtp-secret'
  const port = await freePort()
  const messages: SinkMessage[] = []
  let queue: SinkBehaviour[] = [{ kind: 'accept' }]
  let dataSeen = 0
  const next = (): SinkBehaviour =>
    (queue.length > 1 ? queue.shift() : queue[0]) ?? { kind: 'accept' }

  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user })
      else callback(new Error('Invalid username or password'))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        dataSeen += 1
        const behaviour = next()
        const record = (accepted: boolean) =>
          messages.push({
            from: addr(session.envelope.mailFrom),
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            user: typeof session.user === 'string' ? session.user : undefined,
            accepted,
          })
        if (behaviour.kind === 'accept') {
          record(true)
          callback(null, 'Queued')
        } else if (behaviour.kind === 'reject') {
          const err = new Error(behaviour.message) as Error & { responseCode: number }
          err.responseCode = behaviour.code
          callback(err)
        } else {
          // The message arrived whole, but the client never hears 250: it cannot tell
          // whether it was delivered.
          record(false)
          for (const conn of server.connections) {
            // smtp-server exposes no public "drop" call: destroy this session's socket.
            const c = conn as unknown as { id: string; _socket: { destroy(): void } }
            if (c.id === session.id) c._socket.destroy()
          }
        }
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  server.on('error', () => {
    // Dropped connections surface as socket errors; the sink keeps serving.
  })
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    messages,
    behave: (...b) => {
      queue = b.length ? b : [{ kind: 'accept' }]
    },
    dataCount: () => dataSeen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
      }),
  }
}
