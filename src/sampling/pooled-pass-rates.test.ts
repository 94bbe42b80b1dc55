import { describe, expect, it } from 'vitest';
import { PooledPassRates, POOL_PRIOR_STRENGTH } from './pooled-pass-rates.js';

/** Family `a` in buckets [0.3, 0.4) (p0–p3; 0.3 sits on the bucket edge) and [0.4, 0.5) (p4); family `b` (p5). */
function counts() {
  return {
    families: ['a', 'a', 'a', 'a', 'a', 'b'],
    difficulties: Float64Array.from([0.31, 0.35, 0.39, 0.3, 0.45, 0.35]),
    attempts: Float64Array.from([4, 6, 0, 0, 0, 0]),
    successes: Float64Array.from([3, 1, 0, 0, 0, 0]),
  };
}

describe('PooledPassRates', () => {
  it('shrinks each rate toward its pool: (s + m·p_pool) / (n + m), p_pool = (S + 1) / (N + 2)', () => {
    expect(POOL_PRIOR_STRENGTH).toBe(2);
    const pooled = new PooledPassRates(counts(), 0.1);
    expect(pooled.poolCount).toBe(3);
    // Pool a/[0.3, 0.4): S = 4, N = 10 → p_pool = 5/12.
    expect(pooled.poolRate(0)).toBeCloseTo(5 / 12, 12);
    expect(pooled.passRate(0)).toBeCloseTo((3 + 2 * (5 / 12)) / (4 + 2), 12); // 23/36
    expect(pooled.passRate(1)).toBeCloseTo((1 + 2 * (5 / 12)) / (6 + 2), 12); // 11/48
    expect(pooled.passRate(2)).toBeCloseTo(5 / 12, 12);
    expect(pooled.passRate(3)).toBeCloseTo(5 / 12, 12);
    // Pools without attempts: exactly the store's (s + 1) / (n + 2) = 1/2.
    expect(pooled.passRate(4)).toBe(0.5);
    expect(pooled.passRate(5)).toBe(0.5);
  });

  it('observe moves every member of the pools that received attempts, and only those', () => {
    const source = counts();
    const pooled = new PooledPassRates(source, 0.1);
    // The corpus index counts the group first: p2 gets 4 attempts, 2 full successes (0.5 is partial).
    source.attempts[2] = 4;
    source.successes[2] = 2;
    const changed = pooled.observe([{ position: 2, scores: [1, 1, 0, 0.5] }]);
    expect(changed.flatMap((members) => [...members]).sort()).toEqual([0, 1, 2, 3]);
    // S = 6, N = 14 → p_pool = 7/16.
    expect(pooled.passRate(2)).toBeCloseTo((2 + 2 * (7 / 16)) / (4 + 2), 12); // 23/48
    expect(pooled.passRate(3)).toBeCloseTo(7 / 16, 12);
    expect(pooled.passRate(4)).toBe(0.5);
    expect(pooled.observe([{ position: 4, scores: [] }])).toEqual([]);
  });

  it('rejects a bucket width that is not positive', () => {
    expect(() => new PooledPassRates(counts(), 0)).toThrow(/bucket width must be > 0/);
  });
});
