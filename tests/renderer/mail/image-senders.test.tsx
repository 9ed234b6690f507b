import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createContractClient } from '../../../src/shared/contract/client'
import type { ImageSender, ViewerSettings } from '../../../src/shared/contract/viewer'
import { ImageSendersPanel } from '../../../src/renderer/src/mail/ImageSenders'

const sender = (s: string, kind: ImageSender['kind']): ImageSender => ({
  sender: s,
  kind,
  addedAt: '2026-11-20T09:30:00.000Z',
})

/** The viewer calls over a scripted transport, with its event to emit. */
function fakeViewer(initial: ImageSender[]) {
  let stored = initial
  const calls: { name: string; input: unknown }[] = []
  const listeners: ((payload: unknown) => void)[] = []
  const client = createContractClient({
    invoke: (name, input) => {
      calls.push({ name, input })
      if (name === 'viewer:settings') {
        const settings: ViewerSettings = {
          attachmentsFolder: '/tmp',
          canChooseFolder: false,
          opensLinks: false,
          imageSenders: stored,
        }
        return Promise.resolve({ ok: true, data: settings })
      }
      if (name === 'viewer:removeImageSender') {
        const target = (input as { sender: string }).sender
        if (!stored.some((s) => s.sender === target))
          return Promise.resolve({
            ok: false,
            error: { code: 'E_NOT_FOUND', message: `${target} is not in the list.` },
          })
        stored = stored.filter((s) => s.sender !== target)
        return Promise.resolve({ ok: true, data: stored })
      }
      return Promise.resolve({ ok: false, error: { code: 'E_NOT_FOUND', message: name } })
    },
    subscribe: (name, listener) => {
      if (name === 'viewer:imageSendersChanged') listeners.push(listener)
      return () => undefined
    },
  })
  const emit = (list: ImageSender[]) => listeners.forEach((l) => l({ imageSenders: list }))
  return { client, calls, emit }
}

const shown = () => screen.queryAllByTestId('image-sender').map((li) => li.textContent ?? '')
const senders = () =>
  screen.queryAllByTestId('image-sender').map((li) => li.querySelector('.mono')?.textContent)

describe('ImageSendersPanel', () => {
  afterEach(cleanup)

  it('lists the allowed senders, removes one, and follows changes from another window', async () => {
    const fake = fakeViewer([
      sender('newsletter@lieferant.example', 'address'),
      sender('hallberg.example', 'domain'),
    ])
    await act(async () => {
      render(<ImageSendersPanel client={fake.client} />)
    })
    expect(shown()).toHaveLength(2)
    expect(shown()[0]).toContain('hallberg.example')
    expect(shown()[0]).toContain('every address at this domain')
    expect(shown()[1]).toContain('newsletter@lieferant.example')

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove hallberg.example' }))
    })
    expect(fake.calls.at(-1)).toEqual({
      name: 'viewer:removeImageSender',
      input: { sender: 'hallberg.example' },
    })
    expect(shown()).toHaveLength(1)

    // Another window allowed a sender: the list follows.
    await act(async () => {
      fake.emit([
        sender('newsletter@lieferant.example', 'address'),
        sender('brix.example', 'domain'),
      ])
    })
    expect(senders()).toEqual(['brix.example', 'newsletter@lieferant.example'])
  })

  it('says so when no sender is allowed, and shows a failed removal', async () => {
    const fake = fakeViewer([])
    await act(async () => {
      render(<ImageSendersPanel client={fake.client} />)
    })
    expect(screen.getByText('No sender is allowed.')).toBeTruthy()
    const stale = fakeViewer([sender('gone.example', 'domain')])
    cleanup()
    await act(async () => {
      render(<ImageSendersPanel client={stale.client} />)
    })
    // Removed meanwhile by another window: the core says so, and the row stays until the event.
    await act(async () => {
      await stale.client.call('viewer:removeImageSender', { sender: 'gone.example' })
    })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove gone.example' }))
    })
    expect(screen.getByRole('alert').textContent).toBe('gone.example is not in the list.')
  })
})
