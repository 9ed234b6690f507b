import { z } from 'zod'
import { call, event } from './define'

/** A sender whose remote images load without asking: one address, or every address of a domain. */
export interface ImageSender {
  /** Lower-cased `name@domain` or `domain`. */
  sender: string
  kind: 'address' | 'domain'
  addedAt: string
}

export interface ViewerSettings {
  /** Where attachments are saved unless the agent picks a folder (desktop only). */
  attachmentsFolder: string
  /** Whether the desktop shell can show a folder dialog (false in web mode). */
  canChooseFolder: boolean
  /** Whether links are opened by the desktop shell (false: the browser opens them). */
  opensLinks: boolean
  imageSenders: ImageSender[]
}

export type SaveAttachmentResult =
  | { saved: true; path: string; folder: string; fileName: string; bytes: number; mimeType: string }
  /** The agent closed the folder dialog. */
  | { saved: false }

export interface OpenExternalResult {
  /** The URL as handed on (parsed and re-serialised). */
  url: string
  /** 'desktop': the system browser has it; 'caller': no desktop shell, the caller opens it. */
  openedBy: 'desktop' | 'caller'
}

/** Schemes a link in a mail may open outside Kontor (issue 6). */
export const EXTERNAL_SCHEMES = ['http:', 'https:', 'mailto:'] as const

/**
 * The URL if a link may be opened outside Kontor, else null: http, https or mailto only, no
 * control characters or whitespace, no user:password@ (a classic way to disguise the host).
 */
export function externalUrl(raw: string): URL | null {
  const trimmed = raw.trim()
  // eslint-disable-next-line no-control-regex
  if (trimmed.length === 0 || trimmed.length > 8192 || /[\u0000-\u0020\u007f-\u009f]/.test(trimmed))
    return null
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return null
  }
  if (!(EXTERNAL_SCHEMES as readonly string[]).includes(url.protocol)) return null
  if (url.protocol !== 'mailto:' && (url.username || url.password || !url.hostname)) return null
  return url
}

/** `sender@domain` or `domain`, lower-cased; a bare TLD or a malformed value is refused. */
const senderSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(320)
  .refine(
    (s) => /^([^\s@<>"]+@)?([a-z0-9-]+\.)+[a-z0-9-]{2,}$/i.test(s),
    'a sender address (name@example.com) or a domain (example.com)',
  )

/** The entry that lets remote images of mail from `address` load (a domain covers its subdomains). */
export function imageSenderFor(
  list: readonly ImageSender[],
  address: string | null,
): ImageSender | null {
  if (!address) return null
  const a = address.trim().toLowerCase()
  const domain = a.slice(a.lastIndexOf('@') + 1)
  return (
    list.find((s) =>
      s.kind === 'address'
        ? s.sender === a
        : domain === s.sender || domain.endsWith(`.${s.sender}`),
    ) ?? null
  )
}

export const viewerCalls = {
  /** Where attachments go, what the shell can do, and the senders whose images load. */
  'viewer:settings': call<ViewerSettings>()(z.object({}).strict()),
  /**
   * Fetch one attachment from the IMAP server (on demand, streamed) and save it under a
   * sanitised, unused name in the attachments folder, or in a folder the agent picks
   * (`choose`, desktop only). Never opened.
   */
  'mail:saveAttachment': call<SaveAttachmentResult>()(
    z
      .object({
        messageRowId: z.number().int().min(1),
        /** Position in the message's `attachments` list. */
        index: z.number().int().min(0).max(10_000),
        choose: z.boolean().optional(),
      })
      .strict(),
  ),
  /** The default attachments folder (absolute); null goes back to `<data dir>/attachments`. */
  'viewer:setAttachmentsFolder': call<ViewerSettings>()(
    z
      .object({
        folder: z
          .string()
          .min(1)
          .max(4096)
          .refine((p) => /^([a-zA-Z]:[\\/]|[\\/])/.test(p), 'an absolute path')
          .nullable(),
      })
      .strict(),
  ),
  /** Always load remote images from this sender address or domain. */
  'viewer:allowImages': call<ImageSender[]>()(z.object({ sender: senderSchema }).strict()),
  'viewer:imageSenders': call<ImageSender[]>()(z.object({}).strict()),
  'viewer:removeImageSender': call<ImageSender[]>()(z.object({ sender: senderSchema }).strict()),
  /**
   * Open a link outside Kontor (the UI has asked the agent first). Only http, https and
   * mailto; anything else is refused with E_INVALID_INPUT.
   */
  'app:openExternal': call<OpenExternalResult>()(
    z.object({ url: z.string().min(1).max(8192) }).strict(),
  ),
}

export const viewerEvents = {
  /** The senders whose images load changed (another window may show mail from them). */
  'viewer:imageSendersChanged': event<{ imageSenders: ImageSender[] }>(),
}
