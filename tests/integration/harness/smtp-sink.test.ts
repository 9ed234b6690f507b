import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink'

describe('SMTP sink harness', () => {
  let sink: SmtpSink
  beforeAll(async () => {
    sink = await startSmtpSink()
  })
  afterAll(async () => {
    await sink?.stop()
  })

  const transport = () =>
    nodemailer.createTransport({
      host: sink.host,
      port: sink.port,
      secure: false,
      ignoreTLS: true,
      auth: { user: sink.user, pass: sink.password },
    })

  it('records a message sent with AUTH', async () => {
    const info = await transport().sendMail({
      from: 'support@example.com',
      to: 'buyer@acme.example',
      subject: 'Your order',
      text: 'Hello',
      messageId: '<sink-1@kontor.test>',
    })
    expect(info.accepted).toEqual(['buyer@acme.example'])
    const got = sink.messages.at(-1)
    expect(got?.to).toEqual(['buyer@acme.example'])
    expect(got?.from).toBe('support@example.com')
    expect(got?.raw).toContain('Message-ID: <sink-1@kontor.test>')
    expect(got?.user).toBe(sink.user)
  })

  it('refuses a wrong password', async () => {
    const bad = nodemailer.createTransport({
      host: sink.host,
      port: sink.port,
      ignoreTLS: true,
      auth: { user: sink.user, pass: 'nope' },
    })
    await expect(
      bad.sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 535 })
  })

  it('answers 4xx and 5xx on demand, then accepts again', async () => {
    sink.behave(
      { kind: 'reject', code: 451, message: 'Try later' },
      { kind: 'reject', code: 554, message: 'Rejected' },
      { kind: 'accept' },
    )
    await expect(
      transport().sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 451 })
    await expect(
      transport().sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 554 })
    await expect(
      transport().sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' }),
    ).resolves.toBeTruthy()
  })

  it('drops the connection after DATA: the message is recorded, the client gets no reply', async () => {
    sink.behave({ kind: 'drop-after-data' }, { kind: 'accept' })
    const before = sink.messages.length
    await expect(
      transport().sendMail({
        from: 'a@example.com',
        to: 'b@example.com',
        text: 'x',
        messageId: '<drop-1@kontor.test>',
      }),
    ).rejects.toBeTruthy()
    expect(sink.messages.length).toBe(before + 1)
    expect(sink.messages.at(-1)?.accepted).toBe(false)
    expect(sink.messages.at(-1)?.raw).toContain('<drop-1@kontor.test>')
  })
})
