/**
 * The sync server's public entry: what its command line (`kontor serve`, `kontor server ...`)
 * needs, in one place, so the CLI depends on this module only.
 */
export { addAgent, assignAccounts, revokeAgent } from './agents'
export { buildServer, type ServerOptions } from './app'
export { verifyAudit, type AuditVerification } from './audit'
export { openStore, type Store, type StoreOptions } from './db/store'
export { seedDemo, demoRows, type DemoExtras, type DemoSummary } from './demo'
export { csvToRows, importRows } from './import'
