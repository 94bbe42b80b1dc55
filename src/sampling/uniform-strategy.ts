import type { Random } from '../core/random.js';
import type { SamplingStrategy } from './sampling-strategy.js';

/** Every problem equally likely. */
export class UniformStrategy implements SamplingStrategy {
  constructor(private readonly size: number) {}

  draw(count: number, random: Random, taken: Set<number>): number[] {
    return drawUniformRange(count, random, taken, this.size, (slot) => slot);
  }

  observe(): void {}

  save(): unknown {
    return null;
  }

  restore(): void {}
}

const REJECTIONS_BEFORE_SCAN = 32;

/**
 * Draws `count` slots uniformly from [0, size), mapped to positions by `positionAt`, avoiding
 * positions in `taken` while any remain: rejection first (cheap when the batch is small against the
 * range), then a scan from a random slot; once every slot is taken, repeats are allowed.
 */
export function drawUniformRange(
  count: number,
  random: Random,
  taken: Set<number>,
  size: number,
  positionAt: (slot: number) => number,
): number[] {
  if (size === 0) throw new RangeError('cannot draw from an empty set of problems');
  const drawn: number[] = [];
  for (let k = 0; k < count; k++) {
    const position = pickUntaken(random, taken, size, positionAt);
    drawn.push(position);
    taken.add(position);
  }
  return drawn;
}

function pickUntaken(random: Random, taken: Set<number>, size: number, positionAt: (slot: number) => number): number {
  for (let attempt = 0; attempt < REJECTIONS_BEFORE_SCAN; attempt++) {
    const position = positionAt(random.int(0, size - 1));
    if (!taken.has(position)) return position;
  }
  const start = random.int(0, size - 1);
  for (let offset = 0; offset < size; offset++) {
    const position = positionAt((start + offset) % size);
    if (!taken.has(position)) return position;
  }
  return positionAt(start);
}
