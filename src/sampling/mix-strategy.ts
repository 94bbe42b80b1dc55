import { z } from 'zod';
import type { Random } from '../core/random.js';
import type { ObservedGroup, SamplingStrategy } from './sampling-strategy.js';

const mixStateSchema = z.object({ components: z.array(z.unknown()) });

/**
 * A weighted mixture: each slot of a batch goes to component c with probability weight_c / Σ weight;
 * every component observes every group, so each keeps its own view of the corpus up to date.
 */
export class MixStrategy implements SamplingStrategy {
  private readonly cumulative: number[];

  constructor(private readonly components: ReadonlyArray<{ weight: number; strategy: SamplingStrategy }>) {
    const total = components.reduce((sum, component) => sum + component.weight, 0);
    let running = 0;
    this.cumulative = components.map((component) => (running += component.weight / total));
  }

  draw(count: number, random: Random, taken: Set<number>): number[] {
    const counts = new Array<number>(this.components.length).fill(0);
    for (let k = 0; k < count; k++) {
      const u = random.next();
      const index = this.cumulative.findIndex((bound) => u < bound);
      counts[index < 0 ? this.components.length - 1 : index]!++;
    }
    return this.components.flatMap((component, index) => component.strategy.draw(counts[index]!, random, taken));
  }

  observe(groups: readonly ObservedGroup[]): void {
    for (const component of this.components) component.strategy.observe(groups);
  }

  save(): unknown {
    return { components: this.components.map((component) => component.strategy.save()) };
  }

  restore(state: unknown): void {
    const { components } = mixStateSchema.parse(state);
    if (components.length !== this.components.length) {
      throw new RangeError(`saved mix has ${components.length} components, this one ${this.components.length}`);
    }
    this.components.forEach((component, index) => component.strategy.restore(components[index]));
  }
}
