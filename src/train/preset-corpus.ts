import type { CorpusStore } from '../core/corpus.js';
import type { Problem } from '../core/problem.js';
import type { TaskFamily } from '../core/task-family.js';
import type { Band } from './evaluate.js';

export interface PresetCorpusOptions {
  trainProblems: number;
  /** Training problems spread evenly over [minDifficulty (default 0), maxDifficulty]. */
  minDifficulty?: number;
  maxDifficulty: number;
  heldoutPerBand: number;
  bands: readonly Band[];
  seed: number;
}

export interface PresetCorpus {
  train: number;
  heldout: Problem[];
  /** Compact prompts of held-out problems: SFT must not train on them either. */
  heldoutPrompts: Set<string>;
}

/**
 * Generates the run's corpus: held-out problems per band first, then training problems over
 * [minDifficulty, maxDifficulty] whose compact prompt differs from every held-out one (easy bands have few
 * distinct sums, so equal seeds are not enough to keep the splits apart). Seeds of the two
 * splits come from disjoint ranges.
 */
export function buildPresetCorpus(store: CorpusStore, family: TaskFamily, options: PresetCorpusOptions): PresetCorpus {
  const base = (options.seed % 1000) * 1_000_000;
  const heldout: Problem[] = [];
  options.bands.forEach(([low, high], bandIndex) => {
    for (let index = 0; index < options.heldoutPerBand; index++) {
      const difficulty = low + ((high - low) * (index + 0.5)) / options.heldoutPerBand;
      heldout.push(withSplit(family.generate(base + 500_000 + bandIndex * 10_000 + index, difficulty), 'heldout'));
    }
  });
  store.addProblems(heldout);
  const heldoutPrompts = new Set(heldout.map(promptOf));
  const train: Problem[] = [];
  const low = options.minDifficulty ?? 0;
  for (let index = 0; index < options.trainProblems; index++) {
    const problem = family.generate(base + index, low + ((options.maxDifficulty - low) * (index + 0.5)) / options.trainProblems);
    if (!heldoutPrompts.has(promptOf(problem))) train.push(withSplit(problem, 'train'));
  }
  const added = store.addProblems(train).added;
  return { train: added, heldout: store.listProblems({ split: 'heldout' }), heldoutPrompts };
}

function withSplit(problem: Problem, split: 'train' | 'heldout'): Problem {
  return { ...problem, metadata: { ...problem.metadata, split } };
}

function promptOf(problem: Problem): string {
  return String(problem.metadata['compactPrompt']);
}
