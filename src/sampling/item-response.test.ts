import { afterEach, describe, expect, it } from 'vitest';
import type { Attempt } from '../core/corpus.js';
import { Random } from '../core/random.js';
import { itemResponseDifficulty, passRateDifficulties } from './difficulty.js';
import { ItemResponseModel, sigmoid, type ItemLabel } from './item-response.js';
import { labelsFromStore, loadItemResponseModel, saveItemResponseModel } from './item-response-store.js';
import { interfaceOnly, openTestCorpus } from './test-corpus.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => [value, index] as const).sort((a, b) => a[0] - b[0]);
  const result = new Array<number>(values.length);
  order.forEach(([, index], rank) => (result[index] = rank));
  return result;
}

function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const sumSquares = ra.reduce((sum, rank, i) => sum + (rank - rb[i]!) ** 2, 0);
  return 1 - (6 * sumSquares) / (n * (n * n - 1));
}

/** Two families whose labels map to true difficulties differently, and six improving versions. */
function simulation(seed: number) {
  const random = new Random(seed);
  const labels = new Map<string, ItemLabel>();
  const trueDifficulty = new Map<string, number>();
  for (let i = 0; i < 240; i++) {
    const family = i % 2 === 0 ? 'arithmetic' : 'logic';
    const label = random.next();
    const b = family === 'arithmetic' ? 3 * (label - 0.5) : 1 + 2 * (label - 0.5);
    labels.set(`q${i}`, { family, difficulty: label });
    trueDifficulty.set(`q${i}`, b + 0.4 * random.normal());
  }
  const abilities = new Map([['v0', -1.5], ['v1', -0.8], ['v2', -0.2], ['v3', 0.4], ['v4', 1], ['v5', 1.6]]);
  const attempt = (problemId: string, version: string): Attempt => {
    const score = random.bool(sigmoid(abilities.get(version)! - trueDifficulty.get(problemId)!)) ? 1 : 0;
    return { problemId, policyVersion: version, reward: score, score, tokens: 1, ms: 1 };
  };
  const batches: Attempt[][] = [];
  for (const version of abilities.keys()) {
    const ids = random.shuffle([...labels.keys()]);
    for (let start = 0; start < ids.length; start += 60) {
      batches.push(ids.slice(start, start + 60).flatMap((id) => Array.from({ length: 6 }, () => attempt(id, version))));
    }
  }
  return { labels, trueDifficulty, abilities, batches, attempt, lookup: (id: string) => labels.get(id) };
}

function expectRecovery(model: ItemResponseModel, sim: ReturnType<typeof simulation>) {
  const ids = [...sim.trueDifficulty.keys()];
  expect(spearman(ids.map((id) => model.difficulty(id).mean), ids.map((id) => sim.trueDifficulty.get(id)!))).toBeGreaterThan(0.9);
  const versions = [...sim.abilities.keys()];
  expect(spearman(versions.map((v) => model.ability(v).mean), versions.map((v) => sim.abilities.get(v)!))).toBeGreaterThan(0.9);
}

describe('ItemResponseModel (Rasch)', () => {
  it('recovers known difficulties and abilities online, batch by batch', () => {
    const sim = simulation(1);
    const model = new ItemResponseModel();
    for (const batch of sim.batches) model.update(batch, sim.lookup);
    expectRecovery(model, sim);
    expect(model.latestVersion()).toBe('v5');
  });

  it('recovers them with a batch refit, which converges', () => {
    const sim = simulation(2);
    const model = new ItemResponseModel();
    const { iterations, converged } = model.refit(sim.batches.flat(), sim.lookup);
    expect(converged).toBe(true);
    expect(iterations).toBeLessThan(200);
    expectRecovery(model, sim);
  });

  it('places a new problem from its family calibration, then from a few attempts', () => {
    const sim = simulation(3);
    const model = new ItemResponseModel();
    for (const batch of sim.batches) model.update(batch, sim.lookup);
    const calibration = model.familyCalibration('logic');
    expect(calibration.slope).toBeGreaterThan(1);
    // A new logic problem, label 0.9, truly as hard as the family predicts: b = 1 + 2·0.4 = 1.8.
    const label = { family: 'logic', difficulty: 0.9 };
    sim.labels.set('new', label);
    sim.trueDifficulty.set('new', 1.8);
    const quantile = (b: number, of: (id: string) => number) => {
      const others = [...sim.trueDifficulty.keys()].filter((id) => id !== 'new');
      return others.filter((id) => of(id) < b).length / others.length;
    };
    const trueQuantile = quantile(1.8, (id) => sim.trueDifficulty.get(id)!);
    const priorQuantile = quantile(model.difficulty('new', label).mean, (id) => model.difficulty(id).mean);
    expect(Math.abs(priorQuantile - trueQuantile)).toBeLessThan(0.1);
    model.update(Array.from({ length: 6 }, () => sim.attempt('new', 'v5')), sim.lookup);
    const afterQuantile = quantile(model.difficulty('new').mean, (id) => model.difficulty(id).mean);
    expect(Math.abs(afterQuantile - trueQuantile)).toBeLessThan(0.15);
    expect(model.difficulty('new').precision).toBeGreaterThan(1 / model.options.difficultyPriorSd ** 2);
  });

  it('moves a mislabelled problem toward what its attempts show', () => {
    const model = new ItemResponseModel();
    const lookup = () => ({ family: 'f', difficulty: 0.9 });
    model.update([{ problemId: 'anchor', policyVersion: 'v', reward: 0, score: 0, tokens: 1, ms: 1 }], lookup);
    const before = model.successProbability('easy', 'v', lookup());
    model.update(Array.from({ length: 8 }, () => ({ problemId: 'easy', policyVersion: 'v', reward: 1, score: 1, tokens: 1, ms: 1 })), lookup);
    expect(model.successProbability('easy', 'v')).toBeGreaterThan(before + 0.3);
  });

  it('rejects scores outside [0, 1] and unknown problems, naming them', () => {
    const model = new ItemResponseModel();
    expect(() => model.update([{ problemId: 'x', policyVersion: 'v', reward: 0, score: 3, tokens: 1, ms: 1 }], () => undefined)).toThrow(/received 3 for x/);
    expect(() => model.update([{ problemId: 'x', policyVersion: 'v', reward: 0, score: 1, tokens: 1, ms: 1 }], () => undefined)).toThrow(/no label for problem x/);
    expect(() => new ItemResponseModel({ labelSlope: 0 })).toThrow(/labelSlope must be > 0, received 0/);
  });
});

