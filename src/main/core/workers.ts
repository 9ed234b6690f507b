import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * Start the worker-thread entry `name` that lives in `dir` (the caller's `__dirname`). Built:
 * `name.js` beside the main bundle (electron.vite.config.ts lists the entries). Under tsx or
 * vitest the entry is TypeScript and the worker registers tsx's CommonJS loader first (worker
 * threads do not inherit the parent's loader hooks).
 */
export function spawnEntryWorker(
  dir: string,
  name: string,
  options: Omit<WorkerOptions, 'eval'> = {},
): Worker {
  const js = join(dir, `${name}.js`)
  if (existsSync(js)) return new Worker(js, options)
  const ts = join(dir, `${name}.ts`)
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(ts)})`, {
    ...options,
    eval: true,
  })
}
