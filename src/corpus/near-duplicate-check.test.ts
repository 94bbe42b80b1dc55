import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NearDuplicateCheck } from './near-duplicate-check.js';
import type { SqliteCorpus } from './sqlite-corpus.js';
import { sampleProblem, temporaryCorpus } from './test-helpers.js';

const UNRELATED_PROMPT = 'Something unrelated: list the prime numbers below twenty.';
const LONG_PROMPT = 'A train leaves the station at 3 pm travelling at 60 km per hour; when does it arrive 180 km away?';

/** Prompts that share a long instruction and differ only in their numbers, like a task family's. */
function templated(index: number): string {
  return `Work step by step and put your final answer in <answer></answer> tags. Compute ${index} + ${index * 3}.`;
}

let corpus: SqliteCorpus;
let remove: () => void;

beforeEach(() => ({ corpus, remove } = temporaryCorpus()));
afterEach(() => remove());

describe('NearDuplicateCheck', () => {
  it('checks each problem against the stored corpus and the problems sent before it, in order', async () => {
    corpus.addProblems([sampleProblem(0, { prompt: LONG_PROMPT }), sampleProblem(1)]);
    const check = NearDuplicateCheck.forCorpus(corpus);
    try {
      check.check(['new-a', 'new-b'], [UNRELATED_PROMPT, LONG_PROMPT.replace('3 pm', '4 pm')]);
      check.check(['new-c'], [LONG_PROMPT.replace('60 km', '60 kilometres')]);
      const first = await check.matches();
      expect(first.map(({ position, similarTo, similarToChecked }) => [position, similarTo, similarToChecked])).toEqual([
        [1, 'p0', false],
        [2, 'p0', false],
        [2, 'new-b', true],
      ]);
      expect(first.every(({ similarity }) => similarity >= 0.8 && similarity <= 1)).toBe(true);
      expect(first[1]!.similarity).toBeGreaterThanOrEqual(first[2]!.similarity);

      // A new round: problems checked in the previous one count as stored.
      check.check(['new-d', 'new-e'], [sampleProblem(1).prompt, UNRELATED_PROMPT]);
      expect(await check.matches()).toEqual([
        { position: 0, similarTo: 'p1', similarity: 1, similarToChecked: false },
        { position: 1, similarTo: 'new-a', similarity: 1, similarToChecked: false },
      ]);
    } finally {
      await check.close();
    }
  });

  it('ignores template text found in the first problems checked when the corpus is empty', async () => {
    const check = NearDuplicateCheck.forCorpus(corpus);
    try {
      const ids = Array.from({ length: 400 }, (_, i) => `t${i}`);
      check.check(ids, ids.map((_, i) => templated(i)));
      check.check(['copy'], [templated(7)]);
      expect(await check.matches()).toEqual([{ position: 400, similarTo: 't7', similarity: 1, similarToChecked: true }]);
    } finally {
      await check.close();
    }
  });

  it('finds near duplicates among a few problems checked into an empty corpus', async () => {
    const check = NearDuplicateCheck.forCorpus(corpus);
    try {
      check.check(['a', 'b'], [LONG_PROMPT, LONG_PROMPT.replace('3 pm', '4 pm')]);
      expect((await check.matches()).map(({ position, similarTo }) => [position, similarTo])).toEqual([[1, 'a']]);
    } finally {
      await check.close();
    }
  });

  it('rejects after it is closed', async () => {
    const check = NearDuplicateCheck.forCorpus(corpus);
    await check.close();
    await expect(check.matches()).rejects.toThrow(/closed/);
  });
});
