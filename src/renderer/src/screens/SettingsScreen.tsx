import { useCallback, useEffect, useState, type ReactNode } from 'react'
import type {
  EndpointTestResult,
  MailboxInput,
  MailboxTestResult,
  MailSecurity,
  WorkspaceInfo,
  WorkspaceMailboxInfo,
} from '../../../shared/contract'
import type { ErrorInfo } from '../../../shared/errors'
import { ImageSendersPanel } from '../mail/ImageSenders'
import { useKontor } from '../store'

type FieldErrors = Record<string, string>

/** `fields` of an E_INVALID_INPUT answer, by dotted path (`imap.port`). */
function fieldErrors(error: ErrorInfo | null): FieldErrors {
  const out: FieldErrors = {}
  for (const f of error?.fields ?? []) out[f.path] ??= f.message
  return out
}

const DEFAULT_PORT = {
  imap: { tls: 993, starttls: 143, plain: 143 },
  smtp: { tls: 465, starttls: 587, plain: 25 },
} as const

interface EndpointForm {
  host: string
  port: string
  security: MailSecurity
  user: string
  password: string
}

export interface MailboxForm {
  id?: string
  address: string
  displayName: string
  imap: EndpointForm
  smtpEnabled: boolean
  smtp: EndpointForm
  folders: string
  syncWindowDays: string
}

export function emptyMailboxForm(): MailboxForm {
  return {
    address: '',
    displayName: '',
    imap: { host: '', port: '993', security: 'tls', user: '', password: '' },
    smtpEnabled: true,
    smtp: { host: '', port: '587', security: 'starttls', user: '', password: '' },
    folders: 'INBOX, Sent',
    syncWindowDays: '',
  }
}

function formFrom(m: WorkspaceMailboxInfo): MailboxForm {
  const endpoint = (e: WorkspaceMailboxInfo['imap']): EndpointForm => ({
    host: e.host,
    port: String(e.port),
    security: e.security,
    user: e.user,
    password: '',
  })
  return {
    id: m.id,
    address: m.address,
    displayName: m.displayName ?? '',
    imap: endpoint(m.imap),
    smtpEnabled: m.smtp !== null,
    smtp: m.smtp ? endpoint(m.smtp) : emptyMailboxForm().smtp,
    folders: m.folders.join(', '),
    syncWindowDays: m.syncWindowDays === null ? '' : String(m.syncWindowDays),
  }
}

function parseWhole(text: string): number | null {
  const t = text.trim()
  return /^-?\d+$/.test(t) ? Number(t) : null
}

/**
 * The form as the contract's input. Numbers that are not numbers are caught here; every other
 * rule (host names, port range, address) is the core's, whose field errors come back.
 */
export function toMailboxInput(
  f: MailboxForm,
): { ok: true; input: MailboxInput } | { ok: false; error: ErrorInfo } {
  const fields: { path: string; message: string }[] = []
  const endpoint = (kind: 'imap' | 'smtp', e: EndpointForm) => {
    const port = parseWhole(e.port)
    if (port === null) fields.push({ path: `${kind}.port`, message: 'Enter a port number.' })
    return { host: e.host.trim(), port: port ?? 0, security: e.security, user: e.user.trim() }
  }
  const imap = endpoint('imap', f.imap)
  const smtp = f.smtpEnabled ? endpoint('smtp', f.smtp) : null
  const days = f.syncWindowDays.trim() === '' ? null : parseWhole(f.syncWindowDays)
  if (f.syncWindowDays.trim() !== '' && days === null)
    fields.push({ path: 'syncWindowDays', message: 'Enter a number of days.' })
  if (fields.length)
    return { ok: false, error: { code: 'E_INVALID_INPUT', message: 'Check the fields.', fields } }
  return {
    ok: true,
    input: {
      ...(f.id ? { id: f.id } : {}),
      address: f.address.trim(),
      displayName: f.displayName.trim() || null,
      imap,
      ...(f.imap.password ? { imapPassword: f.imap.password } : {}),
      smtp,
      ...(f.smtpEnabled && f.smtp.password ? { smtpPassword: f.smtp.password } : {}),
      folders: f.folders
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
      syncWindowDays: days,
    },
  }
}

function Field(props: {
  label: string
  path: string
  errors: FieldErrors
  children: (id: string, describedBy: string | undefined) => ReactNode
}) {
  const id = `f-${props.path.replace(/\W/g, '-')}`
  const error = props.errors[props.path]
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      {props.children(id, error ? `${id}-error` : undefined)}
      {error && (
        <span className="field-error" id={`${id}-error`} data-testid={`error-${props.path}`}>
          {error}
        </span>
      )}
    </div>
  )
}

