/**
 * Attachments on demand (issue 3: "attachments only on demand, streamed to disk"; issue 6:
 * "saved with sanitized names inside the chosen folder, never auto-opened").
 *
 * Sync stores only the list of a message's attachments (name, type, size). Saving one fetches
 * that single part from the IMAP server by folder + UID, streams it (transfer encoding removed,
 * never held in memory) into a temp file inside the target folder, and then links it to a
 * sanitised, unused name: an existing file is never overwritten and nothing is written
 * outside the folder, whatever the sender put in the name.
 */
import { randomUUID } from 'node:crypto'
import {
  createWriteStream,
  existsSync,
  linkSync,
  mkdirSync,
  renameSync,
  rmSync,
  unlinkSync,
} from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ImapFlow, type MessageStructureObject } from 'imapflow'
import sanitize from 'sanitize-filename'
import { KontorError } from '../../shared/errors'
import type { DbHandle } from '../db/open'
import { isLocalMailbox } from './ingest'
import { loadMailbox, type MailboxConfig } from './mailboxes'
import type { SecretStore } from './secrets'

export const ATTACHMENT_LIMITS = {
  /** Largest attachment saved (decoded bytes). */
  maxBytes: 200 * 1024 * 1024,
  /** Characters kept of a name's stem (before the extension). */
  maxStemChars: 120,
  /** Longest extension kept as such (with its dot); a longer one is part of the stem. */
  maxExtChars: 16,
  /** UTF-8 bytes of a whole name (file systems allow 255; " (n)" may be added). */
  maxNameBytes: 200,
  /** Bytes asked per partial FETCH (imapflow's default is 64 KiB: many round trips for MBs). */
  chunkBytes: 1024 * 1024,
} as const

/** An attachment as listed in the local store (`mail_bodies.attachments`). */
export interface StoredAttachment {
  filename: string | null
  mimeType: string
  size: number
  /** IMAP section, when the body was planned from BODYSTRUCTURE. */
  part?: string
}

export interface AttachmentPart {
  part: string
  filename: string | null
  mimeType: string
  /** Encoded size from BODYSTRUCTURE (octets on the wire). */
  size: number
}

/**
 * Leaf parts of a BODYSTRUCTURE (RFC 3501 §7.4.2) that can be attachments, in document order:
 * any part with a name or an `attachment` disposition, and non-text inline parts (images
 * referenced by Content-ID). Plain text and HTML bodies without a name are not listed.
 */
export function attachmentParts(
  node: MessageStructureObject | undefined,
  depth = 0,
): AttachmentPart[] {
  if (!node || depth > 32) return []
  const children = node.childNodes ?? []
  if (node.type.startsWith('multipart/'))
    return children.flatMap((c) => attachmentParts(c, depth + 1))
  const filename = node.dispositionParameters?.filename ?? node.parameters?.name ?? null
  const isBodyText = node.type === 'text/plain' || node.type === 'text/html'
  const listed =
    node.disposition?.toLowerCase() === 'attachment' || filename !== null || !isBodyText
  const own =
    listed && node.part
      ? [{ part: node.part, filename, mimeType: node.type.toLowerCase(), size: node.size ?? 0 }]
      : []
  // A forwarded message (message/rfc822) is one attachment: its inner parts are not listed.
  return own
}

/**
 * The server part behind the `index`-th stored attachment. The stored list may come from a MIME
 * parser whose idea of "attachment" differs from BODYSTRUCTURE's, so parts are matched by
 * (name, type) and their rank among equals, never by position alone; an explicit stored
 * section is used when it names a part that still has that name and type.
 */
export function matchPart(
  parts: AttachmentPart[],
  stored: StoredAttachment[],
  index: number,
): AttachmentPart | null {
  const want = stored[index]
  if (!want) return null
  const same = (p: { filename: string | null; mimeType: string }) =>
    (p.filename ?? null) === (want.filename ?? null) &&
    p.mimeType.toLowerCase() === want.mimeType.toLowerCase()
  if (want.part) {
    const direct = parts.find((p) => p.part === want.part)
    if (direct && same(direct)) return direct
  }
  const rank = stored.slice(0, index).filter(same).length
  const byName = parts.filter(same)[rank]
  if (byName) return byName
  // Same name, type reported differently (e.g. application/octet-stream vs the real type).
  if (want.filename !== null) {
    const named = parts.filter((p) => p.filename === want.filename)
    const nameRank = stored.slice(0, index).filter((s) => s.filename === want.filename).length
    return named[nameRank] ?? null
  }
  return null
}

