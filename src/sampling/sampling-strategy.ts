import type { Random } from '../core/random.js';

/**
 * The inside of a sampler: picks positions of the corpus index. `taken` holds positions already in
 * the batch being drawn; a strategy avoids them while it can and adds what it draws.
 */
export interface SamplingStrategy {
  draw(count: number, random: Random, taken: Set<number>): number[];
  /** Called after the corpus index has taken in these groups' scores. */
  observe(groups: readonly ObservedGroup[]): void;
  save(): unknown;
  restore(state: unknown): void;
}

/** One group of completions of the problem at `position` of the corpus index. */
export interface ObservedGroup {
  position: number;
  scores: readonly number[];
}
