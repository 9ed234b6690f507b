import type { MessageStructureObject } from 'imapflow'
import { decode as decodeQuotedPrintable } from 'libqp'
import { repairC1 } from '../../shared/mail/c1'
import { PARSE_LIMITS } from './parse-limits'

/**
 * Phase 2 without a MIME parser for ordinary mail. Phase 1 already has the BODYSTRUCTURE
 * (RFC 3501 §7.4.2): it says which parts hold the text and the HTML, with their transfer
 * encoding and charset. Phase 2 then fetches just those parts (`BODY.PEEK[1.1]`, ...) and
 * decodes them; attachments are listed from the structure and fetched only on demand. Mail
 * whose structure is unusual (nested messages, unknown encodings or charsets, too deep, too
 * many parts, huge headers) gets no plan and goes the full way: whole source, parsed with
 * limits in a worker.
 */
export interface TextPartPlan {
  /** IMAP section number, e.g. `1` or `1.2`. */
  part: string
  kind: 'text' | 'html'
  encoding: '7bit' | '8bit' | 'binary' | 'quoted-printable' | 'base64'
  /** A label TextDecoder knows. */
  charset: string
  /** RFC 3676 format=flowed (and its DelSp). */
  flowed?: boolean
  delSp?: boolean
  size: number
}

export interface AttachmentPlan {
  part: string
  filename: string | null
  mimeType: string
  /** Decoded size in bytes, estimated from the encoded size. */
  size: number
}

export interface BodyPlan {
  v: 1
  text: TextPartPlan[]
  attachments: AttachmentPlan[]
}

const ENCODINGS = new Set(['7bit', '8bit', 'binary', 'quoted-printable', 'base64'])
const decoders = new Map<string, TextDecoder | null>()

/** A TextDecoder for a MIME charset label, or null when the label is unknown. */
function decoderFor(charset: string): TextDecoder | null {
  let d = decoders.get(charset)
  if (d === undefined) {
    try {
      d = new TextDecoder(charset, { fatal: false })
    } catch {
      d = null
    }
    if (decoders.size < 256) decoders.set(charset, d)
  }
  return d
}

class NoPlan extends Error {}

/**
 * The plan for a message's BODYSTRUCTURE, or null when it must be fetched whole and parsed.
 * `size` is RFC822.SIZE: what the leaves do not account for is header.
 */
export function planBody(
  structure: MessageStructureObject | undefined,
  size: number,
): BodyPlan | null {
  if (!structure) return null
  const plan: BodyPlan = { v: 1, text: [], attachments: [] }
  let leaves = 0
  let leafBytes = 0
  const walk = (node: MessageStructureObject, depth: number): void => {
    if (depth > PARSE_LIMITS.maxNestingDepth) throw new NoPlan()
    const type = (node.type || 'text/plain').toLowerCase()
    if (type.startsWith('multipart/')) {
      if (!node.childNodes?.length) throw new NoPlan()
      for (const child of node.childNodes) walk(child, depth + 1)
      return
    }
    // A forwarded message is rendered inline by the parser (headers and text): full path.
    if (type === 'message/rfc822' || type === 'message/global') throw new NoPlan()
    if (++leaves > PARSE_LIMITS.maxParts) throw new NoPlan()
    const part = node.part ?? '1'
    const bytes = node.size ?? 0
    leafBytes += bytes
    const disposition = node.disposition?.toLowerCase() ?? ''
    const filename = node.dispositionParameters?.filename ?? node.parameters?.name ?? null
    const isBody =
      (type === 'text/plain' || type === 'text/html') &&
      disposition !== 'attachment' &&
      !(filename && disposition !== 'inline')
    if (!isBody) {
      // BODYSTRUCTURE gives the encoded size; base64 in 76-character lines carries 57 bytes
      // per 78 (RFC 2045 §6.8). Shown as the file's approximate size until it is fetched.
      const decoded =
        node.encoding?.toLowerCase() === 'base64' ? Math.round(bytes * (57 / 78)) : bytes
      plan.attachments.push({ part, filename, mimeType: type, size: decoded })
      return
    }
    const encoding = (node.encoding || '7bit').toLowerCase()
    if (!ENCODINGS.has(encoding)) throw new NoPlan()
    const charset = (node.parameters?.charset || 'utf-8').toLowerCase().trim()
    if (!decoderFor(charset)) throw new NoPlan()
    const flowed = node.parameters?.format?.toLowerCase() === 'flowed'
    plan.text.push({
      part,
      kind: type === 'text/html' ? 'html' : 'text',
      encoding: encoding as TextPartPlan['encoding'],
      charset,
      ...(flowed ? { flowed, delSp: node.parameters?.delsp?.toLowerCase() === 'yes' } : {}),
      size: bytes,
    })
  }
  try {
    walk(structure, 0)
  } catch (error) {
    if (error instanceof NoPlan) return null
    throw error
  }
  const textBytes = plan.text.reduce((n, t) => n + t.size, 0)
  if (textBytes > PARSE_LIMITS.maxFetchBytes) return null
  if (size - leafBytes > PARSE_LIMITS.maxHeadersSize) return null
  return plan
}

/** A stored plan (JSON from phase 1), or null when it is missing or not one of ours. */
export function readBodyPlan(json: string | null): BodyPlan | null {
  if (!json) return null
  try {
    const plan = JSON.parse(json) as Partial<BodyPlan>
    return plan.v === 1 && Array.isArray(plan.text) && Array.isArray(plan.attachments)
      ? (plan as BodyPlan)
      : null
  } catch {
    return null
  }
}

/**
 * RFC 3676 §4.2: join soft line breaks (a line ending in a space), drop space-stuffing; a
 * change of quote depth ends a paragraph (§4.5). Quoted lines are shown as `> text`.
 */
export function unflow(text: string, delSp: boolean): string {
  const out: string[] = []
  let current: { quote: string; text: string } | null = null
  const flush = () => {
    if (current) out.push(current.quote ? `${current.quote} ${current.text}` : current.text)
    current = null
  }
  for (const raw of text.split(/\r?\n/)) {
    const quote = /^>+/.exec(raw)?.[0] ?? ''
    let line = raw.slice(quote.length)
    if (line.startsWith(' ')) line = line.slice(1)
    const soft = line.endsWith(' ') && line !== '-- '
    const piece = soft && delSp ? line.slice(0, -1) : line
    if (current && (current as { quote: string }).quote !== quote) flush()
    if (current) (current as { text: string }).text += piece
    else current = { quote, text: piece }
    if (!soft) flush()
  }
  flush()
  return out.join('\n')
}

/** Decode one fetched part: transfer encoding, then charset; never throws on bad bytes. */
export function decodeTextPart(raw: Buffer, plan: TextPartPlan): string {
  let bytes: Buffer = raw
  if (plan.encoding === 'base64') bytes = Buffer.from(raw.toString('latin1'), 'base64')
  else if (plan.encoding === 'quoted-printable') bytes = decodeQuotedPrintable(raw)
  const decoder = decoderFor(plan.charset) ?? (decoderFor('utf-8') as TextDecoder)
  let text = decoder.decode(bytes)
  if (decoder.encoding === 'windows-1252') text = repairC1(text)
  if (plan.kind === 'text') {
    text = text.replace(/\r\n?/g, '\n')
    if (plan.flowed) text = unflow(text, plan.delSp ?? false)
  }
  return text.length > PARSE_LIMITS.maxTextChars ? text.slice(0, PARSE_LIMITS.maxTextChars) : text
}
