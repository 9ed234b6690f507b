import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type {
  CallName,
  ComposeDraft,
  EventName,
  OutgoingMail,
  TicketDetail,
  TicketNote,
} from '../../../src/shared/contract'
import type { ContractClient } from '../../../src/shared/contract/client'
import type { Result } from '../../../src/shared/result'
import { useKontor } from '../../../src/renderer/src/store'
import { Composer } from '../../../src/renderer/src/screens/Composer'
import { PendingOutgoing } from '../../../src/renderer/src/screens/compose/Outgoing'
import { TicketNotes } from '../../../src/renderer/src/screens/compose/TicketNotes'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const DETAIL: TicketDetail = {
  ticket: {
    id: 'tk-1',
    subject: 'Rechnung RE-20260042',
    accountId: 'A1',
    accountMatch: 'contact',
    status: 'open',
    messageCount: 1,
    messageIds: ['<m1@a1.example>'],
    lastMessageAt: '2026-11-27T08:00:00Z',
    firstCustomerMessageAt: '2026-11-27T08:00:00Z',
    customerAddress: 'katrin@a1.example',
  },
  messages: [
    {
      rowId: 7,
      messageId: 'm1@a1.example',
      subject: 'Rechnung RE-20260042',
      fromAddress: 'katrin@a1.example',
      fromName: 'Katrin Vogel',
      to: [{ name: null, address: 'support@kontor.test' }],
      cc: [],
      replyTo: [],
      internalDate: '2026-11-27T08:00:00Z',
      direction: 'in',
      autoReply: false,
      joinReason: 'root',
      joinDetail: null,
      bodyStatus: 'done',
      text: 'Die Rechnung ist zu hoch.',
      html: null,
      parseError: null,
      attachments: [],
      folders: ['INBOX'],
    },
  ],
}

const draft = (mode: ComposeDraft['mode']): ComposeDraft => ({
  ticketId: 'tk-1',
  mode,
  parentRowId: 7,
  mailboxId: 'support',
  to: mode === 'forward' ? [] : [{ name: 'Vogel, Katrin', address: 'katrin@a1.example' }],
  cc: mode === 'replyAll' ? [{ name: null, address: 'sven@a1.example' }] : [],
  subject: mode === 'forward' ? 'Fwd: Rechnung RE-20260042' : 'Re: Rechnung RE-20260042',
  // What the core sends is text; markup-looking text must be shown as text.
  quote:
    'Am 27.11.2026 um 08:00 UTC schrieb Katrin Vogel <katrin@a1.example>:\n> <b>Die Rechnung</b> ist zu hoch.',
  lang: 'de',
  openedAt: '2026-11-27T09:00:00.000Z',
  lastSeenRowId: 7,
})

function scriptedCore() {
  const calls: { name: CallName; input: Record<string, unknown> }[] = []
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const notes: TicketNote[] = [
    {
      noteId: 'n1',
      text: 'Kunde ist verärgert, Gutschrift prüfen.',
      byName: 'Tom Berger',
      at: '2026-11-27T08:30:00Z',
      state: 'synced',
      error: null,
    },
  ]
  const ok = <T,>(data: T): Result<T> => ({ ok: true, data })
  const client: ContractClient = {
    call: async (name, input) => {
      calls.push({ name, input: input as Record<string, unknown> })
      const i = input as Record<string, unknown>
      const answer = (): Result<unknown> => {
        switch (name) {
          case 'mail:mailboxes':
            return ok([
              {
                id: 'support',
                address: 'support@kontor.test',
                displayName: 'Support',
                folders: [],
                canSend: true,
              },
            ])
          case 'compose:templates':
            return ok([
              { id: 'quote-de', lang: 'de', name: 'Angebot folgt', categories: ['prices'] },
            ])
          case 'compose:draft':
            return ok(draft(i.mode as ComposeDraft['mode']))
          case 'compose:renderTemplate':
            return ok({
              templateId: 'quote-de',
              text: 'Guten Tag Katrin Vogel,\n{{rep.name}} erstellt ein Angebot.',
              fields: [],
              missing: ['rep.name'],
              unknown: [],
            })
          case 'compose:send': {
            const confirmed = i.confirmed as string[]
            if (!confirmed.includes('replied:9'))
              return ok({
                status: 'confirm',
                issues: [
                  {
                    key: 'replied:9',
                    kind: 'replied',
                    message: 'Julia Neumann replied on this ticket 3 min ago.',
                    at: null,
                  },
                ],
              })
            return ok({
              status: 'queued',
              entry: {
                id: 'o1',
                seq: 1,
                ticketId: 'tk-1',
                mailboxId: 'support',
                messageId: '<o1@kontor.test>',
                state: 'queued',
                attempts: 0,
                nextAttemptAt: null,
                lastError: null,
                acceptedAt: null,
                subject: String(i.subject),
                createdAt: '2026-11-27T09:05:00Z',
              },
            })
          }
          case 'compose:addNote':
            return ok({
              noteId: 'n2',
              text: String(i.text),
              byName: 'Mara',
              at: '2026-11-27T09:06:00Z',
              state: 'pending',
              error: null,
            })
          case 'compose:notes':
            return ok(notes)
          case 'mail:decideReply':
            return ok({ id: String(i.id), state: 'queued' })
          default:
            return { ok: false, error: { code: 'E_UNKNOWN_CALL', message: name } }
        }
      }
      return answer() as never
    },
    on: (name, listener) => {
      const set = listeners.get(name) ?? new Set()
      set.add(listener as (p: unknown) => void)
      listeners.set(name, set)
      return () => set.delete(listener as (p: unknown) => void)
    },
  }
  const emit = (name: EventName, payload: unknown) =>
    act(() => listeners.get(name)?.forEach((l) => l(payload)))
  return { client, calls, emit }
}

