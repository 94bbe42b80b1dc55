import { describe, expect, it } from 'vitest';
import { groupAdvantages, isDegenerateGroup } from './advantages.js';
import { overlongPenalty } from './overlong-penalty.js';
import { learningRateAt } from './learning-rate.js';

describe('groupAdvantages', () => {
  it('grpo scaling: (r − mean)/(std + ε) per group, unbiased std', () => {
    // Group [1, 0, 0, 1]: mean 0.5, unbiased std sqrt(1/3).
    const std = Math.sqrt(1 / 3);
    const advantages = groupAdvantages([1, 0, 0, 1, 1, 1, 1, 1], 4, 'group', 1e-4);
    expect(advantages.slice(0, 4)).toEqual([0.5, -0.5, -0.5, 0.5].map((value) => value / (std + 1e-4)));
    expect(advantages.slice(4)).toEqual([0, 0, 0, 0]);
  });

  it('dr_grpo scaling: r − mean only', () => {
    expect(groupAdvantages([1, 0, 0, 0], 4, 'none')).toEqual([0.75, -0.25, -0.25, -0.25]);
  });

  it('rejects rewards that are not whole groups', () => {
    expect(() => groupAdvantages([1, 0, 1], 2, 'none')).toThrow(/whole number of groups of 2/);
  });

  it('spots degenerate groups', () => {
    expect(isDegenerateGroup([1, 1, 1])).toBe(true);
    expect(isDegenerateGroup([1, 0, 1])).toBe(false);
  });
});

describe('overlongPenalty (DAPO eq. 13)', () => {
  it('is 0 up to max − cache, ramps linearly to −penalty at max, −penalty beyond', () => {
    expect(overlongPenalty(80, 100, 20)).toBe(0);
    expect(overlongPenalty(90, 100, 20)).toBeCloseTo(-0.5, 12);
    expect(overlongPenalty(100, 100, 20)).toBeCloseTo(-1, 12);
    expect(overlongPenalty(130, 100, 20, 0.5)).toBe(-0.5);
  });
});

describe('learningRateAt', () => {
  it('warms up linearly, then holds (constant)', () => {
    const schedule = { kind: 'constant' as const, warmupSteps: 4, minRatio: 0 };
    expect([0, 1, 3, 4, 100].map((step) => learningRateAt(step, 1, schedule))).toEqual([0.25, 0.5, 1, 1, 1]);
  });

  it('decays along a half cosine to the floor', () => {
    const schedule = { kind: 'cosine' as const, warmupSteps: 0, totalSteps: 10, minRatio: 0.1 };
    expect(learningRateAt(0, 1, schedule)).toBeCloseTo(1, 12);
    expect(learningRateAt(5, 1, schedule)).toBeCloseTo(0.55, 12);
    expect(learningRateAt(10, 1, schedule)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(50, 1, schedule)).toBeCloseTo(0.1, 12);
  });
});
