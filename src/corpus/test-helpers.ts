import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Problem } from '../core/problem.js';
import { openCorpus, type SqliteCorpus } from './sqlite-corpus.js';

/** A fresh temporary directory, removed by the returned cleanup. */
export function temporaryDirectory(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rlvr-corpus-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A new corpus file in a new temporary directory; `remove` closes it and deletes the directory. */
export function temporaryCorpus(): { dir: string; corpus: SqliteCorpus; remove: () => void } {
  const { dir, cleanup } = temporaryDirectory();
  const corpus = openCorpus(join(dir, 'corpus.db'));
  return {
    dir,
    corpus,
    remove: () => {
      corpus.close();
      cleanup();
    },
  };
}

export function sampleProblem(index: number, overrides: Partial<Problem> = {}): Problem {
  return {
    id: `p${index}`,
    family: index % 2 === 0 ? 'even' : 'odd',
    prompt: `Problem number ${index}: compute ${index} times ${index + 3} and report the product.`,
    answer: String(index * (index + 3)),
    verifier: 'math',
    difficulty: (index % 10) / 10,
    source: 'seed',
    metadata: {},
    ...overrides,
  };
}
