import { describe, expect, it } from 'vitest'
import { storeBatchFor, uidSet } from '../../../src/main/mail/sync'

describe('uidSet', () => {
  it('compresses sorted runs and drops duplicates', () => {
    expect(uidSet([5, 1, 2, 3, 9, 12, 13, 3])).toBe('1:3,5,9,12:13')
    expect(uidSet([7])).toBe('7')
    expect(uidSet([])).toBe('')
  })
})

describe('storeBatchFor', () => {
  it('stores small folders in fetch-sized transactions', () => {
    expect(storeBatchFor(0, 500)).toBe(500)
    expect(storeBatchFor(1_200, 500)).toBe(500)
    expect(storeBatchFor(4_999, 500)).toBe(500)
  })

  it('stores a large folder in about ten transactions of at most 5,000 rows', () => {
    expect(storeBatchFor(20_000, 500)).toBe(2_000)
    expect(storeBatchFor(33_333, 500)).toBe(3_334)
    expect(storeBatchFor(50_000, 500)).toBe(5_000)
    expect(storeBatchFor(1_000_000, 500)).toBe(5_000)
  })

  it('never goes below the fetch batch, and a fixed size wins', () => {
    expect(storeBatchFor(100_000, 8_000)).toBe(8_000)
    expect(storeBatchFor(50_000, 500, 101)).toBe(101)
    expect(storeBatchFor(50_000, 500, 0)).toBe(1)
  })
})
