import { describe, expect, it } from 'vitest';
import { parseTrainerConfig } from './config.js';
import { recipes } from './recipes.js';

const base = { groupSize: 8, maxCompletionTokens: 32, optimizer: { learningRate: 1e-3 } };

describe('parseTrainerConfig', () => {
  it('fills each loss type\'s paper defaults', () => {
    expect(parseTrainerConfig({ ...base, lossType: 'grpo' })).toMatchObject({ advantageScaling: 'group', dynamicFiltering: false, clipEpsilonHigh: 0.2 });
    expect(parseTrainerConfig({ ...base, lossType: 'dr_grpo' })).toMatchObject({ advantageScaling: 'none', dynamicFiltering: false });
    expect(parseTrainerConfig({ ...base, lossType: 'dapo', clipEpsilonHigh: 0.28 })).toMatchObject({ dynamicFiltering: true, clipEpsilonHigh: 0.28 });
  });

  it('accepts every published recipe', () => {
    for (const recipe of Object.values(recipes)) expect(() => parseTrainerConfig(recipe)).not.toThrow();
  });

  it('rejects incompatible pairs with a message saying how to fix them', () => {
    expect(() => parseTrainerConfig({ ...base, lossType: 'dr_grpo', advantageScaling: 'group' })).toThrow(/drop advantageScaling or use lossType "grpo"/);
    expect(() => parseTrainerConfig({ ...base, lossType: 'grpo', clipEpsilonHigh: 0.28 })).toThrow(/set lossType "dapo" or remove clipEpsilonHigh/);
    expect(() => parseTrainerConfig({ ...base, lossType: 'dapo', overlongShaping: { cacheTokens: 32 } })).toThrow(/lower it or raise the budget/);
    expect(() => parseTrainerConfig({ ...base, lossType: 'dapo', optimizer: { learningRate: 1e-3, schedule: { kind: 'cosine' } } })).toThrow(/needs optimizer.schedule.totalSteps/);
  });

  it('names the bad field', () => {
    expect(() => parseTrainerConfig({ ...base, lossType: 'ppo' }, 'cfg.json')).toThrow(/cfg.json, field "lossType"/);
    expect(() => parseTrainerConfig({ ...base, lossType: 'grpo', groupSize: 1 })).toThrow(/field "groupSize"/);
    expect(() => parseTrainerConfig({ ...base, lossType: 'grpo', typo: 1 })).toThrow(/typo/);
  });
});
