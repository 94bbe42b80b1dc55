import { DEFAULT_SHINGLES, frequentShingles, TEMPLATE_SAMPLE_SIZE } from './min-hash.js';
import { NearDuplicateIndex, type NearDuplicateOptions } from './near-duplicate-index.js';
import type { SqliteCorpus } from './sqlite-corpus.js';

/** A random sample of the stored prompts, to find template shingles in (see `frequentShingles`). */
export function sampleStoredPrompts(corpus: SqliteCorpus): string[] {
  return corpus.statement('SELECT prompt FROM problems ORDER BY random() LIMIT ?').pluck().all(TEMPLATE_SAMPLE_SIZE) as string[];
}

/**
 * A near-duplicate index over every stored prompt. Shingles present in more than 5 % of a sample
 * of the corpus (family templates) are ignored, so two addition problems are compared by their
 * numbers and not by their shared instructions. Rebuilding costs about 20 µs per problem.
 */
export function buildNearDuplicateIndex(corpus: SqliteCorpus, options: NearDuplicateOptions = {}): NearDuplicateIndex {
  const ignoredShingles = options.ignoredShingles ?? frequentShingles(sampleStoredPrompts(corpus), options.shingles ?? DEFAULT_SHINGLES);
  const index = new NearDuplicateIndex({ ...options, ignoredShingles });
  index.reserve(corpus.countProblems());
  for (const { id, prompt } of corpus.iteratePrompts()) index.add(id, prompt);
  return index;
}
