import { createHash } from 'node:crypto'

/** SHA-256 as lower-case hex: the hash injected into src/shared's ticket-id rule. */
export function sha256Hex(input: string): string {
  return createHash('sha256').update(input, 'utf8').digest('hex')
}
