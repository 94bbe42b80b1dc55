import type { Random } from '../core/random.js';
import { PooledPassRates } from './pooled-pass-rates.js';
import type { SamplingStrategy, ObservedGroup } from './sampling-strategy.js';
import { SumTree } from './sum-tree.js';

/**
 * Draws each problem with probability proportional to a weight of its smoothed pass rate. The
 * weights live in a sum tree built once; observing a group rewrites only the leaves it moved.
 * Within a batch, drawn problems are set aside (successive sampling), so a batch has no repeats
 * until every problem with positive weight is in it.
 *
 * Pass rates are per problem (the corpus index's array, updated before `observe`) or pooled
 * (PooledPassRates): then an observed group moves the rate of every problem of its pool, so observe
 * rewrites those leaves once per batch, or refills the whole tree in one O(n) pass when they are a
 * large share of it. Draws stay O(log n) either way.
 */
export class WeightedStrategy implements SamplingStrategy {
  private readonly tree: SumTree;
  private readonly passRateOf: (position: number) => number;

  constructor(
    private readonly passRates: Float64Array | PooledPassRates,
    private readonly weightOf: (passRate: number) => number,
    private readonly describe: string,
  ) {
    this.passRateOf = passRates instanceof PooledPassRates ? (position) => passRates.passRate(position) : (position) => passRates[position]!;
    this.tree = new SumTree(passRates instanceof PooledPassRates ? passRates.size : passRates.length);
    this.tree.refill((position) => weightOf(this.passRateOf(position)));
  }

  /** The current weight of the problem at `position` (for tests and reports). */
  weight(position: number): number {
    return this.tree.get(position);
  }

  get totalWeight(): number {
    return this.tree.total;
  }

  draw(count: number, random: Random, taken: Set<number>): number[] {
    const setAside = new Map<number, number>();
    const putAside = (position: number) => {
      const weight = this.tree.get(position);
      if (weight > 0 && !setAside.has(position)) {
        setAside.set(position, weight);
        this.tree.set(position, 0);
      }
    };
    const putBack = () => {
      for (const [position, weight] of setAside) this.tree.set(position, weight);
      setAside.clear();
    };
    for (const position of taken) putAside(position);
    try {
      const drawn: number[] = [];
      for (let k = 0; k < count; k++) {
        if (!(this.tree.total > 0)) {
          if (setAside.size === 0) {
            throw new RangeError(`${this.describe}: every problem has weight 0, nothing can be drawn`);
          }
          putBack();
        }
        const position = this.tree.find(random.next());
        drawn.push(position);
        taken.add(position);
        putAside(position);
      }
      return drawn;
    } finally {
      putBack();
    }
  }

  observe(groups: readonly ObservedGroup[]): void {
    const changed = this.passRates instanceof PooledPassRates ? this.passRates.observe(groups) : [groups.map((group) => group.position)];
    const count = changed.reduce((sum, positions) => sum + positions.length, 0);
    if (count * Math.log2(this.tree.size + 1) > this.tree.size) {
      this.tree.refill((position) => this.weightOf(this.passRateOf(position)));
      return;
    }
    for (const positions of changed) for (const position of positions) this.tree.set(position, this.weightOf(this.passRateOf(position)));
  }

  save(): unknown {
    return null;
  }

  restore(): void {}
}

/** Kimi k1.5 (arXiv:2501.12599, §2.3.3 "prioritized sampling"): P(i) ∝ 1 − s_i, here floored. */
export function prioritizedWeight(floor: number): (passRate: number) => number {
  return (passRate) => Math.max(1 - passRate, floor);
}

/** s(1 − s): the variance of one success, highest where the policy succeeds half the time. */
export function varianceWeight(passRate: number): number {
  return passRate * (1 - passRate);
}

/** 1 for pass rates in [lo, hi], `outside` elsewhere. */
export function bandWeight(lo: number, hi: number, outside: number): (passRate: number) => number {
  return (passRate) => (passRate >= lo && passRate <= hi ? 1 : outside);
}
