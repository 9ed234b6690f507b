import { createWriteStream, existsSync, mkdirSync } from 'node:fs'
import { basename, extname, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { ImapFlow, MessageStructureObject } from 'imapflow'
import sanitize from 'sanitize-filename'
import { KontorError } from '../../shared/errors'
import type { DbHandle } from '../db/open'

export interface AttachmentPart {
  part: string
  filename: string | null
  mimeType: string
  size: number
}

/** Attachment nodes of a BODYSTRUCTURE (RFC 3501 §7.4.2), in document order. */
export function attachmentParts(
  node: MessageStructureObject | undefined,
  depth = 0,
): AttachmentPart[] {
  if (!node || depth > 32) return []
  const filename = node.dispositionParameters?.filename ?? node.parameters?.name ?? null
  const isAttachment =
    node.disposition?.toLowerCase() === 'attachment' ||
    (filename !== null && !node.type.startsWith('multipart/'))
  const own =
    isAttachment && node.part
      ? [{ part: node.part, filename, mimeType: node.type, size: node.size ?? 0 }]
      : []
  return own.concat(...(node.childNodes ?? []).map((c) => attachmentParts(c, depth + 1)))
}

/**
 * A name that is safe to create in `dir`: sanitised (no separators, reserved names or control
 * characters), never empty, never outside `dir`, never overwriting an existing file.
 */
export function safeTarget(dir: string, name: string | null): string {
  const root = resolve(dir)
  const clean =
    sanitize(basename(name ?? ''), { replacement: '_' }).replace(/^\.+/, '_') || 'attachment'
  const ext = extname(clean)
  const stem = clean.slice(0, clean.length - ext.length).slice(0, 150)
  for (let i = 0; i < 1000; i++) {
    const candidate = resolve(root, i === 0 ? `${stem}${ext}` : `${stem} (${i})${ext}`)
    if (!candidate.startsWith(root + sep))
      throw new KontorError('E_INVALID_INPUT', 'Attachment name escapes the folder.')
    if (!existsSync(candidate)) return candidate
  }
  throw new KontorError('E_CONFLICT', 'Too many files with this name.')
}

/**
 * Attachments are not part of the sync (issue 3: "attachments only on demand"): fetch one part
 * of one message and stream it to disk, decoded, without holding it in memory.
 */
export async function downloadAttachment(
  db: DbHandle,
  client: ImapFlow,
  messageRowId: number,
  index: number,
  dir: string,
): Promise<{ path: string; bytes: number; mimeType: string }> {
  const placements = db.sqlite
    .prepare(
      `SELECT f.path AS path, p.uid AS uid FROM mail_placements p JOIN mail_folders f ON f.id = p.folder_id
        JOIN mail_mailboxes mb ON mb.id = f.mailbox_id WHERE p.message_row_id = ? ORDER BY f.id`,
    )
    .all(messageRowId) as { path: string; uid: number }[]
  const at = placements[0]
  if (!at) throw new KontorError('E_NOT_FOUND', 'The message is no longer on the server.')
  const lock = await client.getMailboxLock(at.path)
  try {
    const msg = await client.fetchOne(
      String(at.uid),
      { uid: true, bodyStructure: true },
      { uid: true },
    )
    if (!msg) throw new KontorError('E_NOT_FOUND', 'The message is no longer on the server.')
    const part = attachmentParts(msg.bodyStructure)[index]
    if (!part) throw new KontorError('E_NOT_FOUND', `The message has no attachment ${index + 1}.`)
    const download = await client.download(String(at.uid), part.part, { uid: true })
    if (!download.content)
      throw new KontorError('E_NOT_FOUND', 'The attachment could not be fetched.')
    mkdirSync(dir, { recursive: true })
    const target = safeTarget(dir, part.filename)
    let bytes = 0
    download.content.on('data', (chunk: Buffer) => (bytes += chunk.length))
    await pipeline(download.content, createWriteStream(target, { flags: 'wx' }))
    return { path: target, bytes, mimeType: part.mimeType }
  } finally {
    lock.release()
  }
}
