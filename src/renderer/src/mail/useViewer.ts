import { useEffect, useState } from 'react'
import type { ContractClient } from '../../../shared/contract/client'
import type { ViewerSettings } from '../../../shared/contract/viewer'

/**
 * The viewer's settings from the core (attachments folder, what the desktop shell can do,
 * senders whose images load), kept current when another window changes the sender list.
 */
export function useViewerSettings(client: ContractClient | null): ViewerSettings | null {
  const [settings, setSettings] = useState<ViewerSettings | null>(null)
  useEffect(() => {
    if (!client) return
    let live = true
    void client.call('viewer:settings', {}).then((r) => {
      if (live && r.ok) setSettings(r.data)
    })
    const off = client.on('viewer:imageSendersChanged', (e) =>
      setSettings((s) => (s ? { ...s, imageSenders: e.imageSenders } : s)),
    )
    return () => {
      live = false
      off()
    }
  }, [client])
  return settings
}

export interface SenderRole {
  name: string | null
  role: string
}

/** Contact roles (buyer, finance ...) of an account's people, by lower-cased address, from the local replica. */
export function useSenderRoles(
  client: ContractClient | null,
  accountId: string | null,
): Map<string, SenderRole> {
  const [roles, setRoles] = useState<Map<string, SenderRole>>(new Map())
  useEffect(() => {
    if (!client || !accountId) {
      setRoles(new Map())
      return
    }
    let live = true
    const load = async () => {
      const r = await client.call('replica:list', { entity: 'contact', accountId, limit: 1000 })
      if (!live || !r.ok) return
      const next = new Map<string, SenderRole>()
      for (const c of r.data) {
        const { email, role, name } = c.data
        if (typeof email === 'string' && typeof role === 'string' && role)
          next.set(email.toLowerCase(), { role, name: typeof name === 'string' ? name : null })
      }
      setRoles(next)
    }
    void load()
    const off = client.on('db:changed', (e) => {
      if (e.tables.some((t) => t.startsWith('replica'))) void load()
    })
    return () => {
      live = false
      off()
    }
  }, [client, accountId])
  return roles
}
