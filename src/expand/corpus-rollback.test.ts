import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCorpus } from '../corpus/sqlite-corpus.js';
import { sampleProblem, temporaryDirectory } from '../corpus/test-helpers.js';
import { corpusMarks, rollBackRun } from './corpus-rollback.js';

let directory: ReturnType<typeof temporaryDirectory>;
afterEach(() => directory?.cleanup());

const proposed = (index: number, version: string) => sampleProblem(index, { source: 'proposed', metadata: { provenance: { origin: 'proposer', proposer: { id: 'embedded:self-play', version }, parents: [] } } });
const attempt = (problemId: string, policyVersion: string, score: number) => ({ problemId, policyVersion, reward: score, score, tokens: 3, ms: 1 });

describe('rollBackRun', () => {
  it("removes only the run's problems and attempts after the marks and recounts the statistics they touched", () => {
    directory = temporaryDirectory();
    const store = openCorpus(join(directory.dir, 'corpus.db'));
    try {
      store.addProblems([sampleProblem(1), sampleProblem(2), proposed(3, 'run_a@1')]);
      store.recordAttempts([attempt('p1', 'run_a@1', 1), attempt('p1', 'run_a@1', 0), attempt('p3', 'run_a', 1)]);
      const marks = corpusMarks(store);
      const before = store.listStats();

      // After the checkpoint: the run admits p4 and records attempts; another run and another proposer write too.
      store.addProblems([proposed(4, 'run_a@2'), proposed(5, 'run_ab@2'), sampleProblem(6)]);
      store.recordAttempts([attempt('p1', 'run_a@2', 1), attempt('p4', 'run_a', 1), attempt('p4', 'run_a@2', 0), attempt('p2', 'run_a@2', 1), attempt('p2', 'other@1', 0), attempt('p5', 'run_ab@2', 1)]);

      expect(rollBackRun(store, marks, 'run_a')).toEqual({ problems: 1, attempts: 4 });
      expect(store.listProblems().map((problem) => problem.id)).toEqual(['p1', 'p2', 'p3', 'p5', 'p6']);
      const stats = new Map(store.listStats().map((entry) => [entry.problemId, entry]));
      const original = new Map(before.map((entry) => [entry.problemId, entry]));
      expect(stats.get('p1')).toEqual(original.get('p1'));
      expect(stats.get('p3')).toEqual(original.get('p3'));
      expect(stats.get('p2')).toMatchObject({ attempts: 1, successes: 0, passRate: 1 / 3 }); // the other run's attempt stays
      expect(stats.get('p5')).toMatchObject({ attempts: 1, successes: 1 }); // `run_ab` is not `run_a`
      expect(store.statement('SELECT count(*) FROM attempts').pluck().get()).toBe(5);
    } finally {
      store.close();
    }
  });
});
