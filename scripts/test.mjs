// `npm test`: install missing test servers, build the app (the e2e tests open the built
// console in Chromium, and a test checks the built preload), run every vitest project,
// then print one closing line "tests: N passed, N failed, N skipped". Skipped or todo
// tests fail the run: nothing in this tree may be switched off.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' })
  return r.status ?? 1
}

if (run('node', ['scripts/test-prereqs.mjs']) !== 0) process.exit(1)
if (run('npx', ['electron-vite', 'build']) !== 0) process.exit(1)

mkdirSync('test-results', { recursive: true })
const report = 'test-results/vitest.json'
const extra = process.argv.slice(2)
const code = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
])

if (!existsSync(report)) {
  console.error('vitest wrote no report')
  process.exit(code || 1)
}
const r = JSON.parse(readFileSync(report, 'utf8'))
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`)
if (skipped > 0) console.error('Skipped or todo tests are not allowed in this tree.')
if (r.numTotalTests === 0) console.error('No test ran.')
process.exit(code !== 0 || skipped > 0 || r.numTotalTests === 0 ? 1 : 0)
