import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Attempt, CorpusStore } from '../core/corpus.js';
import type { Problem } from '../core/problem.js';
import { openCorpus, type SqliteCorpus } from '../corpus/sqlite-corpus.js';

/** A problem spec for tests: its difficulty label and the attempts to record (successes of attempts). */
export interface TestProblem {
  difficulty?: number;
  family?: string;
  split?: string;
  successes?: number;
  attempts?: number;
}

/** A real SQLite corpus in a fresh temp dir, with problems `p0`, `p1`, … and their recorded attempts. */
export function openTestCorpus(specs: readonly TestProblem[]): { store: SqliteCorpus; path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rlvr-sampling-'));
  const path = join(dir, 'corpus.db');
  const store = openCorpus(path);
  store.addProblems(specs.map((spec, index) => testProblem(index, spec)));
  const attempts: Attempt[] = [];
  specs.forEach((spec, index) => {
    for (let k = 0; k < (spec.attempts ?? 0); k++) {
      const score = k < (spec.successes ?? 0) ? 1 : 0;
      attempts.push({ problemId: `p${index}`, policyVersion: 'v0', reward: score, score, tokens: 1, ms: 1 });
    }
  });
  store.recordAttempts(attempts);
  return {
    store,
    path,
    cleanup: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function testProblem(index: number, spec: TestProblem = {}): Problem {
  return {
    id: `p${index}`,
    family: spec.family ?? 'test',
    prompt: `problem number ${index}`,
    answer: String(index),
    verifier: 'match',
    difficulty: spec.difficulty ?? 0.5,
    source: 'generated',
    metadata: spec.split ? { split: spec.split } : {},
  };
}

/** The counts farther than 4 standard deviations from their binomial expectation, described; empty when all fit. */
export function fourSigmaMisfits(counts: ReadonlyMap<string, number>, probabilities: ReadonlyMap<string, number>, draws: number): string[] {
  const failures: string[] = [];
  for (const [key, probability] of probabilities) {
    const observed = counts.get(key) ?? 0;
    const expected = draws * probability;
    const sigma = Math.sqrt(draws * probability * (1 - probability));
    if (Math.abs(observed - expected) > 4 * Math.max(sigma, 0.5)) {
      failures.push(`${key}: observed ${observed}, expected ${expected.toFixed(1)} ± ${(4 * sigma).toFixed(1)}`);
    }
  }
  for (const key of counts.keys()) if (!probabilities.has(key)) failures.push(`${key}: drawn but has probability 0`);
  return failures;
}

/** The same store seen only through the CorpusStore interface, as a server-backed store would be. */
export function interfaceOnly(store: CorpusStore): CorpusStore {
  return {
    addProblems: (problems) => store.addProblems(problems),
    getProblem: (id) => store.getProblem(id),
    listProblems: (filter) => store.listProblems(filter),
    countProblems: (filter) => store.countProblems(filter),
    recordAttempts: (attempts) => store.recordAttempts(attempts),
    getStats: (id) => store.getStats(id),
    listStats: (filter) => store.listStats(filter),
    getState: <T>(key: string) => store.getState<T>(key),
    setState: (key, value) => store.setState(key, value),
    close: () => store.close(),
  };
}
