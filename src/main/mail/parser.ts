import type { Worker } from 'node:worker_threads'
import { spawnEntryWorker } from '../core/workers'
import { PARSE_LIMITS, type ParseRequest, type ParseResponse } from './parse-limits'
import type { BodyRecord } from './store'

/**
 * A small pool of parse workers. A parse that runs past the time limit terminates its worker
 * (the only way to stop runaway synchronous code) and a fresh one replaces it; the message is
 * stored as failed with its raw source, and the folder's sync goes on.
 */
export class ParserPool {
  private readonly workers: PoolWorker[] = []
  private closed = false

  constructor(
    private readonly size = 1,
    private readonly timeoutMs: number = PARSE_LIMITS.timeoutMs,
  ) {}

  async parse(raw: Buffer, truncated = false): Promise<BodyRecord> {
    if (this.closed) throw new Error('parser pool is closed')
    const worker = this.pick()
    const res = await worker.run(raw, this.timeoutMs)
    if (res.ok)
      return {
        text: res.text,
        html: res.html,
        attachments: res.attachments,
        parseError: null,
        raw: null,
        truncated,
      }
    return { text: null, html: null, attachments: [], parseError: res.error, raw, truncated }
  }

  parseMany(items: { raw: Buffer; truncated: boolean }[]): Promise<BodyRecord[]> {
    return Promise.all(items.map((i) => this.parse(i.raw, i.truncated)))
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.all(this.workers.map((w) => w.terminate()))
    this.workers.length = 0
  }

  private pick(): PoolWorker {
    if (this.workers.length < this.size) {
      const w = new PoolWorker()
      this.workers.push(w)
      return w
    }
    return this.workers.reduce((a, b) => (a.load <= b.load ? a : b))
  }
}

class PoolWorker {
  private worker: Worker | null = null
  private nextId = 1
  private readonly pending = new Map<
    number,
    { resolve: (r: ParseResponse) => void; timer: NodeJS.Timeout }
  >()

  get load(): number {
    return this.pending.size
  }

  private ensure(): Worker {
    if (this.worker) return this.worker
    const w = spawnEntryWorker(__dirname, 'parse-worker')
    w.unref()
    w.on('message', (res: ParseResponse) => {
      const p = this.pending.get(res.id)
      if (!p) return
      clearTimeout(p.timer)
      this.pending.delete(res.id)
      p.resolve(res)
    })
    const failAll = (reason: string) => {
      if (this.worker !== w) return
      this.worker = null
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer)
        p.resolve({ id, ok: false, error: reason })
      }
      this.pending.clear()
    }
    w.on('error', (e) => failAll(`parser crashed: ${e.message.slice(0, 200)}`))
    w.on('exit', () => failAll('parser exited'))
    this.worker = w
    return w
  }

  run(raw: Buffer, timeoutMs: number): Promise<ParseResponse> {
    const w = this.ensure()
    const id = this.nextId++
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        // Runaway parse: kill the worker; every job on it fails and a new worker starts lazily.
        const p = this.pending.get(id)
        this.pending.delete(id)
        p?.resolve({ id, ok: false, error: `parse exceeded ${timeoutMs} ms` })
        if (this.worker === w) {
          this.worker = null
          for (const [otherId, other] of this.pending) {
            clearTimeout(other.timer)
            other.resolve({ id: otherId, ok: false, error: `parse aborted (worker restarted)` })
          }
          this.pending.clear()
          void w.terminate()
        }
      }, timeoutMs)
      this.pending.set(id, { resolve, timer })
      const req: ParseRequest = { id, raw: new Uint8Array(raw) }
      w.postMessage(req)
    })
  }

  async terminate(): Promise<void> {
    const w = this.worker
    this.worker = null
    if (w) await w.terminate()
  }
}
