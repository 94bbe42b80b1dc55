import type { ProblemStats } from '../core/corpus.js';
import type { Random } from '../core/random.js';
import type { SqliteCorpus } from '../corpus/sqlite-corpus.js';
import type { ParentExample } from './proposer-prompt.js';

export interface BoundaryPool {
  stats: ProblemStats[];
  /** True when no problem had a pass rate inside the band and the closest ones were taken instead. */
  outsideBand: boolean;
}

/**
 * The problems the proposer is shown: training problems whose smoothed pass rate is inside the
 * band. When none is, the ones nearest the band's middle stand in (and the report says so), so
 * a fresh corpus can still be expanded.
 */
export function boundaryPool(store: SqliteCorpus, band: [number, number], family: string[] | undefined, poolSize = 256): BoundaryPool {
  const filter = { ...(family ? { family } : {}), split: 'train' };
  let stats = store.listStats(filter);
  if (stats.length === 0) stats = store.listStats(family ? { family } : {});
  const inside = stats.filter((entry) => entry.passRate >= band[0] && entry.passRate <= band[1]);
  if (inside.length > 0) return { stats: inside, outsideBand: false };
  const middle = (band[0] + band[1]) / 2;
  const nearest = [...stats].sort((a, b) => Math.abs(a.passRate - middle) - Math.abs(b.passRate - middle)).slice(0, poolSize);
  return { stats: nearest, outsideBand: true };
}

export function drawParents(store: SqliteCorpus, pool: BoundaryPool, count: number, random: Random): ParentExample[] {
  if (pool.stats.length === 0) return [];
  const picked = new Set<number>();
  const wanted = Math.min(count, pool.stats.length);
  while (picked.size < wanted) picked.add(random.int(0, pool.stats.length - 1));
  return [...picked].flatMap((index) => {
    const entry = pool.stats[index]!;
    const problem = store.getProblem(entry.problemId);
    return problem ? [{ problem, passRate: entry.passRate }] : [];
  });
}
