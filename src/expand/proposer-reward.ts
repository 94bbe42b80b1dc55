import { NearDuplicateIndex } from '../corpus/near-duplicate-index.js';

/**
 * Absolute Zero's learnability reward for the proposer (Zhao et al. 2025, "Absolute Zero:
 * Reinforced Self-play Reasoning with Zero Data", eq. 4): 1 − r̄ when the solver's mean success
 * r̄ is strictly between 0 and 1, else 0 — a problem always or never solved teaches nothing.
 */
export function learnabilityReward(solverSuccessRate: number): number {
  if (!(solverSuccessRate >= 0 && solverSuccessRate <= 1)) throw new RangeError(`solver success rate must be in [0, 1], received ${solverSuccessRate}`);
  return solverSuccessRate > 0 && solverSuccessRate < 1 ? 1 - solverSuccessRate : 0;
}

/**
 * R-Zero's repetition penalty (Huang et al. 2025, "R-Zero: Self-Evolving Reasoning LLM from Zero
 * Data", §3.2): proposals of one batch are clustered by similarity and each pays λ·|C|/B, the
 * share of the batch in its cluster. R-Zero clusters by BLEU distance; here two statements share
 * a cluster when their MinHash Jaccard similarity reaches `threshold` (the corpus's near-duplicate
 * measure), joined transitively. A proposal alone in its cluster pays λ/B.
 */
export function repetitionPenalties(statements: readonly string[], options: { weight?: number; threshold?: number } = {}): number[] {
  const weight = options.weight ?? 1;
  const size = statements.length;
  if (size === 0) return [];
  const parent = statements.map((_statement, index) => index);
  const root = (index: number): number => (parent[index] === index ? index : (parent[index] = root(parent[index]!)));
  const index = new NearDuplicateIndex({ threshold: options.threshold ?? 0.8 });
  const exact = new Map<string, number>();
  statements.forEach((statement, position) => {
    const key = statement.trim().toLowerCase().replace(/\s+/g, ' ');
    const same = exact.get(key);
    if (same !== undefined) parent[root(position)] = root(same);
    exact.set(key, position);
    for (const match of index.queryThenAdd(String(position), statement)) parent[root(position)] = root(Number(match.id));
  });
  const clusterSizes = new Map<number, number>();
  for (let position = 0; position < size; position++) clusterSizes.set(root(position), (clusterSizes.get(root(position)) ?? 0) + 1);
  return statements.map((_statement, position) => (weight * clusterSizes.get(root(position))!) / size);
}

/** The proposer's reward per proposal: learnability minus the repetition penalty, never below 0; invalid proposals earn 0. */
export function proposerRewards(outcomes: ReadonlyArray<{ statement?: string; valid: boolean; solverSuccessRate?: number }>, options: { weight?: number; threshold?: number } = {}): number[] {
  const penalties = repetitionPenalties(outcomes.map((outcome) => outcome.statement ?? ''), options);
  return outcomes.map((outcome, index) => {
    if (!outcome.valid || outcome.solverSuccessRate === undefined) return 0;
    return Math.max(0, learnabilityReward(outcome.solverSuccessRate) - penalties[index]!);
  });
}
