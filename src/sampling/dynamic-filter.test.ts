import { afterEach, describe, expect, it } from 'vitest';
import type { Problem } from '../core/problem.js';
import { fillInformativeBatch, isInformative } from './dynamic-filter.js';
import { createSampler, type GroupResult } from './sampler.js';
import { openTestCorpus } from './test-corpus.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** Problems with an even index are always solved; odd ones are solved by half the completions. */
async function rollout(problems: Problem[]): Promise<GroupResult[]> {
  return problems.map((problem) => ({ problemId: problem.id, scores: Number(problem.id.slice(1)) % 2 === 0 ? [1, 1, 1, 1] : [1, 0, 1, 0] }));
}

describe('fillInformativeBatch (DAPO dynamic sampling)', () => {
  it('drops all-equal groups after observing them and refills until the batch is informative', async () => {
    const { store, cleanup } = openTestCorpus(Array.from({ length: 40 }, () => ({})));
    cleanups.push(cleanup);
    const sampler = createSampler('uniform', store, { seed: 4, stateKey: 'dapo' });
    const observed: string[] = [];
    const spy = { ...sampler, observe: (results: readonly GroupResult[]) => (observed.push(...results.map((r) => r.problemId)), sampler.observe(results)) };
    const { groups, report } = await fillInformativeBatch(spy, { batchSize: 8, rollout });
    expect(groups).toHaveLength(8);
    expect(groups.every(({ problem, result }) => Number(problem.id.slice(1)) % 2 === 1 && result.problemId === problem.id)).toBe(true);
    expect(report.shortfall).toBe(false);
    expect(report.message).toBeUndefined();
    expect(report.drawn).toBe(8 + report.dropped);
    expect(report.dropped).toBeGreaterThan(0);
    expect(observed).toHaveLength(report.drawn);
    expect(new Set(observed).size).toBe(report.drawn);
  });

  it('stops at the guard with a report on a corpus where every problem is solved', async () => {
    const { store, cleanup } = openTestCorpus(Array.from({ length: 500 }, () => ({ successes: 5, attempts: 5 })));
    cleanups.push(cleanup);
    const sampler = createSampler('prioritized:floor=0.05', store, { seed: 4 });
    let calls = 0;
    const solved = async (problems: Problem[]) => (calls++, problems.map((problem) => ({ problemId: problem.id, scores: [1, 1, 1] })));
    const { groups, report } = await fillInformativeBatch(sampler, { batchSize: 16, rollout: solved, maxRounds: 5 });
    expect(groups).toEqual([]);
    expect(calls).toBe(5);
    expect(report).toMatchObject({ rounds: 5, drawn: 80, dropped: 80, shortfall: true });
    expect(report.message).toMatch(/only 0 of 16 groups were informative .* maxRounds=5.*too few problems/);
  });

  it('stops when every problem of a small corpus has been tried', async () => {
    const { store, cleanup } = openTestCorpus(Array.from({ length: 6 }, () => ({})));
    cleanups.push(cleanup);
    const sampler = createSampler('uniform', store, { seed: 4 });
    const { groups, report } = await fillInformativeBatch(sampler, { batchSize: 5, rollout });
    expect(groups.map(({ problem }) => problem.id).sort()).toEqual(['p1', 'p3', 'p5']);
    expect(report).toMatchObject({ drawn: 6, shortfall: true });
    expect(report.message).toMatch(/all 6 problems/);
  });

  it('counts a group as informative only when its scores differ', () => {
    expect(isInformative([1, 1, 1])).toBe(false);
    expect(isInformative([0.5, 0.5])).toBe(false);
    expect(isInformative([0, 1])).toBe(true);
    expect(isInformative([])).toBe(false);
  });
});
