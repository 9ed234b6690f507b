import { useEffect } from 'react'
import { useKontor } from '../store'

const STATUS_LABEL = { ok: 'OK', warn: 'Check', fail: 'Failed' } as const

/** What is running, on which store, and whether this machine has what Kontor needs. */
export function SystemScreen() {
  const info = useKontor((s) => s.info)
  const infoError = useKontor((s) => s.infoError)
  const diagnostics = useKontor((s) => s.diagnostics)
  const diagnosing = useKontor((s) => s.diagnosing)
  const diagnosticsError = useKontor((s) => s.diagnosticsError)
  const loadInfo = useKontor((s) => s.loadInfo)
  const runDiagnostics = useKontor((s) => s.runDiagnostics)

  useEffect(() => {
    void loadInfo()
  }, [loadInfo])

  return (
    <section className="screen" aria-labelledby="system-title">
      <h1 id="system-title">System</h1>
      <div className="panel">
        <h2>This installation</h2>
        {infoError && (
          <p role="alert" className="error">
            {infoError.message}
          </p>
        )}
        {!info && !infoError && <p className="muted">Loading…</p>}
        {info && (
          <dl className="facts" data-testid="app-info">
            <dt>Version</dt>
            <dd>{info.version}</dd>
            <dt>Connected through</dt>
            <dd data-testid="transport">
              {info.transport === 'ipc' ? 'Desktop app' : 'Web mode (loopback)'}
            </dd>
            <dt>Local store</dt>
            <dd className="mono">{info.database.path}</dd>
            <dt>Schema</dt>
            <dd>
              {info.database.appliedMigrations} of {info.database.shippedMigrations} migrations,
              journal {info.database.journalMode}
            </dd>
            <dt>Runtime</dt>
            <dd>
              Node {info.nodeVersion} on {info.platform}
            </dd>
          </dl>
        )}
      </div>
      <div className="panel">
        <div className="panel-head">
          <h2>Checks</h2>
          <button type="button" onClick={() => void runDiagnostics()} disabled={diagnosing}>
            {diagnosing ? 'Checking…' : 'Run checks'}
          </button>
        </div>
        {diagnosticsError && (
          <p role="alert" className="error">
            {diagnosticsError.message}
          </p>
        )}
        {!diagnostics && !diagnosing && (
          <p className="muted">
            Checks the runtime and the local database. <code>kontor doctor</code> on the command
            line checks the test servers too.
          </p>
        )}
        {diagnostics && (
          <ul className="checks" data-testid="diagnostics">
            {diagnostics.map((d) => (
              <li key={d.id} className={`check check-${d.status}`}>
                <span className="check-status">{STATUS_LABEL[d.status]}</span>
                <span className="check-label">{d.label}</span>
                <span className="check-detail">{d.detail}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  )
}
