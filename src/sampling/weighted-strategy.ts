import type { Random } from '../core/random.js';
import type { SamplingStrategy, ObservedGroup } from './sampling-strategy.js';
import { SumTree } from './sum-tree.js';

/**
 * Draws each problem with probability proportional to a weight of its smoothed pass rate. The
 * weights live in a sum tree built once; observing a group rewrites only that problem's leaf.
 * Within a batch, drawn problems are set aside (successive sampling), so a batch has no repeats
 * until every problem with positive weight is in it.
 */
export class WeightedStrategy implements SamplingStrategy {
  private readonly tree: SumTree;

  constructor(
    private readonly passRates: Float64Array,
    private readonly weightOf: (passRate: number) => number,
    private readonly describe: string,
  ) {
    const weights = new Float64Array(passRates.length);
    for (let i = 0; i < passRates.length; i++) weights[i] = weightOf(passRates[i]!);
    this.tree = new SumTree(weights);
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
    for (const { position } of groups) this.tree.set(position, this.weightOf(this.passRates[position]!));
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
