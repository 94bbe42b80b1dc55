import type { Problem } from '../core/problem.js';
import type { GroupResult, Sampler } from './sampler.js';

export interface InformativeBatchOptions {
  /** Informative groups wanted. */
  batchSize: number;
  /**
   * Generates and verifies the groups of these problems (G completions each), and records their
   * attempts in the store, so a sampler restarted later sees the pass rates this one observed.
   */
  rollout: (problems: Problem[]) => Promise<GroupResult[]>;
  /** Draw-and-rollout rounds before giving up; default 8. */
  maxRounds?: number;
  /** Problems drawn in all before giving up; default 8 × batchSize. */
  maxDraws?: number;
}

export interface InformativeBatch {
  /** At most batchSize groups whose scores are not all equal, with their problems. */
  groups: Array<{ problem: Problem; result: GroupResult }>;
  report: InformativeBatchReport;
}

export interface InformativeBatchReport {
  rounds: number;
  drawn: number;
  /** Groups dropped because every completion scored the same (zero advantage, no gradient). */
  dropped: number;
  /** True when the guard stopped the search before batchSize informative groups were found. */
  shortfall: boolean;
  /** Why it stopped short, for the run log; absent when the batch is full. */
  message?: string;
}

/**
 * DAPO's dynamic sampling (arXiv:2503.14476, §3.2): groups whose completions all score the same carry
 * no group-relative advantage, so they are dropped and replaced by fresh draws until the batch holds
 * `batchSize` informative groups. Dropped groups are still observed, so their pass rates move. The
 * guard (maxRounds, maxDraws) returns what was found plus a report instead of looping forever on a
 * corpus that is all solved or all unsolved. Problems are not drawn twice in one call.
 */
export async function fillInformativeBatch(sampler: Sampler, options: InformativeBatchOptions): Promise<InformativeBatch> {
  const { batchSize, rollout, maxRounds = 8, maxDraws = 8 * batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be an integer >= 1, received ${batchSize}`);
  const groups: InformativeBatch['groups'] = [];
  const seen = new Set<string>();
  let rounds = 0;
  let drawn = 0;
  let dropped = 0;
  while (groups.length < batchSize && rounds < maxRounds && drawn < maxDraws && seen.size < sampler.size) {
    const count = Math.min(batchSize - groups.length, maxDraws - drawn, sampler.size - seen.size);
    const problems = sampler.draw(count, { exclude: seen });
    rounds++;
    drawn += problems.length;
    for (const problem of problems) seen.add(problem.id);
    const results = await rollout(problems);
    sampler.observe(results);
    const byId = new Map(problems.map((problem) => [problem.id, problem]));
    for (const result of results) {
      const problem = byId.get(result.problemId);
      if (!problem) throw new Error(`rollout returned a result for ${result.problemId}, which was not drawn`);
      if (isInformative(result.scores)) groups.push({ problem, result });
      else dropped++;
    }
  }
  const shortfall = groups.length < batchSize;
  const report: InformativeBatchReport = { rounds, drawn, dropped, shortfall };
  if (shortfall) {
    const limit = seen.size >= sampler.size ? `all ${sampler.size} problems` : rounds >= maxRounds ? `maxRounds=${maxRounds}` : `maxDraws=${maxDraws}`;
    report.message =
      `only ${groups.length} of ${batchSize} groups were informative after ${drawn} draws in ${rounds} rounds (stopped at ${limit}); ` +
      `${dropped} groups scored all-equal: the corpus has too few problems the policy sometimes solves`;
  }
  return { groups, report };
}

/** A group teaches something only if its scores differ. */
export function isInformative(scores: readonly number[]): boolean {
  return scores.some((score) => score !== scores[0]);
}
