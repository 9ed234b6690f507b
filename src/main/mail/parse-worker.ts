/**
 * Worker-thread entry for MIME parsing (postal-mime). Parsing untrusted mail is CPU work with
 * adversarial inputs (deep nesting, huge headers, broken boundaries): it runs here, off the
 * main thread, and the pool kills this worker when a parse exceeds its time limit.
 */
import { parentPort } from 'node:worker_threads'
import PostalMime from 'postal-mime'
import { repairC1 } from '../../shared/mail/c1'
import { PARSE_LIMITS, type ParseRequest, type ParseResponse } from './parse-limits'

function clip(value: string | undefined, max: number): string | null {
  if (value === undefined) return null
  const fixed = repairC1(value)
  return fixed.length > max ? fixed.slice(0, max) : fixed
}

async function handle(req: ParseRequest): Promise<ParseResponse> {
  try {
    const email = await PostalMime.parse(req.raw, {
      maxNestingDepth: PARSE_LIMITS.maxNestingDepth,
      maxHeadersSize: PARSE_LIMITS.maxHeadersSize,
      attachmentEncoding: 'arraybuffer',
      maxRfc822NestingDepth: 3,
    })
    if (email.attachments.length > PARSE_LIMITS.maxParts) {
      return { id: req.id, ok: false, error: `more than ${PARSE_LIMITS.maxParts} parts` }
    }
    return {
      id: req.id,
      ok: true,
      text: clip(email.text, PARSE_LIMITS.maxTextChars),
      html: clip(email.html, PARSE_LIMITS.maxTextChars),
      attachments: email.attachments.map((a) => ({
        filename: a.filename ?? null,
        mimeType: a.mimeType,
        size: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
      })),
    }
  } catch (error) {
    return {
      id: req.id,
      ok: false,
      error: error instanceof Error ? error.message.slice(0, 300) : 'parse failed',
    }
  }
}

parentPort?.on('message', (req: ParseRequest) => {
  void handle(req).then((res) => parentPort?.postMessage(res))
})