function TestLine(props: { label: string; result: EndpointTestResult | null }) {
  if (!props.result) return null
  return (
    <li className={`check ${props.result.ok ? 'check-ok' : 'check-fail'}`}>
      <span className="check-status">{props.result.ok ? 'OK' : 'Failed'}</span>
      <span className="check-label">{props.label}</span>
      <span className="check-detail" data-testid={`test-${props.label.toLowerCase()}`}>
        {props.result.message}
      </span>
    </li>
  )
}

function EndpointFields(props: {
  kind: 'imap' | 'smtp'
  value: EndpointForm
  stored: boolean
  errors: FieldErrors
  onChange(next: EndpointForm): void
}) {
  const { kind, value, errors } = props
  const name = kind.toUpperCase()
  const set = (patch: Partial<EndpointForm>) => props.onChange({ ...value, ...patch })
  return (
    <div className="form-grid">
      <Field label={`${name} host`} path={`${kind}.host`} errors={errors}>
        {(id, d) => (
          <input
            id={id}
            aria-describedby={d}
            aria-invalid={d ? true : undefined}
            value={value.host}
            placeholder={kind === 'imap' ? 'imap.example.com' : 'smtp.example.com'}
            onChange={(e) => set({ host: e.target.value })}
          />
        )}
      </Field>
      <Field label={`${name} security`} path={`${kind}.security`} errors={errors}>
        {(id) => (
          <select
            id={id}
            value={value.security}
            onChange={(e) => {
              const security = e.target.value as MailSecurity
              const defaults = Object.values(DEFAULT_PORT[kind]).map(String)
              // Follow the usual port unless one was typed on purpose.
              set({
                security,
                ...(defaults.includes(value.port.trim()) || value.port.trim() === ''
                  ? { port: String(DEFAULT_PORT[kind][security]) }
                  : {}),
              })
            }}
          >
            <option value="tls">TLS</option>
            <option value="starttls">STARTTLS</option>
            <option value="plain">None (loopback only)</option>
          </select>
        )}
      </Field>
      <Field label={`${name} port`} path={`${kind}.port`} errors={errors}>
        {(id, d) => (
          <input
            id={id}
            inputMode="numeric"
            aria-describedby={d}
            aria-invalid={d ? true : undefined}
            value={value.port}
            onChange={(e) => set({ port: e.target.value })}
          />
        )}
      </Field>
      <Field label={`${name} user`} path={`${kind}.user`} errors={errors}>
        {(id, d) => (
          <input
            id={id}
            autoComplete="off"
            aria-describedby={d}
            aria-invalid={d ? true : undefined}
            value={value.user}
            onChange={(e) => set({ user: e.target.value })}
          />
        )}
      </Field>
      <Field label={`${name} password`} path={`${kind}Password`} errors={errors}>
        {(id, d) => (
          <input
            id={id}
            type="password"
            autoComplete="new-password"
            aria-describedby={d}
            aria-invalid={d ? true : undefined}
            value={value.password}
            placeholder={
              props.stored
                ? 'stored — leave empty to keep'
                : kind === 'smtp'
                  ? 'same as IMAP when empty'
                  : ''
            }
            onChange={(e) => set({ password: e.target.value })}
          />
        )}
      </Field>
    </div>
  )
}

