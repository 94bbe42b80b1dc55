import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { SumTree } from './sum-tree.js';

function naiveFind(weights: number[], uniform: number): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let target = uniform * total;
  for (let i = 0; i < weights.length; i++) {
    if (target < weights[i]!) return i;
    target -= weights[i]!;
  }
  return weights.findLastIndex((weight) => weight > 0);
}

describe('SumTree', () => {
  it('agrees with a naive prefix scan after random updates, for sizes that are not powers of two', () => {
    const random = new Random(7);
    for (const size of [1, 2, 3, 5, 17, 100, 1000]) {
      const weights = Array.from({ length: size }, () => (random.bool(0.2) ? 0 : random.next() * 10));
      weights[random.int(0, size - 1)] = 1;
      const tree = new SumTree(weights);
      for (let step = 0; step < 200; step++) {
        if (step % 2 === 0) {
          const index = random.int(0, size - 1);
          weights[index] = random.bool(0.3) ? 0 : random.next() * 5;
          tree.set(index, weights[index]!);
        }
        if (!weights.some((weight) => weight > 0)) continue;
        const uniform = random.next();
        expect(tree.find(uniform)).toBe(naiveFind(weights, uniform));
        expect(tree.total).toBeCloseTo(weights.reduce((sum, weight) => sum + weight, 0), 9);
      }
    }
  });

  it('never lands on a zero-weight leaf, even at u close to 1', () => {
    const tree = new SumTree([0, 0.1, 0, 0.2, 0, 0, 0]);
    for (const uniform of [0, 0.3333, 0.33334, 0.999999999, 1 - 2 ** -53]) expect([1, 3]).toContain(tree.find(uniform));
  });

  it('keeps the exact total after many updates (no drift)', () => {
    const tree = new SumTree(64);
    const random = new Random(1);
    for (let k = 0; k < 200_000; k++) tree.set(random.int(0, 63), random.next());
    for (let i = 0; i < 64; i++) tree.set(i, 0.25);
    expect(tree.total).toBe(16);
  });

  it('refill replaces every weight at once and draws like a tree built from the new weights', () => {
    const random = new Random(3);
    const weights = Array.from({ length: 37 }, () => random.next());
    const tree = new SumTree(37);
    tree.refill((index) => weights[index]!);
    const built = new SumTree(weights);
    expect(tree.total).toBe(built.total);
    for (let k = 0; k < 100; k++) {
      const uniform = random.next();
      expect(tree.find(uniform)).toBe(naiveFind(weights, uniform));
    }
    expect(() => tree.refill((index) => (index === 5 ? -2 : 1))).toThrow(/received -2 at index 5/);
  });

  it('rejects bad weights and indices, and an all-zero draw, with the value received', () => {
    const tree = new SumTree(3);
    expect(() => tree.set(1, -1)).toThrow(/received -1 at index 1/);
    expect(() => tree.set(1, Number.NaN)).toThrow(/received NaN/);
    expect(() => tree.set(3, 1)).toThrow(/\[0, 3\), received 3/);
    expect(() => tree.find(0.5)).toThrow(/every weight is zero/);
  });
});
