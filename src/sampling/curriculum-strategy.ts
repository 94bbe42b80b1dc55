import { z } from 'zod';
import type { Random } from '../core/random.js';
import type { CurriculumSpec } from './sampler-spec.js';
import type { ObservedGroup, SamplingStrategy } from './sampling-strategy.js';
import { drawUniformRange } from './uniform-strategy.js';

const curriculumStateSchema = z.object({ level: z.number().int().min(0), recent: z.array(z.number()) });
export type CurriculumState = z.infer<typeof curriculumStateSchema>;

/**
 * Easy to hard: problems fall in `levels` equal bands of their difficulty label. Draws come from the
 * current level, except a `review` share drawn uniformly from all easier problems. The level moves
 * on the mean score of the last `window` completions of current-level problems: up at `advanceAt`,
 * down below `retreatAt`; the window restarts after each move. Empty levels are skipped.
 */
export class CurriculumStrategy implements SamplingStrategy {
  /** Positions ordered by level; level k occupies [levelStart[k], levelStart[k + 1]). */
  private readonly order: Int32Array;
  private readonly levelStart: Int32Array;
  private readonly levelOf: Uint16Array;
  private current: number;
  private recent: number[] = [];

  constructor(
    difficulties: Float64Array,
    private readonly spec: CurriculumSpec,
  ) {
    const { levels } = spec;
    this.levelOf = new Uint16Array(difficulties.length);
    const counts = new Int32Array(levels + 1);
    for (let position = 0; position < difficulties.length; position++) {
      const level = levelOfDifficulty(difficulties[position]!, levels);
      this.levelOf[position] = level;
      counts[level + 1]!++;
    }
    this.levelStart = new Int32Array(levels + 1);
    for (let level = 0; level < levels; level++) this.levelStart[level + 1] = this.levelStart[level]! + counts[level + 1]!;
    this.order = new Int32Array(difficulties.length);
    const fill = this.levelStart.slice(0, levels);
    for (let position = 0; position < difficulties.length; position++) this.order[fill[this.levelOf[position]!]!++] = position;
    this.current = this.nextNonEmpty(0, 1) ?? 0;
  }

  /** The current level, 0 = easiest band. */
  get level(): number {
    return this.current;
  }

  draw(count: number, random: Random, taken: Set<number>): number[] {
    const start = this.levelStart[this.current]!;
    const end = this.levelStart[this.current + 1]!;
    const drawn: number[] = [];
    for (let k = 0; k < count; k++) {
      const fromEasier = start > 0 && random.next() < this.spec.review;
      const [lo, hi] = fromEasier ? [0, start] : [start, end];
      drawn.push(...drawUniformRange(1, random, taken, hi - lo, (slot) => this.order[lo + slot]!));
    }
    return drawn;
  }

  observe(groups: readonly ObservedGroup[]): void {
    for (const { position, scores } of groups) {
      if (this.levelOf[position] !== this.current) continue;
      this.recent.push(...scores);
    }
    if (this.recent.length > this.spec.window) this.recent.splice(0, this.recent.length - this.spec.window);
    if (this.recent.length < this.spec.window) return;
    const mean = this.recent.reduce((sum, score) => sum + score, 0) / this.recent.length;
    const next =
      mean >= this.spec.advanceAt
        ? this.nextNonEmpty(this.current + 1, 1)
        : mean < this.spec.retreatAt
          ? this.nextNonEmpty(this.current - 1, -1)
          : undefined;
    if (next !== undefined) {
      this.current = next;
      this.recent = [];
    }
  }

  save(): CurriculumState {
    return { level: this.current, recent: [...this.recent] };
  }

  restore(state: unknown): void {
    const parsed = curriculumStateSchema.parse(state);
    if (parsed.level >= this.spec.levels) throw new RangeError(`saved curriculum level ${parsed.level} exceeds ${this.spec.levels - 1}`);
    this.current = parsed.level;
    this.recent = parsed.recent;
  }

  private nextNonEmpty(from: number, step: 1 | -1): number | undefined {
    for (let level = from; level >= 0 && level < this.spec.levels; level += step) {
      if (this.levelStart[level + 1]! > this.levelStart[level]!) return level;
    }
    return undefined;
  }
}

/** Band k covers difficulties [k/levels, (k+1)/levels); difficulty 1 falls in the last band. */
export function levelOfDifficulty(difficulty: number, levels: number): number {
  return Math.min(levels - 1, Math.max(0, Math.floor(difficulty * levels)));
}