/** Add or edit one shared mailbox, with a connection test before saving. */
export function MailboxEditor(props: {
  initial: MailboxForm
  stored: { imap: boolean; smtp: boolean }
  onDone(): void
}) {
  const client = useKontor((s) => s.client)
  const [form, setForm] = useState(props.initial)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const [testing, setTesting] = useState(false)
  const [saving, setSaving] = useState(false)
  const [test, setTest] = useState<MailboxTestResult | null>(null)
  const errors = fieldErrors(error)

  const runTest = async () => {
    if (!client) return
    const parsed = toMailboxInput(form)
    if (!parsed.ok) return setError(parsed.error)
    setTesting(true)
    setTest(null)
    const r = await client.call('workspace:testMailbox', parsed.input)
    setTesting(false)
    if (r.ok) {
      setError(null)
      setTest(r.data)
    } else setError(r.error)
  }

  const save = async () => {
    if (!client) return
    const parsed = toMailboxInput(form)
    if (!parsed.ok) return setError(parsed.error)
    setSaving(true)
    const r = await client.call('workspace:saveMailbox', parsed.input)
    setSaving(false)
    if (r.ok) {
      setError(null)
      props.onDone()
    } else setError(r.error)
  }

  return (
    <form
      className="panel mailbox-form"
      aria-label="Mailbox"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <h2>{form.id ? `Edit ${props.initial.address}` : 'Add a shared mailbox'}</h2>
      <div className="form-grid">
        <Field label="Address" path="address" errors={errors}>
          {(id, d) => (
            <input
              id={id}
              type="email"
              aria-describedby={d}
              aria-invalid={d ? true : undefined}
              value={form.address}
              placeholder="support@example.com"
              onChange={(e) => setForm({ ...form, address: e.target.value })}
            />
          )}
        </Field>
        <Field label="Display name" path="displayName" errors={errors}>
          {(id) => (
            <input
              id={id}
              value={form.displayName}
              placeholder="Support"
              onChange={(e) => setForm({ ...form, displayName: e.target.value })}
            />
          )}
        </Field>
      </div>
      <h3>Incoming (IMAP)</h3>
      <EndpointFields
        kind="imap"
        value={form.imap}
        stored={props.stored.imap}
        errors={errors}
        onChange={(imap) => setForm({ ...form, imap })}
      />
      <h3>
        <label className="inline">
          <input
            type="checkbox"
            checked={form.smtpEnabled}
            onChange={(e) => setForm({ ...form, smtpEnabled: e.target.checked })}
          />{' '}
          Outgoing (SMTP) — send replies from this mailbox
        </label>
      </h3>
      {form.smtpEnabled && (
        <EndpointFields
          kind="smtp"
          value={form.smtp}
          stored={props.stored.smtp}
          errors={errors}
          onChange={(smtp) => setForm({ ...form, smtp })}
        />
      )}
      <h3>What to sync</h3>
      <div className="form-grid">
        <Field label="Folders (comma-separated)" path="folders" errors={errors}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              value={form.folders}
              onChange={(e) => setForm({ ...form, folders: e.target.value })}
            />
          )}
        </Field>
        <Field label="Sync window (days, empty: all mail)" path="syncWindowDays" errors={errors}>
          {(id, d) => (
            <input
              id={id}
              inputMode="numeric"
              aria-describedby={d}
              value={form.syncWindowDays}
              onChange={(e) => setForm({ ...form, syncWindowDays: e.target.value })}
            />
          )}
        </Field>
      </div>
      {error && !error.fields?.length && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {error?.fields?.length ? (
        <p role="alert" className="error">
          Check the highlighted fields.
        </p>
      ) : null}
      {test && (
        <ul className="checks" data-testid="mailbox-test">
          <TestLine label="IMAP" result={test.imap} />
          <TestLine label="SMTP" result={test.smtp} />
        </ul>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="secondary"
          onClick={() => void runTest()}
          disabled={testing}
        >
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save mailbox'}
        </button>
        <button type="button" className="link" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}

function ServerPanel(props: { info: WorkspaceInfo; onChanged(): void }) {
  const client = useKontor((s) => s.client)
  const server = props.info.real.server
  const [url, setUrl] = useState(server?.url ?? '')
  const [token, setToken] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const errors = fieldErrors(error)

  const connect = async () => {
    if (!client) return
    setBusy(true)
    const r = await client.call('workspace:connectServer', {
      url: url.trim(),
      ...(token.trim() ? { token: token.trim() } : {}),
    })
    setBusy(false)
    if (r.ok) {
      setError(null)
      setToken('')
      props.onChanged()
    } else setError(r.error)
  }

  const disconnect = async () => {
    if (!client) return
    const r = await client.call('workspace:disconnectServer', {})
    if (r.ok) props.onChanged()
    else setError(r.error)
  }

  return (
    <div className="panel" aria-labelledby="server-title">
      <h2 id="server-title">Sync server</h2>
      <p className="muted">
        Accounts, orders, quotes, invoices and ticket status come from your team&apos;s sync server.
        Ask your administrator for its address and your token.
      </p>
      {server && (
        <p data-testid="server-state">
          {server.url}
          {server.agent ? ` — signed in as ${server.agent.name} (${server.agent.role})` : ''}
          {!server.tokenStored && ' — token needed for this run'}
        </p>
      )}
      <form
        className="form-grid"
        aria-label="Sync server"
        onSubmit={(e) => {
          e.preventDefault()
          void connect()
        }}
      >
        <Field label="Server URL" path="url" errors={errors}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              aria-invalid={d ? true : undefined}
              value={url}
              placeholder="https://kontor.example.com"
              onChange={(e) => setUrl(e.target.value)}
            />
          )}
        </Field>
        <Field label="Token" path="token" errors={errors}>
          {(id, d) => (
            <input
              id={id}
              type="password"
              autoComplete="off"
              aria-describedby={d}
              value={token}
              placeholder={server?.tokenStored ? 'stored — leave empty to keep' : ''}
              onChange={(e) => setToken(e.target.value)}
            />
          )}
        </Field>
        {error && !error.fields?.length && (
          <p role="alert" className="error span-all">
            {error.message}
          </p>
        )}
        <div className="form-actions span-all">
          <button type="submit" disabled={busy}>
            {busy ? 'Checking…' : server ? 'Check and save' : 'Connect'}
          </button>
          {server && (
            <button type="button" className="secondary" onClick={() => void disconnect()}>
              Disconnect
            </button>
          )}
        </div>
      </form>
    </div>
  )
}

