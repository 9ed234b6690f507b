/**
 * Writes generated messages as Maildir++ files that Dovecot serves directly, the fastest
 * way to load a large test mailbox (about 2,400 messages a second against about 400 by IMAP
 * APPEND; see ARCHITECTURE.md, "Real components in tests").
 *
 * - Layout (Maildir++): INBOX is the root's `cur/`, `new/`, `tmp/`; any other folder `F`
 *   is the sub-directory `.F` with the same three.
 * - File names: `<unix time>.K<seq>.kontor-demo,S=<size>:2,<flags>` in `cur/`; `S=` is the
 *   exact file size (Dovecot trusts it for RFC822.SIZE); flags are the maildir letters
 *   in ASCII order (D draft, F flagged, R replied, S seen, T trashed).
 * - INTERNALDATE: Dovecot takes it from the file's mtime, so the file is stamped with the
 *   message's INTERNALDATE.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const FLAG_LETTERS: Readonly<Record<string, string>> = {
  '\\Draft': 'D',
  '\\Flagged': 'F',
  '\\Answered': 'R',
  '\\Seen': 'S',
  '\\Deleted': 'T',
}

/** The `:2,` info suffix for IMAP system flags (unknown flags and keywords are dropped). */
export function maildirInfo(flags: readonly string[]): string {
  const letters = flags
    .map((f) => FLAG_LETTERS[f])
    .filter((l): l is string => l !== undefined)
    .sort()
  return `:2,${[...new Set(letters)].join('')}`
}

/** The Maildir++ directory of a folder: the root for INBOX, `.Name` (dots for hierarchy) otherwise. */
export function maildirFolderPath(root: string, folder: string): string {
  if (folder.toUpperCase() === 'INBOX') return root
  return join(root, `.${folder.replace(/\//g, '.')}`)
}

/** Creates `cur`, `new` and `tmp` of a folder (idempotent). */
export function ensureMaildirFolder(root: string, folder: string): string {
  const dir = maildirFolderPath(root, folder)
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub), { recursive: true })
  return dir
}

export interface MaildirMessage {
  folder: string
  raw: Buffer
  internalDate: Date
  flags: readonly string[]
}

/**
 * Writes one message into `cur/` of its folder and stamps its mtime with INTERNALDATE.
 * `seq` must be unique within the maildir (it makes the file name unique). Returns the path.
 */
export function writeMaildirMessage(root: string, message: MaildirMessage, seq: number): string {
  const dir = ensureMaildirFolder(root, message.folder)
  const seconds = Math.floor(message.internalDate.getTime() / 1000)
  const name = `${seconds}.K${seq}.kontor-demo,S=${message.raw.length}${maildirInfo(message.flags)}`
  const path = join(dir, 'cur', name)
  writeFileSync(path, message.raw)
  utimesSync(path, message.internalDate, message.internalDate)
  return path
}
