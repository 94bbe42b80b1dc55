import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { integerKnob, knobNamed } from './knobs.js';

const digits = { name: 'digits', description: 'digits', atEasiest: 1, atHardest: 8 };

describe('integerKnob', () => {
  it('gives the end values exactly at difficulty 0 and 1', () => {
    const random = new Random(1);
    for (let draw = 0; draw < 50; draw++) {
      expect(integerKnob(digits, 0, random)).toBe(1);
      expect(integerKnob(digits, 1, random)).toBe(8);
    }
  });

  it('rounds up with the probability of the fraction, so the mean follows the difficulty', () => {
    const random = new Random(2);
    const draws = Array.from({ length: 4000 }, () => integerKnob(digits, 0.35, random));
    expect(new Set(draws)).toEqual(new Set([3, 4]));
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    expect(mean).toBeCloseTo(1 + 7 * 0.35, 1);
  });

  it('names the known knobs when asked for an unknown one', () => {
    expect(() => knobNamed([digits], 'digit')).toThrow('no knob named "digit" (known: digits)');
  });
});
