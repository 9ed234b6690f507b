// Runs every benchmark that exists (bench/*.ts), one after another, each in its own process.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const order = ['sla', 'console', 'server', 'sync', 'ui']
let failed = 0
for (const name of order) {
  const file = `bench/${name}.ts`
  if (!existsSync(file)) continue
  console.log(`\n=== npm run bench:${name} ===`)
  const r = spawnSync('npx', ['tsx', file], { stdio: 'inherit' })
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
