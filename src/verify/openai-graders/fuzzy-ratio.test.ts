import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import { fuzzyRatio, longestCommonSubsequence } from './fuzzy-ratio.js';

function quadraticLcs(a: string[], b: string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const row = [0];
    b.forEach((y, j) => row.push(x === y ? previous[j]! + 1 : Math.max(previous[j + 1]!, row[j]!)));
    previous = row;
  }
  return previous[b.length]!;
}

describe('fuzzyRatio', () => {
  it('matches rapidfuzz fuzz.ratio on known pairs', () => {
    // rapidfuzz: fuzz.ratio("this is a test", "this is a test!") == 96.55…
    expect(fuzzyRatio('this is a test', 'this is a test!')).toBeCloseTo(0.9655, 4);
    expect(fuzzyRatio('kitten', 'sitting')).toBeCloseTo((2 * 4) / 13, 10);
    expect(fuzzyRatio('', '')).toBe(1);
    expect(fuzzyRatio('abc', '')).toBe(0);
    expect(fuzzyRatio('abc', 'xyz')).toBe(0);
  });

  it('agrees with the quadratic LCS across word boundaries (patterns longer than 32, 64 characters)', () => {
    const random = new Random('lcs');
    for (let trial = 0; trial < 200; trial++) {
      const make = () => Array.from({ length: random.int(0, 150) }, () => 'abcd'[random.int(0, 3)]!);
      const [a, b] = [make(), make()];
      const [pattern, text] = a.length <= b.length ? [a, b] : [b, a];
      expect(longestCommonSubsequence(pattern, text)).toBe(quadraticLcs(a, b));
    }
  });
});
