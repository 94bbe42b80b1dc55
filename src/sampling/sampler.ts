import { z } from 'zod';
import type { CorpusStore, ProblemFilter } from '../core/corpus.js';
import { InputError } from '../core/errors.js';
import type { Problem } from '../core/problem.js';
import { Random } from '../core/random.js';
import { CorpusIndex } from './corpus-index.js';
import { CurriculumStrategy } from './curriculum-strategy.js';
import { MixStrategy } from './mix-strategy.js';
import { DEFAULT_BAND_OUTSIDE, formatSamplerSpec, resolveSamplerSpec, type BoundarySpec, type PrioritizedSpec, type SamplerSpec, type SamplerSpecInput } from './sampler-spec.js';
import { PooledPassRates } from './pooled-pass-rates.js';
import type { SamplingStrategy } from './sampling-strategy.js';
import { UniformStrategy } from './uniform-strategy.js';
import { bandWeight, prioritizedWeight, varianceWeight, WeightedStrategy } from './weighted-strategy.js';

/** The verified scores in [0, 1] of the G completions of one problem. */
export interface GroupResult {
  problemId: string;
  scores: number[];
}

const samplerStateSchema = z.object({
  version: z.literal(1),
  spec: z.string(),
  random: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  strategy: z.unknown(),
});

/** What a sampler persists so a run resumes where it stopped. */
export type SamplerState = z.infer<typeof samplerStateSchema>;

export interface SamplerOptions {
  seed: number | string;
  /**
   * Only these problems are drawn. Default `{ split: 'train' }`, so held-out problems are never
   * drawn unless a caller asks for them explicitly (`{}` draws from the whole corpus).
   */
  filter?: ProblemFilter;
  /** State-table key; defaults to `sampler:<spec>:seed=<seed>`. A trainer passes one per run. */
  stateKey?: string;
}

/**
 * Picks the problems of each training batch and learns from their results. Draws avoid repeats
 * within a batch while the filtered corpus allows; `observe` updates pass rates and persists the
 * sampler's state in the store.
 */
export interface Sampler {
  /** The canonical spec string, e.g. `prioritized:floor=0.05`. */
  readonly name: string;
  /** Problems it draws from. */
  readonly size: number;
  /** `count` problems; ids in `exclude` are avoided like those already in the batch. */
  draw(count: number, options?: { exclude?: Iterable<string> }): Problem[];
  /** Results of problems outside the sampler's filter (e.g. held-out evaluations) are ignored. */
  observe(results: readonly GroupResult[]): void;
  /** Persists and returns the state (also done by every `observe`). */
  save(): SamplerState;
}

/**
 * Builds a sampler over the problems of `store` matching `options.filter`, restoring the state saved
 * under `options.stateKey` when there is one. Pass rates come from the store's statistics, so the
 * caller records each observed group's attempts in the store (as a trainer does anyway) for a
 * restarted sampler to see what the running one saw.
 */
export function createSampler(spec: string | SamplerSpecInput, store: CorpusStore, options: SamplerOptions): Sampler {
  const resolved = resolveSamplerSpec(spec);
  const name = formatSamplerSpec(resolved);
  const filter = options.filter ?? { split: 'train' };
  const index = CorpusIndex.build(store, filter);
  if (index.size === 0) {
    throw new InputError(`no problem matches the sampler's filter ${JSON.stringify(filter)}`, { field: 'filter' });
  }
  const strategy = buildStrategy(resolved, index);
  const stateKey = options.stateKey ?? `sampler:${name}:seed=${options.seed}`;
  let random = new Random(options.seed);
  const stored = store.getState<unknown>(stateKey);
  if (stored !== undefined) {
    const parsed = samplerStateSchema.safeParse(stored);
    if (!parsed.success) {
      throw new InputError(`state "${stateKey}" is not a sampler state: ${z.prettifyError(parsed.error)}`, { field: 'stateKey' });
    }
    const saved = parsed.data;
    if (saved.spec !== name) {
      throw new InputError(`state "${stateKey}" belongs to sampler "${saved.spec}", not "${name}"; use another state key`, {
        field: 'stateKey',
      });
    }
    random = Random.restore(saved.random);
    strategy.restore(saved.strategy);
  }

  const save = (): SamplerState => {
    const state: SamplerState = { version: 1, spec: name, random: random.save(), strategy: strategy.save() };
    store.setState(stateKey, state);
    return state;
  };

  return {
    name,
    size: index.size,
    draw(count, drawOptions = {}) {
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`draw expects a count >= 0, received ${count}`);
      const taken = new Set<number>();
      for (const id of drawOptions.exclude ?? []) {
        const position = index.positionOf(id);
        if (position !== undefined) taken.add(position);
      }
      return index.problems(strategy.draw(count, random, taken));
    },
    observe(results) {
      strategy.observe(index.record(results));
      save();
    },
    save,
  };
}

function buildStrategy(spec: SamplerSpec, index: CorpusIndex): SamplingStrategy {
  switch (spec.kind) {
    case 'uniform':
      return new UniformStrategy(index.size);
    case 'curriculum':
      return new CurriculumStrategy(index.difficulties, spec);
    case 'prioritized':
      return weightedStrategy(spec, index, prioritizedWeight(spec.floor));
    case 'boundary': {
      const weightOf = spec.lo === undefined && spec.hi === undefined ? varianceWeight : bandWeight(spec.lo ?? 0, spec.hi ?? 1, spec.outside ?? DEFAULT_BAND_OUTSIDE);
      return weightedStrategy(spec, index, weightOf);
    }
    case 'mix':
      return new MixStrategy(spec.components.map(({ weight, sampler }) => ({ weight, strategy: buildStrategy(sampler, index) })));
  }
}

/** Each pooled strategy owns its pools: a mix's components all observe the same groups. */
function weightedStrategy(spec: PrioritizedSpec | BoundarySpec, index: CorpusIndex, weightOf: (passRate: number) => number): WeightedStrategy {
  if (spec.pool === undefined) return new WeightedStrategy(index.passRates, weightOf, formatSamplerSpec(spec));
  return new WeightedStrategy(new PooledPassRates(index, spec.pool), weightOf, formatSamplerSpec(spec));
}
