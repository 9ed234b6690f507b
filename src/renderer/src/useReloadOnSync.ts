import { useEffect } from 'react'
import { useKontor } from './store'

/**
 * Run `load` now, and again whenever the sync client changes the outbox or the server replica
 * (a change queued, pushed, rejected or pulled back), while `active`. A load that finishes
 * after the component stopped listening is not started again.
 */
export function useReloadOnSync(active: boolean, load: () => Promise<void>): void {
  const client = useKontor((s) => s.client)
  useEffect(() => {
    if (!client || !active) return
    let live = true
    const reload = () => {
      if (live) void load()
    }
    reload()
    const off = client.on('db:changed', (e) => {
      if (e.tables.some((t) => t === 'sync_outbox' || t.startsWith('replica'))) reload()
    })
    return () => {
      live = false
      off()
    }
  }, [client, active, load])
}
