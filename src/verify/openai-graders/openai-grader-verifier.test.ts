import { describe, expect, it } from 'vitest';
import { runVerifier } from '../../core/verifier.js';
import { createOpenAIGraderVerifier } from './openai-grader-verifier.js';

const grader = createOpenAIGraderVerifier();
const run = (response: string, answer: string | undefined, config: Record<string, unknown>) => runVerifier(grader, { response, answer, config });

const exactAnswer = { type: 'string_check', name: 'exact', input: '{{ sample.output_text }}', reference: '{{ item.answer }}', operation: 'eq' };

describe('openai-grader: string_check', () => {
  it('compares templates with eq, ne, like and ilike', async () => {
    expect((await run('Paris', 'Paris', exactAnswer)).passed).toBe(true);
    expect((await run('paris', 'Paris', exactAnswer)).passed).toBe(false);
    expect((await run('paris', 'Paris', { ...exactAnswer, operation: 'ne' })).passed).toBe(true);
    expect((await run('It is Paris.', 'Paris', { ...exactAnswer, operation: 'like' })).passed).toBe(true);
    expect((await run('It is paris.', 'Paris', { ...exactAnswer, operation: 'like' })).passed).toBe(false);
    expect((await run('It is paris.', 'Paris', { ...exactAnswer, operation: 'ilike' })).passed).toBe(true);
  });

  it('drops the think block from output_text and reads JSON fields of the answer and the output', async () => {
    expect((await run('<think>hmm, Lyon?</think>\nParis', 'Paris', exactAnswer)).passed).toBe(true);
    const byField = { type: 'string_check', input: '{{sample.output_json.city}}', reference: '{{item.city}}', operation: 'eq' };
    expect((await run('<answer>{"city": "Paris"}</answer>', '{"city": "Paris"}', byField)).passed).toBe(true);
    const missing = await run('Paris', '{"city": "Paris"}', byField);
    expect(missing).toMatchObject({ passed: false, reason: 'no-answer' });
  });

  it('reports a dataset row that lacks a referenced field as an error', async () => {
    const verdict = await run('Paris', 'Paris', { ...exactAnswer, reference: '{{item.capital}}' });
    expect(verdict.reason).toBe('error');
    expect(String(verdict.details?.message)).toMatch(/item has no value/);
  });
});

describe('openai-grader: text_similarity', () => {
  const similar = { type: 'text_similarity', name: 'sim', input: '{{sample.output_text}}', reference: '{{item.answer}}', evaluation_metric: 'fuzzy_match', pass_threshold: 0.9 };

  it('scores the fuzzy ratio and passes at the threshold', async () => {
    const close = await run('this is a test!', 'this is a test', similar);
    expect(close.passed).toBe(true);
    expect(close.score).toBeCloseTo(0.9655, 4);
    expect(close.reward).toBeCloseTo(close.score, 12);
    const far = await run('something else', 'this is a test', similar);
    expect(far.passed).toBe(false);
    expect(far.score).toBeLessThan(0.9);
  });

  it('refuses the metrics it does not implement', () => {
    expect(() => createOpenAIGraderVerifier({ ...similar, evaluation_metric: 'bleu' })).toThrow(/"bleu" is not implemented/);
  });
});

describe('openai-grader: multi', () => {
  const multi = {
    type: 'multi',
    name: 'contact',
    graders: {
      name: { type: 'string_check', name: 'name', input: '{{sample.output_json.name}}', reference: '{{item.name}}', operation: 'eq' },
      email: { type: 'string_check', name: 'email', input: '{{sample.output_json.email}}', reference: '{{item.email}}', operation: 'ilike' },
    },
    calculate_output: '(name + email) / 2',
  };
  const truth = '{"name": "Ada", "email": "ada@example.com"}';

  it('combines its graders with the formula and logs each', async () => {
    const both = await run('{"name": "Ada", "email": "ADA@example.com"}', truth, multi);
    expect(both).toMatchObject({ reward: 1, score: 1, passed: true });
    const half = await run('{"name": "Bob", "email": "ada@example.com"}', truth, multi);
    expect(half).toMatchObject({ reward: 0.5, score: 0.5, passed: false, reason: 'partial' });
    expect(half.details?.graders).toMatchObject({ name: { output: 0 }, email: { output: 1 } });
  });

  it('keeps an out-of-range output as the reward and clamps the score', async () => {
    const verdict = await run('{"name": "Ada", "email": "x"}', truth, { ...multi, calculate_output: 'name * 2 - email - 3' });
    expect(verdict).toMatchObject({ reward: -1, score: 0, passed: false });
  });

  it('validates nested graders and the formula when the config is read', () => {
    expect(() => createOpenAIGraderVerifier({ ...multi, calculate_output: 'name + phone' })).toThrow(/unknown name "phone"/);
    expect(() => createOpenAIGraderVerifier({ ...multi, graders: { name: { ...multi.graders.name, operation: 'equals' } } })).toThrow(/graders\.name: field "operation"/);
    expect(() => createOpenAIGraderVerifier({ type: 'python', source: 'def grade(): …' })).toThrow(/cannot run here/);
    expect(() => createOpenAIGraderVerifier({ ...exactAnswer, pass_treshold: 1 })).toThrow(/unknown field "pass_treshold"/);
  });
});
