import type { CorpusStore, ProblemFilter, ProblemStats } from '../core/corpus.js';
import type { ItemResponseModel } from './item-response.js';

/**
 * Kimi k1.5's model-based difficulty (arXiv:2501.12599, §2.3.1): sample a problem k times and take
 * the failure rate as its difficulty. Here the pass rate is the store's smoothed one, so a problem
 * with few attempts stays near the prior instead of jumping to 0 or 1.
 */
export function passRateDifficulty(stats: ProblemStats): number {
  return 1 - stats.passRate;
}

/**
 * Difficulty estimates of the filtered problems that have at least `minAttempts` attempts (Kimi
 * sampled k = 10), keyed by problem id.
 */
export function passRateDifficulties(store: CorpusStore, { filter, minAttempts = 10 }: { filter?: ProblemFilter; minAttempts?: number } = {}): Map<string, number> {
  const difficulties = new Map<string, number>();
  for (const stats of store.listStats(filter)) {
    if (stats.attempts >= minAttempts) difficulties.set(stats.problemId, passRateDifficulty(stats));
  }
  return difficulties;
}

/**
 * The item-response difficulty on the same [0, 1] scale: the expected failure rate of `version`
 * (default: the latest) on the problem, 1 − σ(θ − b).
 */
export function itemResponseDifficulty(model: ItemResponseModel, problemId: string, version?: string): number {
  return 1 - model.successProbability(problemId, version);
}
