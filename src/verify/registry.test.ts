import { describe, expect, it } from 'vitest';
import { runVerifier } from '../core/verifier.js';
import { createVerifier, describeVerifiers, indexVerifierEntries, UnknownVerifierError, verifierNames } from './registry.js';
import { VerifierSet } from './verifier-set.js';

describe('verifier registry', () => {
  it('lists every verifier with a description', () => {
    expect(verifierNames()).toEqual(expect.arrayContaining(['math', 'code', 'compile', 'match', 'format', 'rubric', 'openai-grader']));
    expect(new Set(verifierNames()).size).toBe(verifierNames().length);
    expect(describeVerifiers().map(({ name }) => name)).toEqual(verifierNames());
    for (const { description } of describeVerifiers()) expect(description.length).toBeGreaterThan(20);
  });

  it('refuses a name registered twice', () => {
    const entry = { name: 'twice', description: '', create: async () => ({ name: 'twice', description: '', verify: async () => ({ reward: 0, score: 0, passed: false, reason: 'wrong' }) }) };
    expect(() => indexVerifierEntries([entry, entry])).toThrow(/"twice" is registered twice/);
  });

  it('names the known verifiers when asked for an unknown one', async () => {
    const error = await createVerifier('maths').catch((caught: unknown) => caught);
    expect(UnknownVerifierError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/unknown verifier "maths" \(known: math, code/);
  });

  it('validates factory options when creating', async () => {
    await expect(createVerifier('match', { mode: 'regex', pattern: '(a*)*' })).rejects.toThrow(/unsafe regex/);
  });
});

describe('VerifierSet', () => {
  it('creates each verifier once, shares it, and refuses use after close', async () => {
    const set = new VerifierSet({ match: { mode: 'normalized' } });
    const [first, second] = await Promise.all([set.get('match'), set.get('match')]);
    expect(first).toBe(second);
    expect((await runVerifier(first, { response: 'PARIS', answer: 'paris' })).passed).toBe(true);
    expect(set.created()).toEqual(['match']);
    await set.close();
    await expect(set.get('match')).rejects.toThrow(/closed/);
  });

  it('resolves rubric components through the same set', async () => {
    const set = new VerifierSet({ rubric: { components: [{ name: 'fmt', verifier: 'format', weight: 1 }] } });
    const rubric = await set.get('rubric');
    expect((await runVerifier(rubric, { response: '<think></think><answer>1</answer>' })).passed).toBe(true);
    expect(set.created().sort()).toEqual(['format', 'rubric']);
    await set.close();
  });

  it('does not cache a failed creation', async () => {
    const set = new VerifierSet({ match: { mode: 'bogus' } });
    await expect(set.get('match')).rejects.toThrow(/mode/);
    expect(set.created()).toEqual([]);
    await set.close();
  });
});
