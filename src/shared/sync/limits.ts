/**
 * Protocol limits shared by client and server. The server answers a request above a
 * count limit with 413 (and one above its rate with 429) before parsing the rest, so a
 * client must split its outbox into batches of at most MAX_PUSH_BATCH.
 */
export const LIMITS = {
  /** Mutations per push request. */
  MAX_PUSH_BATCH: 100,
  /** Changes per pull page (the default is smaller). */
  MAX_PULL_PAGE: 1000,
  DEFAULT_PULL_PAGE: 500,
  /** Newly visible accounts whose full state is sent in one pull page. */
  MAX_SNAPSHOT_ACCOUNTS: 25,
  /** Rows per import request. */
  MAX_IMPORT_ROWS: 5000,
  /** Lines per order or quote revision. */
  MAX_LINES: 200,
  /** Tags per ticket. */
  MAX_TAGS: 50,
  /** Short identifiers and names. */
  MAX_ID: 128,
  MAX_NAME: 300,
  /** Internal note text. */
  MAX_NOTE: 20_000,
  /** Money in minor units (cents): far above any real order, far below 2^53. */
  MAX_MONEY: 1_000_000_000_000,
  MAX_QTY: 10_000_000,
} as const
