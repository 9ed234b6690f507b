import { ConsoleScreen } from './screens/ConsoleScreen'
import { SystemScreen } from './screens/SystemScreen'
import { useKontor, type View } from './store'

const NAV: { label: string; view: View }[] = [
  { label: 'All open', view: { kind: 'queue', queue: 'all' } },
  { label: 'Triage', view: { kind: 'queue', queue: 'triage' } },
  { label: 'System', view: { kind: 'system' } },
]

function sameView(a: View, b: View): boolean {
  return a.kind === b.kind && (a.kind !== 'queue' || (b.kind === 'queue' && a.queue === b.queue))
}

export function App() {
  const connected = useKontor((s) => s.connected)
  const view = useKontor((s) => s.view)
  const setView = useKontor((s) => s.setView)
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Kontor</span>
        <span className={`badge ${connected ? 'badge-ok' : 'badge-off'}`} data-testid="connection">
          {connected ? 'Connected' : 'Connecting…'}
        </span>
      </header>
      <div className="body">
        <nav className="sidebar" aria-label="Queues">
          {NAV.map((item) => (
            <button
              key={item.label}
              type="button"
              className={`nav-item${sameView(view, item.view) ? ' active' : ''}`}
              aria-current={sameView(view, item.view) ? 'page' : undefined}
              onClick={() => setView(item.view)}
            >
              {item.label}
            </button>
          ))}
        </nav>
        <main className="content">
          {view.kind === 'system' ? <SystemScreen /> : <ConsoleScreen />}
        </main>
      </div>
    </div>
  )
}
