import { dirname, isAbsolute, join, resolve } from 'node:path'
import { z } from 'zod'
import { externalUrl, type ImageSender, type ViewerSettings } from '../../shared/contract/viewer'
import { KontorError } from '../../shared/errors'
import type { Core } from '../core/core'
import type { HandlerSlice } from '../core/dispatch'
import { saveAttachment } from '../mail/attachments'
import { SettingsStore } from './settings'

type ViewerCall =
  | 'viewer:settings'
  | 'mail:saveAttachment'
  | 'viewer:setAttachmentsFolder'
  | 'viewer:allowImages'
  | 'viewer:imageSenders'
  | 'viewer:removeImageSender'
  | 'app:openExternal'

export const IMAGE_SENDERS_KEY = 'viewer.imageSenders'
export const ATTACHMENTS_FOLDER_KEY = 'viewer.attachmentsFolder'
/** Enough for any real team; a runaway script cannot grow the settings row without bound. */
const MAX_IMAGE_SENDERS = 5000

const imageSendersSchema = z.array(
  z.object({
    sender: z.string(),
    kind: z.enum(['address', 'domain']),
    addedAt: z.string(),
  }),
)
const folderSchema = z.string().refine((p) => isAbsolute(p))

/**
 * The workspace's data dir is the folder of its local store (`~/.kontor` for the default
 * store, `~/.kontor/demo` for the demo's): attachments go to `attachments/` beside it unless
 * the agent chose another folder.
 */
export function defaultAttachmentsFolder(core: Pick<Core, 'db'>): string {
  const db = core.db.path
  return db === ':memory:' ? resolve('attachments') : join(dirname(resolve(db)), 'attachments')
}

/**
 * Handlers for the mail viewer's side effects: attachments saved to disk, remote images allowed
 * per sender, links opened outside. Platform work (system browser, folder dialog) goes through
 * the injected `core.desktop`; without it (web mode) the caller opens links itself and
 * attachments go to the configured folder.
 */
export function viewerHandlers(core: Core): HandlerSlice<ViewerCall> {
  const settings = new SettingsStore(core.db, core.clock)
  const senders = (): ImageSender[] => settings.get(IMAGE_SENDERS_KEY, imageSendersSchema) ?? []
  const folder = (): string =>
    settings.get(ATTACHMENTS_FOLDER_KEY, folderSchema) ?? defaultAttachmentsFolder(core)
  const viewerSettings = (): ViewerSettings => ({
    attachmentsFolder: folder(),
    canChooseFolder: core.desktop !== null,
    opensLinks: core.desktop !== null,
    imageSenders: senders(),
  })
  const saveSenders = (list: ImageSender[]): ImageSender[] => {
    settings.set(IMAGE_SENDERS_KEY, list)
    core.events.emit('viewer:imageSendersChanged', { imageSenders: list })
    return list
  }

  return {
    'viewer:settings': () => viewerSettings(),
    'viewer:setAttachmentsFolder': (input) => {
      if (input.folder === null) settings.set(ATTACHMENTS_FOLDER_KEY, null)
      else settings.set(ATTACHMENTS_FOLDER_KEY, resolve(input.folder))
      return viewerSettings()
    },
    'mail:saveAttachment': async (input) => {
      let dir = folder()
      if (input.choose) {
        if (!core.desktop)
          throw new KontorError(
            'E_INVALID_INPUT',
            'Choosing a folder needs the desktop app; in the browser attachments go to the attachments folder.',
          )
        const picked = await core.desktop.chooseFolder({
          title: 'Save attachment in…',
          defaultPath: dir,
        })
        if (picked === null) return { saved: false }
        if (!isAbsolute(picked))
          throw new KontorError('E_INVALID_INPUT', 'The chosen folder is not an absolute path.')
        dir = resolve(picked)
      }
      const saved = await saveAttachment({
        db: core.db,
        secrets: core.secrets,
        messageRowId: input.messageRowId,
        index: input.index,
        dir,
      })
      // Name and size only: the content and the sender's file name stay out of the log.
      core.log.info('attachment saved', { messageRowId: input.messageRowId, bytes: saved.bytes })
      return { saved: true, folder: resolve(dir), ...saved }
    },
    'viewer:allowImages': (input) => {
      const list = senders()
      if (list.some((s) => s.sender === input.sender)) return list
      if (list.length >= MAX_IMAGE_SENDERS)
        throw new KontorError(
          'E_TOO_LARGE',
          `At most ${MAX_IMAGE_SENDERS} senders may load images; remove some first.`,
        )
      return saveSenders([
        ...list,
        {
          sender: input.sender,
          kind: input.sender.includes('@') ? 'address' : 'domain',
          addedAt: core.clock.now().toISOString(),
        },
      ])
    },
    'viewer:imageSenders': () => senders(),
    'viewer:removeImageSender': (input) => {
      const list = senders()
      const next = list.filter((s) => s.sender !== input.sender)
      if (next.length === list.length)
        throw new KontorError('E_NOT_FOUND', `${input.sender} is not in the list.`)
      return saveSenders(next)
    },
    'app:openExternal': async (input) => {
      const url = externalUrl(input.url)
      if (!url)
        throw new KontorError(
          'E_INVALID_INPUT',
          'Only http, https and mailto links can be opened outside Kontor.',
        )
      if (!core.desktop) return { url: url.href, openedBy: 'caller' }
      await core.desktop.openExternal(url.href)
      return { url: url.href, openedBy: 'desktop' }
    },
  }
}