// Characters that change how a name looks without being visible: C0/C1 controls, soft hyphen,
// bidi marks and overrides ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf"), zero-width
// joiners, invisible fillers, variation selectors, the BOM and specials.
const INVISIBLE =
  // Matching these one by one is the point (a combining mark alone is removed, not a base letter).
  // eslint-disable-next-line no-control-regex, no-misleading-character-class
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]/gu
// Look-alikes of path separators: not separators to the file system, but they make a name read
// like a path (fraction slash, division slash, fullwidth solidus and reverse solidus ...).
const SLASH_LOOKALIKES = /[\u2044\u2215\u29f5\u29f8\u29f9\ufe68\uff0f\uff3c]/gu
// Windows device names are reserved with any extension and with trailing spaces (CON, COM¹ ...).
const WINDOWS_RESERVED =
  /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$)(\s*\..*)?\s*$/i

/** The longest prefix of `s`, by whole code points, that fits in `maxBytes` of UTF-8. */
function clipBytes(s: string, maxBytes: number): string {
  let out = ''
  let bytes = 0
  for (const c of s) {
    const n = Buffer.byteLength(c)
    if (bytes + n > maxBytes) break
    out += c
    bytes += n
  }
  return out
}

/**
 * A file name that is safe to create in a folder on every platform: the last path segment of
 * what the sender wrote, NFC-normalised, without invisible or control characters, path
 * separators (real or look-alike), characters Windows refuses, reserved device names, leading
 * dots (hidden files), trailing dots and spaces; at most 200 bytes of UTF-8 (file systems
 * allow 255, leaving room for " (n)"); never empty. Sanitising the result again changes nothing.
 */
export function safeFileName(name: string | null | undefined): string {
  let n = (name ?? '')
    .normalize('NFC')
    .replace(/[\t\n\v\f\r]+/g, ' ')
    .replace(INVISIBLE, '')
    .replace(SLASH_LOOKALIKES, '_')
  // The sender's path means nothing here: keep the last segment ("../../etc/passwd" -> "passwd").
  n =
    n
      .split(/[/\\]/)
      .filter((s) => s.trim() !== '')
      .at(-1) ?? ''
  n = n
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '')
    .replace(/^[.\s]+/, '_')
  if (WINDOWS_RESERVED.test(n)) n = `_${n}`
  // sanitize-filename cuts at 255 bytes, extension and all: shorten the stem first.
  if (Buffer.byteLength(n) > ATTACHMENT_LIMITS.maxNameBytes) {
    const tail = /\.[\p{L}\p{N}_-]{1,15}$/u.exec(n)?.[0] ?? ''
    n = clipBytes(n.slice(0, n.length - tail.length), ATTACHMENT_LIMITS.maxNameBytes) + tail
  }
  n = sanitize(n, { replacement: '_' })
  // Keep a short extension, bound the stem (by code points: no surrogate pair is split).
  const dot = n.lastIndexOf('.')
  const ext =
    dot > 0 &&
    n.length - dot <= ATTACHMENT_LIMITS.maxExtChars &&
    /^\.[\p{L}\p{N}_-]+$/u.test(n.slice(dot))
      ? n.slice(dot)
      : ''
  let stem = ext ? n.slice(0, dot) : n
  stem = clipBytes(
    Array.from(stem).slice(0, ATTACHMENT_LIMITS.maxStemChars).join(''),
    ATTACHMENT_LIMITS.maxNameBytes - Buffer.byteLength(ext),
  ).replace(/[.\s]+$/, '')
  if (stem === '') stem = 'attachment'
  const out = `${stem}${ext}`
  return WINDOWS_RESERVED.test(out) ? `_${out}` : out
}

