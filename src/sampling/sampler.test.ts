import { afterEach, describe, expect, it } from 'vitest';
import type { Attempt } from '../core/corpus.js';
import { openCorpus } from '../corpus/sqlite-corpus.js';
import { createSampler, type GroupResult, type Sampler } from './sampler.js';
import { fourSigmaMisfits, interfaceOnly, openTestCorpus, type TestProblem } from './test-corpus.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function corpus(specs: TestProblem[]) {
  const opened = openTestCorpus(specs);
  cleanups.push(opened.cleanup);
  return opened;
}

/** Counts of single draws, so each count follows the sampler's per-draw formula exactly. */
function countSingleDraws(sampler: Sampler, draws: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let k = 0; k < draws; k++) {
    const [problem] = sampler.draw(1);
    counts.set(problem!.id, (counts.get(problem!.id) ?? 0) + 1);
  }
  return counts;
}

function expectedFromWeights(weights: Map<string, number>): Map<string, number> {
  const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  return new Map([...weights].filter(([, weight]) => weight > 0).map(([id, weight]) => [id, weight / total]));
}

/** A spread of pass rates: problem i has i successes out of 11 attempts (pass rate (i+1)/13). */
const SPREAD: TestProblem[] = Array.from({ length: 12 }, (_, i) => ({ successes: i, attempts: 11 }));
const DRAWS = 6_000;

function expectFormula(spec: string, specs: TestProblem[], weightOf: (passRate: number) => number) {
  const { store } = corpus(specs);
  const sampler = createSampler(spec, store, { seed: 11 });
  const weights = new Map(store.listStats().map((stats) => [stats.problemId, weightOf(stats.passRate)]));
  expect(fourSigmaMisfits(countSingleDraws(sampler, DRAWS), expectedFromWeights(weights), DRAWS)).toEqual([]);
}

describe('samplers follow their formulas (per-problem counts within 4σ)', () => {
  it('uniform draws every training problem equally and never a held-out one', () => {
    const { store } = corpus(Array.from({ length: 20 }, (_, i) => ({ split: i % 5 === 0 ? 'heldout' : undefined })));
    const sampler = createSampler('uniform', store, { seed: 1 });
    expect(sampler.size).toBe(16);
    expect(createSampler('uniform', store, { seed: 1, filter: {} }).size).toBe(20);
    const trainIds = store.listProblems({ split: 'train' }).map((problem) => problem.id);
    const counts = countSingleDraws(sampler, DRAWS);
    expect(fourSigmaMisfits(counts, new Map(trainIds.map((id) => [id, 1 / 16])), DRAWS)).toEqual([]);
  });

  it('prioritized: P(i) ∝ 1 − s_i (Kimi k1.5)', () => {
    expectFormula('prioritized', SPREAD, (s) => 1 - s);
  });

  it('prioritized with a floor: P(i) ∝ max(1 − s_i, floor)', () => {
    expectFormula('prioritized:floor=0.4', SPREAD, (s) => Math.max(1 - s, 0.4));
  });

  it('boundary: P(i) ∝ s_i(1 − s_i)', () => {
    expectFormula('boundary', SPREAD, (s) => s * (1 - s));
  });

  it('boundary band: weight 1 inside [lo, hi], `outside` elsewhere', () => {
    expectFormula('boundary:lo=0.3,hi=0.6,outside=0.05', SPREAD, (s) => (s >= 0.3 && s <= 0.6 ? 1 : 0.05));
  });

  it('boundary band with outside=0 never draws outside the band', () => {
    expectFormula('boundary:lo=0.3,hi=0.6,outside=0', SPREAD, (s) => (s >= 0.3 && s <= 0.6 ? 1 : 0));
  });

  it('mix: each draw goes to a component with probability weight / total', () => {
    const { store } = corpus(SPREAD);
    const sampler = createSampler('mix:boundary(lo=0,hi=0.3,outside=0)=0.7,boundary(lo=0.7,hi=1,outside=0)=0.3', store, { seed: 3 });
    const passRates = new Map(store.listStats().map((stats) => [stats.problemId, stats.passRate]));
    let low = 0;
    let drawn = 0;
    for (let k = 0; k < 2000; k++) {
      for (const problem of sampler.draw(3)) {
        drawn++;
        if (passRates.get(problem.id)! <= 0.3) low++;
        else expect(passRates.get(problem.id)!).toBeGreaterThanOrEqual(0.7);
      }
    }
    expect(Math.abs(low - 0.7 * drawn)).toBeLessThan(4 * Math.sqrt(drawn * 0.7 * 0.3));
  });
});

