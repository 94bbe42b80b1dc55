import { isSuccess, smoothedPassRate } from '../corpus/sqlite-corpus.js';
import type { ObservedGroup } from './sampling-strategy.js';

/**
 * Pseudo-attempts the pool's rate counts for in each problem's rate. At 2, a problem whose pool has
 * no attempts yet gets exactly the store's (s + 1) / (n + 2), so pooling changes nothing until the
 * pool has evidence; and one group of 8 attempts on the problem itself outweighs its pool 4 to 1.
 */
export const POOL_PRIOR_STRENGTH = 2;

/** Guards bucket edges against division rounding (0.3 / 0.1 = 2.9999999999999996). */
const BUCKET_EPSILON = 1e-9;

/** The per-position counts a pooled rate reads; the corpus index updates them before `observe`. */
export interface PoolCounts {
  readonly families: readonly string[];
  readonly difficulties: Float64Array;
  readonly attempts: Float64Array;
  readonly successes: Float64Array;
}

/**
 * Empirical-Bayes pass rates: each problem's rate is shrunk toward the rate of its pool, the problems
 * of the same family whose difficulty label falls in the same bucket of width `bucketWidth`:
 *
 *   rate_i = (s_i + m · p_pool) / (n_i + m),   p_pool = (S_pool + 1) / (N_pool + 2)
 *
 * with m = POOL_PRIOR_STRENGTH and S_pool, N_pool the successes and attempts summed over the pool.
 * A never-attempted problem thus starts at its pool's rate instead of the global prior 0.5.
 */
export class PooledPassRates {
  private readonly poolOf: Int32Array;
  private readonly members: Int32Array[];
  private readonly poolAttempts: Float64Array;
  private readonly poolSuccesses: Float64Array;
  private readonly poolRates: Float64Array;

  constructor(
    private readonly counts: PoolCounts,
    bucketWidth: number,
  ) {
    if (!(bucketWidth > 0)) throw new RangeError(`pool bucket width must be > 0, received ${bucketWidth}`);
    const size = counts.attempts.length;
    const poolIds = new Map<string, number>();
    this.poolOf = new Int32Array(size);
    const memberCounts: number[] = [];
    for (let position = 0; position < size; position++) {
      const key = poolKey(counts.families[position]!, counts.difficulties[position]!, bucketWidth);
      let pool = poolIds.get(key);
      if (pool === undefined) {
        pool = poolIds.size;
        poolIds.set(key, pool);
        memberCounts.push(0);
      }
      this.poolOf[position] = pool;
      memberCounts[pool]!++;
    }
    this.members = memberCounts.map((count) => new Int32Array(count));
    this.poolAttempts = new Float64Array(memberCounts.length);
    this.poolSuccesses = new Float64Array(memberCounts.length);
    const filled = new Array<number>(memberCounts.length).fill(0);
    for (let position = 0; position < size; position++) {
      const pool = this.poolOf[position]!;
      this.members[pool]![filled[pool]!++] = position;
      this.poolAttempts[pool]! += counts.attempts[position]!;
      this.poolSuccesses[pool]! += counts.successes[position]!;
    }
    this.poolRates = this.poolAttempts.map((attempts, pool) => smoothedPassRate(this.poolSuccesses[pool]!, attempts));
  }

  /** Problems it rates. */
  get size(): number {
    return this.poolOf.length;
  }

  get poolCount(): number {
    return this.members.length;
  }

  /** The smoothed rate of the pool of the problem at `position`. */
  poolRate(position: number): number {
    return this.poolRates[this.poolOf[position]!]!;
  }

  /** The pooled pass rate of the problem at `position`. */
  passRate(position: number): number {
    return (this.counts.successes[position]! + POOL_PRIOR_STRENGTH * this.poolRate(position)) / (this.counts.attempts[position]! + POOL_PRIOR_STRENGTH);
  }

  /**
   * Takes in groups the corpus index has already counted, and returns the positions whose rate
   * changed: the member lists of the pools that received attempts.
   */
  observe(groups: readonly ObservedGroup[]): Int32Array[] {
    const changedPools = new Set<number>();
    for (const { position, scores } of groups) {
      if (scores.length === 0) continue;
      const pool = this.poolOf[position]!;
      this.poolAttempts[pool]! += scores.length;
      this.poolSuccesses[pool]! += scores.filter((score) => isSuccess({ score })).length;
      changedPools.add(pool);
    }
    for (const pool of changedPools) this.poolRates[pool] = smoothedPassRate(this.poolSuccesses[pool]!, this.poolAttempts[pool]!);
    return [...changedPools].map((pool) => this.members[pool]!);
  }
}

function poolKey(family: string, difficulty: number, bucketWidth: number): string {
  return `${Math.floor(difficulty / bucketWidth + BUCKET_EPSILON)}\u0000${family}`;
}