/** `stem (n).ext` for the n-th alternative of a taken name. */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name
  const dot = name.lastIndexOf('.')
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`
}

/** `name` inside `root`, refusing anything that would resolve elsewhere (defence in depth). */
export function contained(root: string, name: string): string {
  const base = resolve(root)
  const target = resolve(base, name)
  if (dirname(target) !== base || !target.startsWith(base + sep))
    throw new KontorError('E_INVALID_INPUT', 'The attachment name would leave the folder.')
  return target
}

/** A free, sanitised path for `name` in `dir` (checked, not reserved: see `commitFile`). */
export function safeTarget(dir: string, name: string | null): string {
  const clean = safeFileName(name)
  for (let i = 0; i < 1000; i++) {
    const candidate = contained(dir, numberedName(clean, i))
    if (!existsSync(candidate)) return candidate
  }
  throw new KontorError('E_CONFLICT', 'Too many files with this name in the folder.')
}

/**
 * Gives the finished temp file its final name without ever replacing a file: a hard link fails
 * with EEXIST when the name is taken (a rename would silently overwrite), so a file created
 * meanwhile by someone else is kept and the next free number is used.
 */
export function commitFile(temp: string, dir: string, name: string | null): string {
  const clean = safeFileName(name)
  for (let i = 0; i < 1000; i++) {
    const candidate = contained(dir, numberedName(clean, i))
    try {
      linkSync(temp, candidate)
      unlinkSync(temp)
      return candidate
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') continue
      // File systems without hard links (FAT, some network shares): check, then rename.
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
        if (existsSync(candidate)) continue
        renameSync(temp, candidate)
        return candidate
      }
      throw error
    }
  }
  throw new KontorError('E_CONFLICT', 'Too many files with this name in the folder.')
}

/** Counts decoded bytes and fails the stream once it passes the limit. */
function byteLimit(maxBytes: number, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      counted.bytes += chunk.length
      if (counted.bytes > maxBytes)
        done(
          new KontorError(
            'E_TOO_LARGE',
            `The attachment is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
          ),
        )
      else done(null, chunk)
    },
  })
}

/** Where a stored message lives on the server, and what the store lists as its attachments. */
export interface MessageLocation {
  mailbox: MailboxConfig
  folder: string
  uid: number
  /** The folder's UIDVALIDITY when the placement was stored (decimal text). */
  uidValidity: string | null
  attachments: StoredAttachment[]
}

export function locateMessage(db: DbHandle, messageRowId: number): MessageLocation {
  const body = db.sqlite
    .prepare('SELECT attachments FROM mail_bodies WHERE message_row_id = ?')
    .get(messageRowId) as { attachments: string } | undefined
  const exists = db.sqlite.prepare('SELECT 1 FROM mail_messages WHERE id = ?').get(messageRowId)
  if (!exists) throw new KontorError('E_NOT_FOUND', `No message ${messageRowId}.`)
  const placements = db.sqlite
    .prepare(
      `SELECT f.mailbox_id AS mailboxId, f.path AS path, f.uid_validity AS uidValidity, p.uid AS uid
         FROM mail_placements p JOIN mail_folders f ON f.id = p.folder_id
        WHERE p.message_row_id = ? ORDER BY f.role = 'inbox' DESC, f.id, p.uid`,
    )
    .all(messageRowId) as {
    mailboxId: string
    path: string
    uidValidity: string | null
    uid: number
  }[]
  const at = placements[0]
  if (!at)
    throw new KontorError(
      'E_NOT_FOUND',
      'The message is no longer on the server (moved or deleted): resync and try again.',
    )
  const mailbox = loadMailbox(db, at.mailboxId)
  if (!mailbox) throw new KontorError('E_NOT_FOUND', `No mailbox ${at.mailboxId}.`)
  let attachments: StoredAttachment[]
  try {
    attachments = body ? (JSON.parse(body.attachments) as StoredAttachment[]) : []
  } catch {
    attachments = []
  }
  return { mailbox, folder: at.path, uid: at.uid, uidValidity: at.uidValidity, attachments }
}

export interface SavedAttachment {
  path: string
  fileName: string
  bytes: number
  mimeType: string
}

/**
 * Fetch the `index`-th listed attachment of a stored message over an open connection and save
 * it in `dir`. The folder's UIDVALIDITY must still be the stored one (else the UID names some
 * other message, RFC 3501 §2.3.1.1): a mismatch or a vanished UID asks for a resync.
 */
