/**
 * A small seeded pseudo-random generator for demo data and generated mail.
 *
 * Demo data must be byte-for-byte reproducible (same seed → same mailbox, same seeded
 * server), so nothing here touches `Math.random` or the clock. The core is sfc32
 * (Chris Doty-Humphrey's "small fast counter"), seeded through a string hash (cyrb128) so
 * that any string or number is a valid seed. Quality is ample for test data; it is not
 * cryptographic.
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T
  /** One element chosen by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T
  /** k distinct elements (k is clamped to the array's length), in random order. */
  sample<T>(items: readonly T[], k: number): T[]
  /** An independent generator derived from this one's seed and a label (stable across code changes elsewhere). */
  fork(label: string): Prng
}

/** cyrb128: hashes a string into four 32-bit words, the seed for sfc32. */
function cyrb128(input: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < input.length; i++) {
    const k = input.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/** Creates a generator from a seed; equal seeds give equal sequences on every platform. */
export function createPrng(seed: string | number): Prng {
  const seedText = String(seed)
  let [a, b, c, d] = cyrb128(seedText)
  const nextU32 = (): number => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return t >>> 0
  }
  // Discard the first outputs: sfc32 mixes its state in the first few rounds.
  for (let i = 0; i < 15; i++) nextU32()

  const next = (): number => nextU32() / 4294967296
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const prng: Prng = {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty array')
      return items[int(0, items.length - 1)] as T
    },
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((sum, [, w]) => sum + w, 0)
      let r = next() * total
      for (const [item, w] of items) {
        r -= w
        if (r < 0) return item
      }
      const last = items[items.length - 1]
      if (!last) throw new Error('weighted pick from an empty array')
      return last[0]
    },
    sample: <T>(items: readonly T[], k: number): T[] => {
      const copy = items.slice()
      const n = Math.min(k, copy.length)
      for (let i = 0; i < n; i++) {
        const j = int(i, copy.length - 1)
        const tmp = copy[i] as T
        copy[i] = copy[j] as T
        copy[j] = tmp
      }
      return copy.slice(0, n)
    },
    fork: (label) => createPrng(`${seedText}/${label}`),
  }
  return prng
}
