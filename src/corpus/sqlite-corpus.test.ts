import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Attempt } from '../core/corpus.js';
import { Random } from '../core/random.js';
import { SCHEMA_VERSION } from './schema.js';
import { openCorpus, smoothedPassRate, type SqliteCorpus } from './sqlite-corpus.js';
import { sampleProblem, temporaryCorpus } from './test-helpers.js';

let dir: string;
let corpus: SqliteCorpus;
let remove: () => void;

beforeEach(() => {
  ({ dir, corpus, remove } = temporaryCorpus());
});
afterEach(() => remove());

describe('SqliteCorpus problems', () => {
  it('stores and returns problems with every field intact', () => {
    const full = sampleProblem(1, {
      tests: { language: 'python', cases: [{ input: '1', output: '2' }] },
      verifierConfig: { tolerance: 0.01 },
      parents: ['p0'],
      metadata: { split: 'heldout', nested: { a: [1, 2] } },
    });
    expect(corpus.addProblems([sampleProblem(0), full])).toEqual({ added: 2, duplicates: 0 });
    expect(corpus.getProblem('p1')).toEqual(full);
    expect(corpus.getProblem('p0')).toEqual(sampleProblem(0));
    expect(corpus.getProblem('missing')).toBeUndefined();
  });

  it('skips duplicates by id and by normalized prompt', () => {
    corpus.addProblems([sampleProblem(0)]);
    const samePromptReformatted = sampleProblem(5, { prompt: `  PROBLEM   number 0:\ncompute 0 times 3 and report the product.` });
    expect(corpus.addProblems([sampleProblem(0, { prompt: 'other text' }), samePromptReformatted, sampleProblem(6)])).toEqual({ added: 1, duplicates: 2 });
    expect(corpus.countProblems()).toBe(2);
  });

  it('rejects an invalid problem naming the field, and stores nothing of the batch', () => {
    expect(() => corpus.addProblems([sampleProblem(0), sampleProblem(1, { difficulty: 1.5 })])).toThrow(/field "difficulty".*\[0, 1\]/);
    expect(corpus.countProblems()).toBe(0);
  });

  it('filters by family, source, difficulty, split and limit, in insertion order', () => {
    corpus.addProblems(Array.from({ length: 20 }, (_, index) => sampleProblem(index, { metadata: index < 4 ? { split: 'heldout' } : index < 8 ? { split: 'train' } : {} })));
    expect(corpus.countProblems({ family: 'even' })).toBe(10);
    expect(corpus.countProblems({ family: ['even', 'odd'] })).toBe(20);
    expect(corpus.countProblems({ family: [] })).toBe(0);
    expect(corpus.countProblems({ minDifficulty: 0.5, maxDifficulty: 0.7 })).toBe(6);
    expect(corpus.countProblems({ split: 'heldout' })).toBe(4);
    expect(corpus.countProblems({ split: 'train' })).toBe(16);
    expect(corpus.countProblems({ source: 'generated' })).toBe(0);
    expect(corpus.listProblems({ family: 'odd', limit: 3 }).map((problem) => problem.id)).toEqual(['p1', 'p3', 'p5']);
    expect(corpus.countProblems({ limit: 5 })).toBe(5);
  });

  it('keeps small JSON state documents', () => {
    expect(corpus.getState('sampler')).toBeUndefined();
    corpus.setState('sampler', { level: 3, random: [1, 2, 3, 4] });
    corpus.setState('sampler', { level: 4 });
    expect(corpus.getState('sampler')).toEqual({ level: 4 });
  });
});