export async function downloadAttachment(o: {
  db: DbHandle
  client: ImapFlow
  messageRowId: number
  index: number
  dir: string
  maxBytes?: number
}): Promise<SavedAttachment> {
  const at = locateMessage(o.db, o.messageRowId)
  const maxBytes = o.maxBytes ?? ATTACHMENT_LIMITS.maxBytes
  const lock = await o.client.getMailboxLock(at.folder, { readOnly: true })
  try {
    const mailbox = o.client.mailbox
    if (
      at.uidValidity !== null &&
      mailbox &&
      String(mailbox.uidValidity) !== String(at.uidValidity)
    )
      throw new KontorError(
        'E_CONFLICT',
        `The folder ${at.folder} was renumbered on the server (message moved): resync and try again.`,
      )
    const msg = await o.client.fetchOne(
      String(at.uid),
      { uid: true, bodyStructure: true },
      { uid: true },
    )
    if (!msg)
      throw new KontorError(
        'E_NOT_FOUND',
        'The message is no longer on the server (moved or deleted): resync and try again.',
      )
    const parts = attachmentParts(msg.bodyStructure)
    // Without a stored list (body not synced yet) the server's own list is the reference.
    const stored = at.attachments.length ? at.attachments : parts
    const part = matchPart(parts, stored, o.index)
    if (!part) throw new KontorError('E_NOT_FOUND', `The message has no attachment ${o.index + 1}.`)
    // Base64 is 4 bytes per 3: the decoded size is known to be too large before any download.
    if (Math.floor((part.size * 3) / 4) > maxBytes * 1.05)
      throw new KontorError(
        'E_TOO_LARGE',
        `The attachment is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
      )
    mkdirSync(o.dir, { recursive: true })
    const temp = contained(o.dir, `.kontor-${randomUUID()}.part`)
    const counted = { bytes: 0 }
    try {
      const download = await o.client.download(String(at.uid), part.part, {
        uid: true,
        decodeText: false,
        chunkSize: ATTACHMENT_LIMITS.chunkBytes,
      })
      if (!download.content)
        throw new KontorError(
          'E_NOT_FOUND',
          'The attachment could not be fetched (message moved or deleted): resync and try again.',
        )
      await pipeline(
        download.content,
        byteLimit(maxBytes, counted),
        createWriteStream(temp, { flags: 'wx' }),
      )
      const path = commitFile(temp, o.dir, part.filename ?? stored[o.index]?.filename ?? null)
      return {
        path,
        fileName: path.slice(resolve(o.dir).length + 1),
        bytes: counted.bytes,
        mimeType: part.mimeType,
      }
    } finally {
      rmSync(temp, { force: true })
    }
  } finally {
    lock.release()
  }
}

/** A one-off IMAP connection for a mailbox (imapflow clients are never reused). */
export function imapClient(mailbox: MailboxConfig, secrets: SecretStore): ImapFlow {
  const client = new ImapFlow({
    host: mailbox.imap.host,
    port: mailbox.imap.port,
    secure: mailbox.imap.security === 'tls',
    doSTARTTLS: mailbox.imap.security === 'starttls',
    auth: { user: mailbox.imap.user, pass: secrets.get(`imap:${mailbox.id}`) },
    logger: false,
  })
  // Errors surface through the awaited calls; an unhandled 'error' event would crash the core.
  client.on('error', () => undefined)
  return client
}

/** Connect, save one attachment, log out. */
export async function saveAttachment(o: {
  db: DbHandle
  secrets: SecretStore | null
  messageRowId: number
  index: number
  dir: string
  maxBytes?: number
}): Promise<SavedAttachment> {
  const at = locateMessage(o.db, o.messageRowId)
  if (isLocalMailbox(at.mailbox))
    throw new KontorError(
      'E_NOT_FOUND',
      'This message was imported without a server copy (demo mailbox): its attachments cannot be downloaded.',
    )
  if (!o.secrets)
    throw new KontorError('E_NOT_FOUND', `No IMAP password available for ${at.mailbox.address}.`)
  const client = imapClient(at.mailbox, o.secrets)
  try {
    await client.connect()
  } catch (error) {
    throw new KontorError(
      'E_OFFLINE',
      `Cannot reach ${at.mailbox.imap.host} to fetch the attachment: ${(error as Error).message}`,
    )
  }
  try {
    return await downloadAttachment({ ...o, client })
  } finally {
    await client.logout().catch(() => client.close())
  }
}

/** The default download folder inside a data dir. */
export function defaultAttachmentsDir(dataDir: string): string {
  return join(dataDir, 'attachments')
}