/** Which workspace is open, the real one's mailboxes and sync server, and the switch. */
export function SettingsScreen() {
  const client = useKontor((s) => s.client)
  const [info, setInfo] = useState<WorkspaceInfo | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const [editing, setEditing] = useState<{
    form: MailboxForm
    stored: { imap: boolean; smtp: boolean }
  } | null>(null)
  const [switching, setSwitching] = useState(false)

  const load = useCallback(async () => {
    if (!client) return
    const r = await client.call('workspace:get', {})
    if (r.ok) {
      setInfo(r.data)
      setError(null)
    } else setError(r.error)
  }, [client])

  useEffect(() => {
    void load()
  }, [load])

  const switchTo = async (kind: 'demo' | 'real') => {
    if (!client) return
    setSwitching(true)
    const r = await client.call('workspace:switch', { kind })
    setSwitching(false)
    // On success the core announces workspace:switched and the app reloads.
    if (!r.ok) setError(r.error)
  }

  const remove = async (id: string) => {
    if (!client) return
    const r = await client.call('workspace:removeMailbox', { id })
    if (r.ok) void load()
    else setError(r.error)
  }

  const real = info?.real
  const canSwitchToReal = !!real && (real.mailboxes.length > 0 || real.server !== null)

  return (
    <section className="screen" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {!info && !error && <p className="muted">Loading…</p>}
      {info && (
        <>
          <div className="panel" data-testid="workspace-kind">
            <h2>Workspace</h2>
            {info.kind === 'demo' ? (
              <p>
                You are looking at the <strong>demo workspace</strong>: sample mail in three shared
                mailboxes and an embedded sync server with the demo companies, signed in as{' '}
                {info.demo?.agent.name}. Nothing leaves this machine. Add your mailboxes and sync
                server below, then switch.
              </p>
            ) : (
              <p>
                You are working in <strong>your workspace</strong>: {real?.mailboxes.length ?? 0}{' '}
                shared mailbox(es){real?.server ? ` and the sync server ${real.server.url}` : ''}.
              </p>
            )}
            {info.switchable ? (
              <div className="form-actions">
                {info.kind === 'demo' ? (
                  <button
                    type="button"
                    disabled={!canSwitchToReal || switching}
                    onClick={() => void switchTo('real')}
                  >
                    {switching ? 'Opening…' : 'Switch to my workspace'}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="secondary"
                    disabled={switching}
                    onClick={() => void switchTo('demo')}
                  >
                    {switching ? 'Opening…' : 'Open the demo workspace'}
                  </button>
                )}
                <span className="muted">Kontor opens the same workspace next time.</span>
              </div>
            ) : (
              <p className="muted">
                This run was started on a fixed workspace (--db or --demo); restart without it to
                switch.
              </p>
            )}
            <p className="muted small" data-testid="secrets-note">
              {info.secrets.note}
            </p>
          </div>

          <div className="panel" aria-labelledby="mailboxes-title">
            <div className="panel-head">
              <h2 id="mailboxes-title">Shared mailboxes</h2>
              {!editing && (
                <button
                  type="button"
                  onClick={() =>
                    setEditing({ form: emptyMailboxForm(), stored: { imap: false, smtp: false } })
                  }
                >
                  Add mailbox
                </button>
              )}
            </div>
            {real && real.mailboxes.length === 0 && (
              <p className="muted">
                No mailbox of yours yet. Kontor syncs each shared mailbox (support@, billing@ …)
                over IMAP and sends replies over SMTP.
              </p>
            )}
            <ul className="mailbox-list">
              {real?.mailboxes.map((m) => (
                <li key={m.id} data-testid="mailbox">
                  <span>
                    <strong>{m.displayName ?? m.address}</strong>{' '}
                    <span className="muted">{m.address}</span>
                  </span>
                  <span className="muted mono">
                    {m.imap.host}:{m.imap.port} · {m.folders.join(', ')}
                  </span>
                  <span className={m.passwords.imap ? 'ok' : 'warn'}>
                    {m.passwords.imap ? 'password stored' : 'password needed'}
                  </span>
                  <span className="row-actions">
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => setEditing({ form: formFrom(m), stored: m.passwords })}
                    >
                      Edit
                    </button>
                    <button type="button" className="link" onClick={() => void remove(m.id)}>
                      Remove
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          </div>
          {editing && (
            <MailboxEditor
              key={editing.form.id ?? 'new'}
              initial={editing.form}
              stored={editing.stored}
              onDone={() => {
                setEditing(null)
                void load()
              }}
            />
          )}
          <ServerPanel info={info} onChanged={() => void load()} />
          <ImageSendersPanel client={client} />
        </>
      )}
    </section>
  )
}
