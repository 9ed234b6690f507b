import { useEffect, useState } from 'react'
import type { WorkspaceKind } from '../../shared/contract'
import { QueueNav } from './components/QueueNav'
import { SearchBox } from './components/SearchBox'
import { ConsoleScreen } from './screens/ConsoleScreen'
import { SettingsScreen } from './screens/SettingsScreen'
import { SystemScreen } from './screens/SystemScreen'
import { useKontor } from './store'

/** The demo banner, once dismissed, stays away (Settings stays in the sidebar). */
const BANNER_KEY = 'kontor.demoBannerDismissed'
/** A reload after the open workspace was reconfigured returns to Settings. */
const REOPEN_SETTINGS_KEY = 'kontor.reopenSettings'

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
  const setView = useKontor((s) => s.setView)
  const [workspace, setWorkspace] = useState<WorkspaceKind | null>(null)
  const [bannerDismissed, setBannerDismissed] = useState(
    () => localStorage.getItem(BANNER_KEY) === '1',
  )

  useEffect(() => {
    if (!client) return
    void client.call('sync:status', {}).then((r) => r.ok && setSync(r.data))
    return client.on('sync:statusChanged', setSync)
  }, [client, setSync])

  // Which workspace is open (demo or real). When the core switches (or reconfigures the open
  // one) every screen's data is stale: reload, back to Settings if it was only reconfigured.
  useEffect(() => {
    if (!client) return
    if (sessionStorage.getItem(REOPEN_SETTINGS_KEY) === '1') {
      sessionStorage.removeItem(REOPEN_SETTINGS_KEY)
      setView({ kind: 'settings' })
    }
    let kind: WorkspaceKind | null = null
    void client.call('workspace:get', {}).then((r) => {
      if (!r.ok) return
      kind = r.data.kind
      setWorkspace(r.data.kind)
    })
    return client.on('workspace:switched', (e) => {
      if (e.kind === kind) sessionStorage.setItem(REOPEN_SETTINGS_KEY, '1')
      window.location.reload()
    })
  }, [client, setView])

  const dismissBanner = () => {
    localStorage.setItem(BANNER_KEY, '1')
    setBannerDismissed(true)
  }

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Kontor</span>
        <SearchBox />
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
        {workspace === 'demo' && (
          <span className="badge badge-demo" data-testid="workspace-badge">
            Demo
          </span>
        )}
      </header>
      {workspace === 'demo' && !bannerDismissed && (
        <div className="demo-banner" role="status" data-testid="demo-banner">
          <span>
            You are looking at <strong>demo data</strong>: sample mail from made-up companies and an
            embedded sync server. Nothing leaves this machine.
          </span>
          <button type="button" onClick={() => setView({ kind: 'settings' })}>
            Connect your mailboxes / sync server
          </button>
          <button
            type="button"
            className="link"
            aria-label="Dismiss the demo banner"
            onClick={dismissBanner}
          >
            Dismiss
          </button>
        </div>
      )}
      <div className="body">
        <QueueNav />
        <main className="content">
          {view.kind === 'system' ? (
            <SystemScreen />
          ) : view.kind === 'settings' ? (
            <SettingsScreen />
          ) : (
            <ConsoleScreen />
          )}
        </main>
      </div>
    </div>
  )
}
