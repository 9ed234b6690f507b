/**
 * "Test" in Settings: log in to a mailbox's IMAP and SMTP servers with the settings as typed,
 * without saving anything, and say in one sentence what happened. Every attempt has a
 * deadline (a firewall that drops packets would otherwise hang the button for minutes) and
 * always closes its connection. Error texts name the host and port, never the password.
 */
import { ImapFlow } from 'imapflow'
import nodemailer from 'nodemailer'
import type { EndpointTestResult, MailEndpoint } from '../../shared/contract/workspace'

export interface EndpointCredentials extends MailEndpoint {
  password: string
}

const DEFAULT_TIMEOUT_MS = 15_000

type Failure = Omit<EndpointTestResult, 'ok' | 'ms'>

/**
 * The most specific code on an error: nodemailer wraps socket errors as ESOCKET/ECONNECTION
 * and keeps Node's own code only in the message ("connect ECONNREFUSED 127.0.0.1:25").
 */
function errorCode(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown } | null
  const code = String(e?.code ?? e?.cause?.code ?? '')
  if (code && !['ESOCKET', 'ECONNECTION'].includes(code)) return code
  const inMessage = /\b(E[A-Z]{3,}|ERR_[A-Z_]+)\b/.exec(String(e?.message ?? ''))?.[1]
  return inMessage ?? code
}

const TLS_CODES =
  /^(ERR_SSL|ERR_TLS|EPROTO$|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_OSSL)/

/** The kind of failure, from what Node, imapflow and nodemailer put on their errors. */
export function classify(error: unknown, where: string, protocol: 'IMAP' | 'SMTP'): Failure {
  const code = errorCode(error)
  const message = error instanceof Error ? error.message : String(error)
  const response = String((error as { responseCode?: unknown })?.responseCode ?? '')
  if (
    (error as { authenticationFailed?: boolean })?.authenticationFailed ||
    code === 'EAUTH' ||
    response === '535'
  )
    return {
      code: 'auth_failed',
      message: `${protocol} login refused by ${where}: check the user name and password.`,
    }
  if (TLS_CODES.test(code) || /certificate|ssl|tls|wrong version number/i.test(message))
    return {
      code: 'tls',
      message: `TLS failed with ${where} (${code || message.slice(0, 120)}): check the security setting (TLS, STARTTLS or none) and the port, or the server's certificate.`,
    }
  if (code === 'ECONNREFUSED')
    return { code: 'unreachable', message: `Nothing answers on ${where} (connection refused).` }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { code: 'unreachable', message: `The host of ${where} is not known (DNS).` }
  if (['EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE'].includes(code))
    return { code: 'unreachable', message: `${where} cannot be reached (${code}).` }
  if (/TIMEOUT|ETIMEDOUT/.test(code))
    return { code: 'timeout', message: `${where} did not answer in time (${code}).` }
  return {
    code: 'protocol',
    message: `${protocol} on ${where} failed: ${message.slice(0, 200)}${code ? ` (${code})` : ''}`,
  }
}

async function timed(
  work: (signal: { expired: boolean }) => Promise<Failure | null>,
  timeoutMs: number,
  where: string,
  cancel: () => void,
): Promise<EndpointTestResult> {
  const t0 = Date.now()
  const signal = { expired: false }
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<Failure>((resolve) => {
    timer = setTimeout(() => {
      signal.expired = true
      cancel()
      resolve({
        code: 'timeout',
        message: `${where} did not answer within ${Math.round(timeoutMs / 1000)} s.`,
      })
    }, timeoutMs)
  })
  try {
    const failure = await Promise.race([work(signal), deadline])
    const ms = Date.now() - t0
    return failure
      ? { ok: false, ...failure, ms }
      : { ok: true, code: 'ok', message: `Signed in to ${where}.`, ms }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * IMAP: connect with the chosen security, log in, and check that the configured folders
 * exist (a typo in "Sent" would otherwise only show as replies missing from Sent).
 */
export async function testImap(
  endpoint: EndpointCredentials,
  folders: readonly string[],
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<EndpointTestResult> {
  const where = `${endpoint.host}:${endpoint.port}`
  const client = new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    // 'plain' must not upgrade on its own (imapflow would, then reject a self-signed cert);
    // 'starttls' requires the upgrade.
    doSTARTTLS: endpoint.security === 'starttls',
    auth: { user: endpoint.user, pass: endpoint.password },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  })
  // imapflow also emits socket errors as events; the awaited call carries the same error.
  client.on('error', () => undefined)
  return timed(
    async (signal) => {
      try {
        await client.connect()
        const listed = await client.list()
        const have = new Set(listed.map((f) => f.path.toUpperCase()))
        const missing = folders.filter((f) => !have.has(f.toUpperCase()))
        if (missing.length)
          return {
            code: 'folder_missing',
            message: `Signed in to ${where}, but these folders do not exist: ${missing.join(', ')} (the server has ${listed
              .map((f) => f.path)
              .slice(0, 12)
              .join(', ')}).`,
          }
        return null
      } catch (error) {
        return signal.expired ? null : classify(error, where, 'IMAP')
      } finally {
        await client.logout().catch(() => client.close())
      }
    },
    timeoutMs,
    where,
    () => client.close(),
  )
}

/** SMTP: connect, negotiate the chosen security, and authenticate (nodemailer's verify). */
export async function testSmtp(
  endpoint: EndpointCredentials,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<EndpointTestResult> {
  const where = `${endpoint.host}:${endpoint.port}`
  const transport = nodemailer.createTransport({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    requireTLS: endpoint.security === 'starttls',
    ignoreTLS: endpoint.security === 'plain',
    auth: { user: endpoint.user, pass: endpoint.password },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  })
  return timed(
    async (signal) => {
      try {
        await transport.verify()
        return null
      } catch (error) {
        return signal.expired ? null : classify(error, where, 'SMTP')
      } finally {
        transport.close()
      }
    },
    timeoutMs,
    where,
    () => transport.close(),
  )
}
