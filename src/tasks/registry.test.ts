import { afterAll, describe, expect, it } from 'vitest';
import type { Problem } from '../core/problem.js';
import { Random } from '../core/random.js';
import { runVerifier } from '../core/verifier.js';
import { VerifierSet } from '../verify/verifier-set.js';
import { gallery } from './gallery.js';
import { checkedFamilies, families, getFamily } from './registry.js';

/** The real verifiers, created through the verifier registry by the names families declare. */
const verifiers = new VerifierSet();

afterAll(() => verifiers.close());

/** Families whose answer is unique, so the solver must reproduce the generator's answer exactly. */
const ANY_VALID_ANSWER = new Set(['countdown', 'js-function']);
const PROBLEMS_PER_FAMILY = 50;
/** Sandboxed code runs cost ~100 ms each on a loaded machine: fewer, still across the whole range. */
const PROBLEMS_PER_CODE_FAMILY = 20;
const MEASURE_SAMPLES = 30;

async function verify(problem: Problem, response: string) {
  const verifier = await verifiers.get(problem.verifier);
  return runVerifier(verifier, { response, answer: problem.answer, tests: problem.tests, config: problem.verifierConfig, problem }, { timeoutMs: 20_000 });
}

describe('task family registry', () => {
  it('finds families by name and names the known ones for an unknown name', () => {
    expect(getFamily('addition').name).toBe('addition');
    expect(() => getFamily('additon')).toThrow(/unknown task family "additon" \(known: addition, multiplication, .*base-conversion\)/);
  });

  it('rejects a list with a duplicate name', () => {
    expect(() => checkedFamilies([families[0]!, families[1]!, families[0]!])).toThrow(/"addition" is registered twice/);
  });

  it('renders a gallery of one sample per family', () => {
    const entries = gallery(7);
    expect(entries.map((entry) => entry.family)).toEqual(families.map((family) => family.name));
    for (const entry of entries) expect(entry.referenceResponse.length).toBeGreaterThan(0);
  });
});

describe.each(families.map((family) => [family.name, family] as const))('%s conforms', (_, family) => {
  it('declares knobs and a registered verifier', async () => {
    expect(family.knobs.length).toBeGreaterThan(0);
    expect((await verifiers.get(family.verifier)).name).toBe(family.verifier);
  });

  it('is deterministic in (seed, difficulty) and varies with the seed', () => {
    expect(family.generate(42, 0.37)).toEqual(family.generate(42, 0.37));
    const prompts = new Set(Array.from({ length: 20 }, (__, seed) => family.generate(seed, 0.5).prompt));
    expect(prompts.size).toBeGreaterThanOrEqual(16);
    expect(family.generate(42, 0.3).prompt).not.toBe(family.generate(42, 0.31).prompt);
  });

  it('rejects a difficulty outside [0, 1] and a non-integer seed', () => {
    expect(() => family.generate(1, 1.5)).toThrow(/difficulty must be a number in \[0, 1\], received 1.5/);
    expect(() => family.generate(1, Number.NaN)).toThrow(RangeError);
    expect(() => family.generate(1.5, 0.5)).toThrow(/seed must be a safe integer/);
  });

  it('solves every generated problem: the reference response (and compact answer) passes the real verifier, a wrong one fails', async () => {
    const count = family.verifier === 'code' ? PROBLEMS_PER_CODE_FAMILY : PROBLEMS_PER_FAMILY;
    for (let index = 0; index < count; index++) {
      const difficulty = index / (count - 1);
      const problem = family.generate(1000 + index, difficulty);
      expect(problem).toMatchObject({ family: family.name, verifier: family.verifier, source: 'generated' });
      expect(problem.id).toBe(`${family.name}-${1000 + index}-${difficulty.toFixed(4)}`);
      expect(problem.metadata).toMatchObject({ seed: 1000 + index, difficulty: problem.difficulty });
      expect(typeof problem.metadata['compactPrompt']).toBe('string');

      const solution = family.solve(problem);
      if (!ANY_VALID_ANSWER.has(family.name)) expect(solution.answer).toBe(problem.answer);
      const right = await verify(problem, solution.response);
      expect(right, `${problem.id}: ${solution.response} → ${JSON.stringify(right)}`).toMatchObject({ passed: true, reward: 1 });

      const compactAnswer = problem.metadata['compactAnswer'];
      if (compactAnswer !== undefined) {
        const compact = await verify(problem, `<answer>${String(compactAnswer)}</answer>`);
        expect(compact, `${problem.id}: compact answer ${String(compactAnswer)}`).toMatchObject({ passed: true });
      }

      const wrongResponse = family.wrongResponse(problem, new Random(index));
      const wrong = await verify(problem, wrongResponse);
      expect(wrong.passed, `${problem.id}: wrong response ${wrongResponse} → ${JSON.stringify(wrong)}`).toBe(false);
    }
  });

  it('gets harder as the difficulty rises: the mean reference measure climbs', () => {
    const means = [0, 0.25, 0.5, 0.75, 1].map((difficulty) => {
      let total = 0;
      for (let seed = 0; seed < MEASURE_SAMPLES; seed++) total += family.referenceMeasure(family.generate(seed, difficulty));
      return total / MEASURE_SAMPLES;
    });
    for (let step = 1; step < means.length; step++) expect(means[step], `means ${means.join(', ')}`).toBeGreaterThanOrEqual(means[step - 1]!);
    expect(means.at(-1)!).toBeGreaterThan(means[0]!);
  });

  it('keeps compact prompts and reference responses short at low difficulty (for the embedded model)', () => {
    for (let seed = 0; seed < 30; seed++) {
      const problem = family.generate(seed, (seed % 11) / 100);
      expect(String(problem.metadata['compactPrompt']).length, String(problem.metadata['compactPrompt'])).toBeLessThanOrEqual(40);
      if (family.name !== 'js-function') expect(family.solve(problem).response.length).toBeLessThanOrEqual(96);
    }
  });
});
