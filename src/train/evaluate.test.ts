import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../policy/embedded/backend.js';
import { getFamily } from '../tasks/registry.js';
import { evaluateBands, greedyPass } from './evaluate.js';
import { runSft } from './sft.js';
import { VerifierPool } from './verifier-pool.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('evaluateBands', () => {
  it('reports sampled pass@1, greedy pass@1 and pass@k per band, replayable by seed', { timeout: 120_000 }, async () => {
    const family = getFamily('addition');
    const problems = Array.from({ length: 24 }, (_, index) => family.generate(900 + index, index < 12 ? 0 : 0.3));
    // A briefly trained model: right on some one-digit sums, unsure on others, so samples disagree.
    const { model, tokenizer } = await runSft({
      families: ['addition'],
      difficulty: [0, 0.05],
      steps: 40,
      batchSize: 32,
      learningRate: 0.01,
      targetStyle: 'answer',
      seed: 5,
      modelConfig: { layers: 1, width: 32, heads: 2, contextLength: 24 },
    });
    const verifiers = new VerifierPool();
    const options = { maxTokens: 8, samples: 4, seed: 3 };
    const bands: Array<[number, number]> = [
      [0, 0.1],
      [0.1, 0.4],
    ];
    const results = await evaluateBands(model, tokenizer, problems, bands, verifiers, options);
    const again = await evaluateBands(model, tokenizer, problems, bands, verifiers, options);
    const otherSeed = await evaluateBands(model, tokenizer, problems, bands, verifiers, { ...options, seed: 4 });
    const greedy = await greedyPass(model, tokenizer, problems, verifiers, options);
    await verifiers.close();
    model.dispose();

    expect(results.map((result) => [result.band, result.n])).toEqual([
      [[0, 0.1], 12],
      [[0.1, 0.4], 12],
    ]);
    expect(again).toEqual(results);
    expect(results[0]!.greedyPassAt1).toBe(greedy.slice(0, 12).filter(Boolean).length / 12);
    expect(otherSeed.map((result) => result.greedyPassAt1)).toEqual(results.map((result) => result.greedyPassAt1));
    for (const result of results) {
      // Four samples per problem: pass@1 counts quarters of problems; pass@4 bounds it from above.
      const successes = result.passAt1 * result.n * 4;
      expect(Math.abs(successes - Math.round(successes))).toBeLessThan(1e-9);
      expect(result.passAt1).toBeLessThanOrEqual(result.passAtK);
      expect(result.passAtK).toBeLessThanOrEqual(Math.min(1, result.passAt1 * 4));
    }
    expect(results[0]!.passAt1).toBeGreaterThan(0);
    expect(results[0]!.passAt1).toBeLessThan(1);
  });
});
