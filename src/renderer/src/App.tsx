import { useKontor } from './store'
import { SystemScreen } from './screens/SystemScreen'

export function App() {
  const connected = useKontor((s) => s.connected)
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Kontor</span>
        <span className={`badge ${connected ? 'badge-ok' : 'badge-off'}`} data-testid="connection">
          {connected ? 'Connected' : 'Connecting…'}
        </span>
      </header>
      <main className="content">
        <SystemScreen />
      </main>
    </div>
  )
}
