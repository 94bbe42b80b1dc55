import { describe, expect, it } from 'vitest';
import { passAtK } from './pass-at-k.js';

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

describe('passAtK', () => {
  it('equals 1 − C(n−c,k)/C(n,k)', () => {
    for (const [n, c, k] of [[10, 3, 1], [10, 3, 5], [20, 1, 4], [8, 0, 2], [16, 15, 8]] as const) {
      expect(passAtK(n, c, k)).toBeCloseTo(1 - binomial(n - c, k) / binomial(n, k), 12);
    }
  });

  it('is the pass rate at k = 1 and certain when fewer than k failed', () => {
    expect(passAtK(10, 4, 1)).toBeCloseTo(0.4, 12);
    expect(passAtK(10, 8, 3)).toBe(1);
  });

  it('rejects k outside 1..n', () => {
    expect(() => passAtK(4, 1, 5)).toThrow(/1 <= k <= n/);
  });
});