describe('pooled prior', () => {
  /**
   * Three difficulty pools of 20 never-attempted problems each, plus one problem per pool with 40
   * attempts: all passed (easy), half passed (middle), none passed (hard).
   */
  const POOLS: TestProblem[] = [0.15, 0.55, 0.95].flatMap((difficulty, pool) => [
    { difficulty, successes: [40, 20, 0][pool], attempts: 40 },
    ...Array.from({ length: 20 }, () => ({ difficulty })),
  ]);
  const poolOf = (id: string) => Math.floor(Number(id.slice(1)) / 21);

  function middleShare(spec: string): number {
    const { store } = corpus(POOLS);
    const sampler = createSampler(spec, store, { seed: 4 });
    let middle = 0;
    for (let k = 0; k < DRAWS; k++) if (poolOf(sampler.draw(1)[0]!.id) === 1) middle++;
    return middle / DRAWS;
  }

  it('aims unseen problems at the pool nearest the boundary, where per-problem rates cannot', () => {
    // Pooled: unseen problems sit at their pool's rate 41/42, 21/42 or 1/42; only the middle ones
    // fall in the band, so 21 · 1 / (21 + 42 · 0.01) of the draws go there.
    const pooled = middleShare('boundary:lo=0.3,hi=0.7,pool=0.1');
    const expected = 21 / (21 + 42 * 0.01);
    expect(Math.abs(pooled - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / DRAWS));
    // Per problem: all 60 unseen problems sit at 0.5, inside the band, wherever their pool stands.
    const unpooled = middleShare('boundary:lo=0.3,hi=0.7');
    const third = 21 / (63 - 2 + 2 * 0.01);
    expect(Math.abs(unpooled - third)).toBeLessThan(4 * Math.sqrt((third * (1 - third)) / DRAWS));
  });

  it('boundary with a pool follows s(1 − s) of the pooled rates (per-problem counts within 4σ)', () => {
    const specs: TestProblem[] = Array.from({ length: 12 }, (_, i) => ({
      difficulty: [0.12, 0.18, 0.42][i % 3],
      family: i < 6 ? 'left' : 'right',
      successes: i % 4,
      attempts: i % 5 === 0 ? 0 : 4,
    }));
    const { store } = corpus(specs);
    const sampler = createSampler('boundary:pool=0.1', store, { seed: 6 });
    const stats = store.listStats();
    const problems = new Map(store.listProblems().map((problem) => [problem.id, problem]));
    const poolKey = (id: string) => `${problems.get(id)!.family}/${Math.floor(problems.get(id)!.difficulty * 10)}`;
    const poolCounts = new Map<string, { s: number; n: number }>();
    for (const { problemId, successes, attempts } of stats) {
      const pool = poolCounts.get(poolKey(problemId)) ?? { s: 0, n: 0 };
      poolCounts.set(poolKey(problemId), { s: pool.s + successes, n: pool.n + attempts });
    }
    const weights = new Map(
      stats.map(({ problemId, successes, attempts }) => {
        const pool = poolCounts.get(poolKey(problemId))!;
        const rate = (successes + 2 * ((pool.s + 1) / (pool.n + 2))) / (attempts + 2);
        return [problemId, rate * (1 - rate)];
      }),
    );
    expect(fourSigmaMisfits(countSingleDraws(sampler, DRAWS), expectedFromWeights(weights), DRAWS)).toEqual([]);
  });

  it('observing one problem moves the never-attempted problems of its pool', () => {
    const { store } = corpus([{ difficulty: 0.15 }, { difficulty: 0.15 }, { difficulty: 0.55 }]);
    const sampler = createSampler('prioritized:pool=0.1', store, { seed: 9 });
    sampler.observe([{ problemId: 'p0', scores: [1, 1, 1, 1, 1, 1, 1, 1] }]);
    // Pool 0.1: p_pool = 9/10; p0 = (8 + 1.8) / 10 = 0.98 → 0.02; p1 = 0.9 → 0.1; p2 stays 0.5.
    const counts = countSingleDraws(sampler, DRAWS);
    expect(fourSigmaMisfits(counts, expectedFromWeights(new Map([['p0', 0.02], ['p1', 0.1], ['p2', 0.5]])), DRAWS)).toEqual([]);
  });
});