describe('persistence and difficulty helpers', () => {
  it('saves to the SQLite store and loads an identical model; later saves write only changed problems', () => {
    const { store, cleanup } = openTestCorpus(Array.from({ length: 30 }, (_, i) => ({ difficulty: i / 30, family: i % 2 ? 'a' : 'b' })));
    cleanups.push(cleanup);
    const model = loadItemResponseModel(store, 'irt');
    const attempts = (version: string, ids: number[]) =>
      ids.flatMap((i) => [0, 1, 2].map((k) => ({ problemId: `p${i}`, policyVersion: version, reward: 0, score: (i + k) % 2, tokens: 1, ms: 1 })));
    model.update(attempts('v0', [...Array(30).keys()]), labelsFromStore(store));
    saveItemResponseModel(store, 'irt', model);
    model.update(attempts('v1', [1, 2, 3]), labelsFromStore(store));
    expect(model.takeChanged().sort()).toEqual(['p1', 'p2', 'p3']);
    model.update(attempts('v1', [4]), labelsFromStore(store));
    saveItemResponseModel(store, 'irt', model);
    const loaded = loadItemResponseModel(store, 'irt');
    expect(loaded.snapshot().versions).toEqual(model.snapshot().versions);
    // p1–p3 changed after the first save but their rows were taken before the second: still stale.
    expect(loaded.problemBelief('p4')).toEqual(model.problemBelief('p4'));
    expect(loaded.problemBelief('p1')).not.toEqual(model.problemBelief('p1'));
    expect(loaded.problemBelief('p10')).toEqual(model.problemBelief('p10'));
  });

  it('keeps the whole model in one state document on a store without SQL access', () => {
    const { store, cleanup } = openTestCorpus(Array.from({ length: 10 }, (_, i) => ({ difficulty: i / 10 })));
    cleanups.push(cleanup);
    const plain = interfaceOnly(store);
    const model = loadItemResponseModel(plain, 'irt-plain', { labelSlope: 3 });
    model.update([0, 1, 2, 3].map((i) => ({ problemId: `p${i}`, policyVersion: 'v0', reward: 0, score: i % 2, tokens: 1, ms: 1 })), labelsFromStore(plain));
    saveItemResponseModel(plain, 'irt-plain', model);
    expect(loadItemResponseModel(plain, 'irt-plain').snapshot()).toEqual(model.snapshot());
    expect(model.snapshot().options.labelSlope).toBe(3);
  });

  it('Kimi pass-rate difficulty is 1 − smoothed pass rate, for problems with enough attempts', () => {
    const { store, cleanup } = openTestCorpus([{ successes: 9, attempts: 10 }, { successes: 1, attempts: 10 }, { successes: 1, attempts: 2 }]);
    cleanups.push(cleanup);
    expect(passRateDifficulties(store)).toEqual(new Map([['p0', 1 - 10 / 12], ['p1', 1 - 2 / 12]]));
    expect(passRateDifficulties(store, { minAttempts: 1 }).get('p2')).toBeCloseTo(0.5);
    const model = new ItemResponseModel();
    model.update([{ problemId: 'p0', policyVersion: 'v', reward: 1, score: 1, tokens: 1, ms: 1 }], labelsFromStore(store));
    expect(itemResponseDifficulty(model, 'p0')).toBeCloseTo(1 - model.successProbability('p0', 'v'));
  });
});
