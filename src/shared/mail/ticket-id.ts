/**
 * A ticket's id is a hash of its thread's root Message-ID (ARCHITECTURE: "never from local row
 * ids"), so every client that holds the same mail names the ticket the same way.
 *
 * The hash is injected: src/shared is pure and may not import node:crypto; the core passes a
 * SHA-256 (see src/main/mail/hash.ts). The id must not depend on anything local.
 */
export type HashHex = (input: string) => string

export function ticketIdFor(rootMessageId: string, sha256Hex: HashHex): string {
  return 't_' + sha256Hex('kontor-ticket\u0000' + rootMessageId).slice(0, 24)
}

/** A stand-in root for a message without any Message-ID: its own stable identity key. */
export function syntheticRootId(identityKey: string): string {
  return `kontor-no-message-id.${identityKey}`
}