describe('batches and observation', () => {
  it('a batch has no repeats until the filtered corpus is exhausted, and honours `exclude`', () => {
    const { store } = corpus(SPREAD);
    const sampler = createSampler('prioritized', store, { seed: 5 });
    expect(new Set(sampler.draw(12).map((problem) => problem.id)).size).toBe(12);
    const overfull = sampler.draw(20).map((problem) => problem.id);
    expect(new Set(overfull).size).toBe(12);
    const excluded = ['p0', 'p1', 'p2'];
    for (let k = 0; k < 50; k++) {
      expect(sampler.draw(4, { exclude: excluded }).some((problem) => excluded.includes(problem.id))).toBe(false);
    }
    const uniform = createSampler('uniform', store, { seed: 5 });
    expect(new Set(uniform.draw(12).map((problem) => problem.id)).size).toBe(12);
  });

  it('observing a group moves that problem’s weight by the store’s smoothed pass rate', () => {
    const { store } = corpus([{}, {}]);
    const sampler = createSampler('prioritized', store, { seed: 9 });
    sampler.observe([{ problemId: 'p0', scores: [1, 1, 1, 1, 1, 1, 1, 1] }]);
    // s0 = (8 + 1) / (8 + 2) = 0.9 → weight 0.1; s1 stays 0.5 → weight 0.5.
    const counts = countSingleDraws(sampler, 6000);
    expect(fourSigmaMisfits(counts, new Map([['p0', 1 / 6], ['p1', 5 / 6]]), 6000)).toEqual([]);
  });

  it('draws the same through the plain CorpusStore interface as through the SQLite fast path', () => {
    const { store } = corpus(Array.from({ length: 30 }, (_, i) => ({ difficulty: i / 30, successes: i % 4, attempts: 4, split: i % 7 ? undefined : 'heldout' })));
    const spec = 'mix:prioritized(floor=0.1)=1,curriculum(levels=3)=1,boundary(lo=0.3,hi=0.7,pool=0.2)=1';
    const fast = createSampler(spec, store, { seed: 8, stateKey: 'fast' });
    const plain = createSampler(spec, interfaceOnly(store), { seed: 8, stateKey: 'plain' });
    expect(plain.size).toBe(fast.size);
    for (let k = 0; k < 20; k++) {
      const drawn = fast.draw(5);
      expect(plain.draw(5)).toEqual(drawn);
      const results = drawn.map((problem) => ({ problemId: problem.id, scores: [k % 2, 1] }));
      fast.observe(results);
      plain.observe(results);
    }
  });

  it('rejects scores outside [0, 1] and an empty filter, naming what was wrong', () => {
    const { store } = corpus([{}]);
    const sampler = createSampler('uniform', store, { seed: 1 });
    expect(() => sampler.observe([{ problemId: 'p0', scores: [2] }])).toThrow(/scores must be in \[0, 1\], received 2 for p0/);
    expect(() => createSampler('uniform', store, { seed: 1, filter: { family: 'nothing' } })).toThrow(/no problem matches/);
  });
});

describe('curriculum', () => {
  const LEVELS = [0.05, 0.1, 0.3, 0.35, 0.55, 0.6, 0.8, 0.9].map((difficulty) => ({ difficulty }));
  const levelOf = (id: string) => Math.floor(LEVELS[Number(id.slice(1))]!.difficulty * 4);
  const groups = (sampler: Sampler, score: number): GroupResult[] =>
    sampler.draw(2).map((problem) => ({ problemId: problem.id, scores: [score, score, score, score] }));

  it('starts at the easiest level, advances at the threshold, draws the review share from easier levels, steps back on collapse', () => {
    const { store } = corpus(LEVELS);
    const sampler = createSampler('curriculum:levels=4,window=8,review=0.25', store, { seed: 2 });
    for (let k = 0; k < 100; k++) expect(sampler.draw(1).map((problem) => levelOf(problem.id))).toEqual([0]);
    sampler.observe(groups(sampler, 0.5));
    expect(sampler.draw(1).map((problem) => levelOf(problem.id))).toEqual([0]);
    sampler.observe(groups(sampler, 1)); // The last 8 scores now average 1 ≥ 0.8.
    let easier = 0;
    for (let k = 0; k < 4000; k++) {
      const level = levelOf(sampler.draw(1)[0]!.id);
      expect(level).toBeLessThanOrEqual(1);
      if (level === 0) easier++;
    }
    expect(Math.abs(easier - 1000)).toBeLessThan(4 * Math.sqrt(4000 * 0.25 * 0.75));
    // Collapse: only scores of current-level problems count, so observe level-1 problems at 0.
    sampler.observe([{ problemId: 'p2', scores: [0, 0, 0, 0] }, { problemId: 'p3', scores: [0, 0, 0, 0] }]);
    for (let k = 0; k < 50; k++) expect(levelOf(sampler.draw(1)[0]!.id)).toBe(0);
  });

  it('skips empty levels and stays at the hardest', () => {
    const { store } = corpus([{ difficulty: 0.1 }, { difficulty: 0.7 }]);
    const sampler = createSampler('curriculum:levels=4,window=4,review=0', store, { seed: 2 });
    sampler.observe([{ problemId: 'p0', scores: [1, 1, 1, 1] }]);
    expect(sampler.draw(1)[0]!.id).toBe('p1');
    sampler.observe([{ problemId: 'p1', scores: [1, 1, 1, 1] }]);
    expect(sampler.draw(1)[0]!.id).toBe('p1');
  });
});

