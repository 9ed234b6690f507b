import { createServer } from 'node:net'

/** A free TCP port on loopback (the OS picks it; the listener is closed before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (!address || typeof address === 'string') {
        server.close()
        reject(new Error('no port assigned'))
        return
      }
      const { port } = address
      server.close(() => resolve(port))
    })
  })
}
