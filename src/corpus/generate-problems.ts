import { Random } from '../core/random.js';
import type { Problem } from '../core/problem.js';
import type { TaskFamily } from '../core/task-family.js';

export interface GenerateOptions {
  count: number;
  minDifficulty: number;
  maxDifficulty: number;
  seed: number;
  /** `even`: difficulties spaced evenly from min to max; `random`: uniform draws (seeded). */
  spread?: 'even' | 'random';
  /** Stored as `metadata.split` (e.g. `heldout`). */
  split?: string;
}

/**
 * Problems of one family over a difficulty range, each from its own seed (drawn from `seed`), so
 * the same options always give the same problems and different seeds rarely collide.
 */
export function generateProblems(family: TaskFamily, options: GenerateOptions): Problem[] {
  const random = new Random(options.seed);
  const seeds = random.fork('seeds');
  const difficulties = random.fork('difficulties');
  const { count, minDifficulty: lo, maxDifficulty: hi } = options;
  return Array.from({ length: count }, (_, index) => {
    const difficulty =
      options.spread === 'random' ? lo + (hi - lo) * difficulties.next() : count === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * index) / (count - 1);
    const problem = family.generate(seeds.uint32(), difficulty);
    const metadata = options.split === undefined ? problem.metadata : { ...problem.metadata, split: options.split };
    return { ...problem, source: 'generated', metadata };
  });
}