describe('resumption', () => {
  const SPEC = 'mix:curriculum(levels=4,window=16,review=0.2)=0.5,prioritized(floor=0.05)=0.3,boundary=0.2';
  const POOLED_SPEC = 'mix:curriculum(levels=4,window=16,review=0.2)=0.5,prioritized(floor=0.05,pool=0.1)=0.3,boundary(pool=0.25)=0.2';
  const PROBLEMS = Array.from({ length: 60 }, (_, i) => ({ difficulty: (i % 20) / 20, successes: i % 3, attempts: i % 5 }));

  /** One training step as a trainer does it: draw, score deterministically, record, observe. */
  function step(sampler: Sampler, store: ReturnType<typeof openCorpus>, stepIndex: number): string[] {
    const problems = sampler.draw(6);
    const results = problems.map((problem, k) => ({
      problemId: problem.id,
      scores: [0, 1, 2, 3].map((g) => (((Number(problem.id.slice(1)) * 7 + stepIndex * 13 + k * 3 + g * 29) % 20) / 20 >= problem.difficulty ? 1 : 0)),
    }));
    const attempts: Attempt[] = results.flatMap(({ problemId, scores }) =>
      scores.map((score) => ({ problemId, policyVersion: `v${stepIndex}`, reward: score, score, tokens: 1, ms: 1 })),
    );
    store.recordAttempts(attempts);
    sampler.observe(results);
    return problems.map((problem) => problem.id);
  }

  it.each([SPEC, POOLED_SPEC])('a sampler rebuilt from the store after a restart draws exactly what an uninterrupted one would (%s)', (spec) => {
    const uninterrupted = corpus(PROBLEMS);
    const restarted = corpus(PROBLEMS);
    const options = { seed: 'run-1', filter: { split: 'train' }, stateKey: 'run-1/sampler' };
    const reference = createSampler(spec, uninterrupted.store, options);
    const referenceDraws: string[][] = [];
    let stateAtTen: unknown;
    for (let i = 0; i < 20; i++) {
      if (i === 10) stateAtTen = uninterrupted.store.getState('run-1/sampler');
      referenceDraws.push(step(reference, uninterrupted.store, i));
    }

    const first = createSampler(spec, restarted.store, options);
    const draws = Array.from({ length: 10 }, (_, i) => step(first, restarted.store, i));
    restarted.store.close();
    const reopened = openCorpus(restarted.path);
    cleanups.push(() => reopened.close());
    const second = createSampler(spec, reopened, options);
    expect(second.save()).toEqual(stateAtTen);
    for (let i = 10; i < 20; i++) draws.push(step(second, reopened, i));
    expect(draws).toEqual(referenceDraws);
    const saved = reopened.getState<{ spec: string; strategy: { components: Array<{ level: number; recent: number[] }> } }>('run-1/sampler')!;
    expect(saved.spec).toBe(second.name);
    // The run exercised the curriculum's state: it moved up and holds a partial window.
    expect(saved.strategy.components[0]!.level).toBeGreaterThan(0);
  });

  it('refuses a saved state written by a different sampler, or by something else', () => {
    const { store } = corpus(PROBLEMS);
    createSampler('uniform', store, { seed: 1, stateKey: 'k' }).observe([]);
    expect(() => createSampler('prioritized', store, { seed: 1, stateKey: 'k' })).toThrow(/belongs to sampler "uniform"/);
    store.setState('other', { level: 3 });
    expect(() => createSampler('uniform', store, { seed: 1, stateKey: 'other' })).toThrow(/state "other" is not a sampler state/);
  });
});