describe('Composer', () => {
  let core: ReturnType<typeof scriptedCore>
  beforeEach(() => {
    core = scriptedCore()
    useKontor.setState({ client: core.client })
  })

  it('starts a reply from the core draft and shows the quote as text, never as markup', async () => {
    const { container } = render(<Composer detail={DETAIL} />)
    expect(await screen.findByDisplayValue('"Vogel, Katrin" <katrin@a1.example>')).toBeTruthy()
    expect((screen.getByRole('textbox', { name: 'Subject' }) as HTMLInputElement).value).toBe(
      'Re: Rechnung RE-20260042',
    )
    const quote = screen.getByTestId('quote-preview')
    expect(quote.textContent).toContain('> <b>Die Rechnung</b> ist zu hoch.')
    expect(container.querySelector('.quote-preview b')).toBeNull()
  })

  it('shows template fields without a value, confirms the send-time check, then shows the outbox state', async () => {
    render(<Composer detail={DETAIL} />)
    await screen.findByDisplayValue('"Vogel, Katrin" <katrin@a1.example>')
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Insert template' }), {
        target: { value: 'quote-de' },
      })
    })
    expect(screen.getByRole('status').textContent).toContain('{{rep.name}}')
    expect(
      (screen.getByRole('textbox', { name: 'Reply text' }) as HTMLTextAreaElement).value,
    ).toContain('Guten Tag Katrin Vogel,')
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send reply' }))
    })
    const dialog = screen.getByRole('alertdialog')
    expect(within(dialog).getByText(/Julia Neumann replied on this ticket 3 min ago/)).toBeTruthy()
    expect(screen.queryByTestId('reply-state')).toBeNull()
    // Review closes the check and keeps the text.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Review' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send reply' }))
    })
    await act(async () => {
      fireEvent.click(
        within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Send anyway' }),
      )
    })
    const sends = core.calls.filter((c) => c.name === 'compose:send')
    expect(sends.map((c) => c.input.confirmed)).toEqual([[], [], ['replied:9']])
    expect(sends[2]?.input).toMatchObject({
      mode: 'reply',
      parentRowId: 7,
      to: '"Vogel, Katrin" <katrin@a1.example>',
      includeQuote: true,
      templateIds: ['quote-de'],
      openedAt: '2026-11-27T09:00:00.000Z',
      lastSeenRowId: 7,
    })
    expect(screen.getByTestId('reply-state').textContent).toBe('Queued (goes out when online)')
    core.emit('mail:outboxChanged', { id: 'o1', state: 'done' })
    expect(screen.getByTestId('reply-state').textContent).toBe('Sent')
  })

  it('switches to reply all and forward on request, and a note never goes through mail', async () => {
    const { rerender } = render(<Composer detail={DETAIL} />)
    await screen.findByDisplayValue('"Vogel, Katrin" <katrin@a1.example>')
    await act(async () => {
      rerender(<Composer detail={DETAIL} request={{ mode: 'replyAll', rowId: 7, nonce: 1 }} />)
    })
    expect((screen.getByRole('textbox', { name: 'Cc' }) as HTMLInputElement).value).toBe(
      'sven@a1.example',
    )
    await act(async () => {
      rerender(<Composer detail={DETAIL} request={{ mode: 'forward', rowId: 7, nonce: 2 }} />)
    })
    expect((screen.getByRole('textbox', { name: 'To' }) as HTMLInputElement).value).toBe('')
    expect(screen.getByText(/attachments are not forwarded/)).toBeTruthy()
    await act(async () => {
      rerender(<Composer detail={DETAIL} request={{ mode: 'note', rowId: 7, nonce: 3 }} />)
    })
    expect(screen.getByRole('form', { name: 'Internal note' })).toBeTruthy()
    expect(screen.queryByRole('textbox', { name: 'To' })).toBeNull()
    fireEvent.change(screen.getByRole('textbox', { name: 'Note text' }), {
      target: { value: 'Mit Buchhaltung klären' },
    })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add note' }))
    })
    expect(core.calls.filter((c) => c.name === 'compose:addNote').map((c) => c.input)).toEqual([
      { ticketId: 'tk-1', text: 'Mit Buchhaltung klären' },
    ])
    expect(core.calls.some((c) => c.name === 'compose:send')).toBe(false)
  })

  it('shows internal notes apart from mail, and queued replies with their state', async () => {
    const outgoing: OutgoingMail[] = [
      {
        id: 'o1',
        messageId: '<o1@kontor.test>',
        kind: 'forward',
        state: 'failed',
        lastError: '550 mailbox unavailable',
        to: [{ name: null, address: 'monika@a1.example' }],
        cc: [],
        subject: 'Fwd: Rechnung',
        excerpt: 'Bitte prüfen.',
        createdAt: '2026-11-27T09:00:00Z',
        acceptedAt: null,
      },
    ]
    render(
      <>
        <PendingOutgoing outgoing={outgoing} messages={DETAIL.messages} />
        <TicketNotes ticketId="tk-1" />
      </>,
    )
    const note = await screen.findByTestId('note')
    expect(note.className).toContain('note')
    expect(within(note).getByText('Internal note')).toBeTruthy()
    expect(note.closest('[data-testid="message"]')).toBeNull()
    expect(screen.getByTestId('outbox-state').textContent).toBe('Failed: 550 mailbox unavailable')
    expect(screen.getByTestId('outgoing').textContent).toContain('Forward to monika@a1.example')
    // A failed reply waits for the agent's decision.
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Resend' }))
    })
    expect(core.calls.filter((c) => c.name === 'mail:decideReply').map((c) => c.input)).toEqual([
      { id: 'o1', action: 'resend' },
    ])
  })
})
