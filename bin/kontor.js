#!/usr/bin/env node
'use strict'
// The `kontor` CLI runs the TypeScript core directly through tsx (no build step needed).
const { register } = require('tsx/cjs/api')
register()
const { runCli, processContext } = require('../src/main/cli/index.ts')
runCli(process.argv.slice(2), processContext()).then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    process.stderr.write(`kontor: ${error && error.message ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
