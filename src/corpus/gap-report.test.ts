import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Attempt } from '../core/corpus.js';
import { buildGapReport } from './gap-report.js';
import { renderGapReport } from './render-gap-report.js';
import type { SqliteCorpus } from './sqlite-corpus.js';
import { sampleProblem, temporaryCorpus } from './test-helpers.js';

let corpus: SqliteCorpus;
let remove: () => void;

beforeEach(() => {
  ({ corpus, remove } = temporaryCorpus());
  // ladder: bands 0.0, 0.1 and 0.4 populated (0.2, 0.3 missing); steady: every band 0..0.4.
  const ladder = [0.05, 0.06, 0.15, 0.45].map((difficulty, i) => sampleProblem(i, { id: `ladder${i}`, family: 'ladder', difficulty, prompt: `ladder ${i}` }));
  const steady = [0.01, 0.11, 0.21, 0.31, 0.41].map((difficulty, i) => sampleProblem(i, { id: `steady${i}`, family: 'steady', difficulty, prompt: `steady ${i}` }));
  const unlabeled = sampleProblem(99, { id: 'steady-unlabeled', family: 'steady', prompt: 'unlabeled', metadata: { difficultyUnlabeled: true } });
  corpus.addProblems([...ladder, ...steady, unlabeled]);
  const attempt = (problemId: string, score: number, policyVersion = 'v2', at = 100): Attempt => ({ problemId, policyVersion, reward: score, score, tokens: 1, ms: 1, at });
  corpus.recordAttempts([
    attempt('ladder0', 1), attempt('ladder1', 1), attempt('ladder2', 1), attempt('ladder3', 0), attempt('ladder3', 0),
    attempt('steady0', 1), attempt('steady0', 0), attempt('steady4', 0),
    // An older policy that failed everything must not colour the current report.
    attempt('ladder0', 0, 'v1', 10), attempt('steady1', 0, 'v1', 10),
  ]);
});
afterEach(() => remove());

describe('buildGapReport', () => {
  it('flags empty bands between populated ones, saturated and hopeless bands, for the latest policy', () => {
    const report = buildGapReport(corpus);
    expect(report.policyVersion).toBe('v2');
    const ladder = report.families.find((family) => family.family === 'ladder')!;
    expect(ladder.bands.map((band) => band.problems)).toEqual([2, 1, 0, 0, 4 - 3, 0, 0, 0, 0, 0]);
    expect(ladder.missingRungs).toEqual(['0.2–0.3', '0.3–0.4']);
    expect(ladder.bands[0]).toMatchObject({ attempts: 2, successes: 2, passRate: 1, flags: ['all-pass'] });
    expect(ladder.bands[4]).toMatchObject({ attempts: 2, successes: 0, passRate: 0, flags: ['all-fail'] });
    expect(ladder.bands[2]!.flags).toEqual(['gap']);
    // The neighbouring populated bands on both sides of the gap go from 100% to 0%.
    expect(ladder.cliffs).toEqual(['0.1–0.2 → 0.4–0.5']);
    const steady = report.families.find((family) => family.family === 'steady')!;
    expect(steady).toMatchObject({ problems: 6, unlabeled: 1, missingRungs: [] });
    expect(steady.bands[0]).toMatchObject({ passRate: 0.5, flags: [] });
    expect(steady.bands[1]).toMatchObject({ attempts: 0, passRate: null, flags: [] });
  });

  it('shows an older policy on request and finds a cliff from 100% to 0% between neighbours', () => {
    corpus.recordAttempts([{ problemId: 'ladder2', policyVersion: 'v1', reward: 1, score: 1, tokens: 1, ms: 1, at: 10 }]);
    const ladder = buildGapReport(corpus, { policyVersion: 'v1', bands: 5 }).families.find((family) => family.family === 'ladder')!;
    expect(ladder.bands.map((band) => band.problems)).toEqual([3, 0, 1, 0, 0]);
    expect(ladder.bands[0]).toMatchObject({ attempts: 2, successes: 1 });
    expect(buildGapReport(corpus, { bands: 5 }).families[0]!.cliffs).toEqual(['0–0.2 → 0.4–0.6']);
  });

  it('renders a table that names the policy, the flags and the families missing a rung', () => {
    const text = renderGapReport(buildGapReport(corpus));
    expect(text).toContain('pass rates of policy version v2');
    expect(text).toMatch(/0\.2–0\.3 .*◆ gap: no problems/);
    expect(text).toMatch(/0\.4–0\.5 .*0% .*✗ model at 0%/);
    expect(text).toMatch(/0–0\.1 .*100% .*✓ model at 100%/);
    expect(text).toContain('1 without a difficulty label');
    expect(text).toContain('Missing rungs: ladder (0.2–0.3, 0.3–0.4, cliff 0.1–0.2 → 0.4–0.5)');
  });
});