describe('SqliteCorpus statistics', () => {
  beforeEach(() => {
    corpus.addProblems(Array.from({ length: 50 }, (_, index) => sampleProblem(index)));
  });

  it('reports the prior before any attempt and undefined for an unknown problem', () => {
    expect(corpus.getStats('p3')).toEqual({ problemId: 'p3', attempts: 0, successes: 0, passRate: 0.5, lastSeen: null });
    expect(corpus.getStats('nope')).toBeUndefined();
  });

  it('folds attempts in incrementally to exactly what a recount of the attempts table gives', () => {
    const random = new Random(7);
    for (let batch = 0; batch < 20; batch++) {
      const attempts: Attempt[] = Array.from({ length: random.int(1, 40) }, () => {
        const score = random.pick([0, 0.5, 1]);
        return { problemId: `p${random.int(0, 49)}`, policyVersion: `v${batch % 3}`, reward: score, score, tokens: 5, ms: 1, at: random.int(1, 1e6) };
      });
      corpus.recordAttempts(attempts);
    }
    const recount = corpus.db
      .prepare('SELECT problem_id AS id, count(*) AS n, sum(score >= 1) AS s, max(at) AS last FROM attempts GROUP BY problem_id')
      .all() as Array<{ id: string; n: number; s: number; last: number }>;
    expect(recount.length).toBeGreaterThan(30);
    for (const { id, n, s, last } of recount) {
      expect(corpus.getStats(id)).toEqual({ problemId: id, attempts: n, successes: s, passRate: smoothedPassRate(s, n), lastSeen: last });
    }
    expect(corpus.listStats({ family: 'even' })).toHaveLength(25);
  });

  it('counts only full marks as successes', () => {
    corpus.recordAttempts([
      { problemId: 'p1', policyVersion: 'v1', reward: 1, score: 1, tokens: 3, ms: 2, at: 10 },
      { problemId: 'p1', policyVersion: 'v1', reward: 0.9, score: 0.9, tokens: 3, ms: 2, at: 20 },
      { problemId: 'p1', policyVersion: 'v1', reward: -1, score: 0, tokens: 3, ms: 2, at: 15 },
    ]);
    expect(corpus.getStats('p1')).toEqual({ problemId: 'p1', attempts: 3, successes: 1, passRate: 2 / 5, lastSeen: 20 });
  });

  it('rejects a batch with an unknown problem and records none of it', () => {
    const good = { problemId: 'p1', policyVersion: 'v1', reward: 1, score: 1, tokens: 3, ms: 2 };
    expect(() => corpus.recordAttempts([good, { ...good, problemId: 'ghost' }])).toThrow(/unknown problem id\(s\) ghost/);
    expect(corpus.getStats('p1')!.attempts).toBe(0);
    expect(() => corpus.recordAttempts([{ ...good, score: Number.NaN }])).toThrow(/field "score"/);
  });

  it('lets two processes record attempts into one database at once', async () => {
    const run = promisify(execFile);
    const script = join(import.meta.dirname, 'fixtures', 'record-attempts-process.ts');
    const batches = 30;
    await Promise.all(['a', 'b'].map((version) => run(process.execPath, ['--import', 'tsx', script, corpus.path, version, String(batches), '50'])));
    const totals = corpus.db.prepare('SELECT policy_version AS v, count(*) AS n FROM attempts GROUP BY v ORDER BY v').all();
    expect(totals).toEqual([{ v: 'a', n: batches * 10 }, { v: 'b', n: batches * 10 }]);
    const stats = corpus.listStats();
    expect(stats.reduce((sum, entry) => sum + entry.attempts, 0)).toBe(2 * batches * 10);
    expect(stats.reduce((sum, entry) => sum + entry.successes, 0)).toBe(batches * 10);
  }, 60_000);
});

describe('schema versions', () => {
  it('refuses a database written by a newer rlvr, and a file that is not a corpus', () => {
    const newer = join(dir, 'newer.db');
    const db = new Database(newer);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openCorpus(newer)).toThrow(/schema version 2 is newer than this rlvr understands \(1\)/);
    const foreign = join(dir, 'foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE something (x)');
    other.close();
    expect(() => openCorpus(foreign)).toThrow(/not an rlvr corpus/);
  });

  it('reopens its own database', () => {
    corpus.addProblems([sampleProblem(0)]);
    corpus.close();
    const reopened = openCorpus(join(dir, 'corpus.db'));
    expect(reopened.countProblems()).toBe(1);
    expect(reopened.db.pragma('journal_mode', { simple: true })).toBe('wal');
    reopened.close();
  });
});
