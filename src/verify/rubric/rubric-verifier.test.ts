import { describe, expect, it } from 'vitest';
import { runVerifier } from '../../core/verifier.js';
import { createVerifier } from '../registry.js';

const r1 = {
  components: [
    { name: 'accuracy', verifier: 'match', weight: 1, config: { mode: 'numeric' } },
    { name: 'format', verifier: 'format', weight: 0.5 },
    { name: 'choice', verifier: 'match', weight: 0, config: { mode: 'normalized' } },
  ],
};

describe('rubric verifier', () => {
  it('sums weighted rewards, averages scores over counting components, logs every component by name', async () => {
    const rubric = await createVerifier('rubric', r1);
    try {
      const right = await runVerifier(rubric, { response: '<think>6*7</think><answer>42</answer>', answer: '42' });
      expect(right).toMatchObject({ reward: 1.5, score: 1, passed: true, reason: 'correct' });
      expect(right.details).toMatchObject({ accuracy: { passed: true }, format: { passed: true }, choice: { passed: true } });

      const badlyFormatted = await runVerifier(rubric, { response: 'The answer: <answer>42</answer>', answer: '42' });
      expect(badlyFormatted).toMatchObject({ reward: 1, passed: false, reason: 'partial' });
      expect(badlyFormatted.score).toBeCloseTo(1 / 1.5, 12);

      const wrong = await runVerifier(rubric, { response: '<think>6*7</think><answer>41</answer>', answer: '42' });
      expect(wrong).toMatchObject({ reward: 0.5, passed: false });
      expect(wrong.score).toBeCloseTo(0.5 / 1.5, 12);
    } finally {
      await rubric.close?.();
    }
  });

  it('never lets a weight-0 metric change reward, score or passed', async () => {
    const rubric = await createVerifier('rubric', r1);
    const verdict = await runVerifier(rubric, { response: '<think>x</think><answer>42.0</answer>', answer: '42' });
    expect(verdict.details).toMatchObject({ choice: { passed: false } });
    expect(verdict).toMatchObject({ reward: 1.5, score: 1, passed: true });
    await rubric.close?.();
  });

  it('scores a throwing component 0, records its error, and still counts the others', async () => {
    const rubric = await createVerifier('rubric');
    const config = {
      components: [
        { name: 'broken', verifier: 'match', weight: 1, config: { mode: 'regex' } },
        { name: 'format', verifier: 'format', weight: 1 },
      ],
    };
    const verdict = await runVerifier(rubric, { response: '<think>x</think><answer>1</answer>', config });
    expect(verdict).toMatchObject({ reward: 1, score: 0.5, passed: false, reason: 'partial' });
    expect(verdict.details?.broken).toMatchObject({ reason: 'error', reward: 0 });
    expect(String((verdict.details?.broken as { details: { message: string } }).details.message)).toMatch(/missing field "pattern"/);
    await rubric.close?.();
  });

  it('applies a negative weight as a penalty on the reward only', async () => {
    const rubric = await createVerifier('rubric', {
      components: [
        { name: 'accuracy', verifier: 'match', weight: 1 },
        { name: 'no-format', verifier: 'format', weight: -0.2 },
      ],
    });
    const verdict = await runVerifier(rubric, { response: '<think>x</think><answer>7</answer>', answer: '7' });
    expect(verdict.reward).toBeCloseTo(0.8, 12);
    expect(verdict.score).toBe(1);
    await rubric.close?.();
  });

  it('rejects bad configs with the component named', async () => {
    await expect(createVerifier('rubric', { components: [] })).rejects.toThrow(/rubric verifier config: field "components"/);
    await expect(createVerifier('rubric', { components: [{ name: 'a', verifier: 'nope', weight: 1 }] })).rejects.toThrow(/component "a" names unknown verifier "nope"/);
    await expect(
      createVerifier('rubric', { components: [{ name: 'a', verifier: 'match', weight: 1 }, { name: 'a', verifier: 'format', weight: 1 }] }),
    ).rejects.toThrow(/two components are named "a"/);
    await expect(createVerifier('rubric', { components: [{ name: 'a', verifier: 'match', weight: 0 }] })).rejects.toThrow(/at least one must count/);
    await expect(createVerifier('rubric', { components: [{ name: 'a', verifier: 'match' }] })).rejects.toThrow(/missing field "components.0.weight"/);
  });
});
