import { z } from 'zod'
import { addressKey } from '../../shared/mail/address'
import type { DbHandle } from '../db/open'

/** `kontor accounts import` file: local accounts and contacts until the sync server provides them. */
export const accountsImportSchema = z.array(
  z
    .object({
      id: z.string().min(1).max(120),
      name: z.string().min(1).max(300),
      domains: z.array(z.string().min(1).max(253)).default([]),
      contacts: z
        .array(
          z.object({
            email: z.email(),
            name: z.string().max(300).nullable().optional(),
            role: z.string().max(100).nullable().optional(),
          }),
        )
        .default([]),
    })
    .strict(),
)

export type AccountsImport = z.input<typeof accountsImportSchema>

/** Replace the local accounts and contacts with the file's (one transaction). */
export function importAccounts(
  db: DbHandle,
  input: unknown,
): { accounts: number; contacts: number } {
  const accounts = accountsImportSchema.parse(input)
  let contacts = 0
  db.sqlite.transaction(() => {
    db.sqlite.prepare('DELETE FROM local_contacts').run()
    db.sqlite.prepare('DELETE FROM local_accounts').run()
    const insA = db.sqlite.prepare(
      'INSERT INTO local_accounts (id, name, domains) VALUES (?, ?, ?)',
    )
    const insC = db.sqlite.prepare(
      'INSERT INTO local_contacts (email, account_id, name, role) VALUES (?, ?, ?, ?) ON CONFLICT (email) DO UPDATE SET account_id = excluded.account_id, name = excluded.name, role = excluded.role',
    )
    for (const a of accounts) {
      insA.run(a.id, a.name, JSON.stringify(a.domains.map((d) => d.toLowerCase())))
      for (const c of a.contacts) {
        insC.run(addressKey(c.email), a.id, c.name ?? null, c.role ?? null)
        contacts++
      }
    }
  })()
  return { accounts: accounts.length, contacts }
}
