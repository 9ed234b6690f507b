import { useEffect } from 'react'
import { QueueNav } from './components/QueueNav'
import { ConsoleScreen } from './screens/ConsoleScreen'
import { SystemScreen } from './screens/SystemScreen'
import { useKontor } from './store'

const SYNC_LABEL = {
  idle: 'Synced',
  syncing: 'Syncing…',
  offline: 'Offline',
  error: 'Sync problem',
} as const

export function App() {
  const connected = useKontor((s) => s.connected)
  const view = useKontor((s) => s.view)
  const sync = useKontor((s) => s.sync)
  const setSync = useKontor((s) => s.setSync)
  const client = useKontor((s) => s.client)

  useEffect(() => {
    if (!client) return
    void client.call('sync:status', {}).then((r) => r.ok && setSync(r.data))
    return client.on('sync:statusChanged', setSync)
  }, [client, setSync])

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Kontor</span>
        <span className={`badge ${connected ? 'badge-ok' : 'badge-off'}`} data-testid="connection">
          {connected ? 'Connected' : 'Connecting…'}
        </span>
        {sync?.configured && (
          <span
            className={`badge ${sync.state === 'idle' || sync.state === 'syncing' ? 'badge-ok' : 'badge-off'}`}
            title={sync.lastError?.message ?? ''}
            data-testid="sync-status"
          >
            {SYNC_LABEL[sync.state]}
            {sync.pending > 0 ? ` · ${sync.pending} pending` : ''}
            {sync.rejected > 0 ? ` · ${sync.rejected} rejected` : ''}
          </span>
        )}
      </header>
      <div className="body">
        <QueueNav />
        <main className="content">
          {view.kind === 'system' ? <SystemScreen /> : <ConsoleScreen />}
        </main>
      </div>
    </div>
  )
}
