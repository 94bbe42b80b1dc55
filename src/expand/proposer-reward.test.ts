import { describe, expect, it } from 'vitest';
import { learnabilityReward, proposerRewards, repetitionPenalties } from './proposer-reward.js';

describe('learnabilityReward (Absolute Zero)', () => {
  it('is 1 − success rate strictly inside (0, 1) and 0 at the ends', () => {
    expect(learnabilityReward(0)).toBe(0);
    expect(learnabilityReward(1)).toBe(0);
    expect(learnabilityReward(0.25)).toBeCloseTo(0.75, 12);
    expect(learnabilityReward(0.5)).toBeCloseTo(0.5, 12);
    expect(learnabilityReward(7 / 8)).toBeCloseTo(1 / 8, 12);
  });

  it('rejects a rate outside [0, 1]', () => {
    expect(() => learnabilityReward(1.5)).toThrow(/\[0, 1\]/);
    expect(() => learnabilityReward(Number.NaN)).toThrow(RangeError);
  });
});

describe('repetitionPenalties (R-Zero)', () => {
  const long = 'A train leaves the station at noon travelling at sixty kilometres per hour towards the coast';
  it('charges λ·|cluster|/batch: near-identical statements share a cluster', () => {
    const penalties = repetitionPenalties([long, `${long}.`, 'Compute 12 + 39.', 'What is the capital of the small island nation of Tuvalu?'], { weight: 1 });
    expect(penalties).toEqual([0.5, 0.5, 0.25, 0.25]);
  });

  it('counts exact repeats (after whitespace and case) and scales with λ', () => {
    expect(repetitionPenalties(['7+8=', '7+8= ', '7+9='], { weight: 0.5 })).toEqual([(0.5 * 2) / 3, (0.5 * 2) / 3, 0.5 / 3]);
  });
});

describe('proposerRewards', () => {
  it('is max(0, learnability − repetition penalty), and 0 for invalid proposals', () => {
    const rewards = proposerRewards(
      [
        { statement: '7+8=', valid: true, solverSuccessRate: 0.25 },
        { statement: '7+8=', valid: true, solverSuccessRate: 0.25 },
        { statement: '3*4=', valid: true, solverSuccessRate: 1 },
        { statement: '9*9=', valid: true, solverSuccessRate: 0.5 },
        { statement: 'garbage', valid: false },
      ],
      { weight: 1 },
    );
    expect(rewards[0]).toBeCloseTo(0.75 - 2 / 5, 12);
    expect(rewards[1]).toBeCloseTo(0.75 - 2 / 5, 12);
    expect(rewards[2]).toBe(0);
    expect(rewards[3]).toBeCloseTo(0.5 - 1 / 5, 12);
    expect(rewards[4]).toBe(0);
  });
});
