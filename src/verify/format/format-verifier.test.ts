import { describe, expect, it } from 'vitest';
import { runVerifier } from '../../core/verifier.js';
import { createFormatVerifier } from './format-verifier.js';

const format = createFormatVerifier();

async function problemOf(response: string, config?: Record<string, unknown>) {
  const verdict = await runVerifier(format, { response, config });
  return verdict.passed ? 'ok' : (verdict.details?.problem ?? verdict.details?.message);
}

describe('format verifier', () => {
  it('rewards exactly <think>…</think> then <answer>…</answer>, white space around allowed', async () => {
    const verdict = await runVerifier(format, { response: '\n<think>12+39: 51</think>\n<answer>51</answer>\n' });
    expect(verdict).toMatchObject({ passed: true, reward: 1, score: 1 });
  });

  it.each([
    ['<answer>51</answer>', 'missing-think'],
    ['<think>a</think><think>b</think><answer>51</answer>', 'several-think-blocks'],
    ['So <think>a</think><answer>51</answer>', 'think-not-first'],
    ['</think>x<think><answer>51</answer>', 'think-not-first'],
    ['<think>a</think>', 'missing-answer'],
    ['<think>a</think><answer>50</answer><answer>51</answer>', 'several-answer-blocks'],
    ['<think>a</think><answer> </answer>', 'empty-answer'],
    ['<think>a</think>The answer: <answer>51</answer>', 'text-outside'],
    ['<think>a</think><answer>51</answer> trust me', 'text-outside'],
    ['<think>a</think><answer>51', 'missing-answer'],
  ])('rejects %j as %s', async (response, problem) => {
    expect(await problemOf(response)).toBe(problem);
  });

  it('allows text around the answer block when not strict, but still one think block first', async () => {
    expect(await problemOf('<think>a</think>So: <answer>51</answer>.', { strict: false })).toBe('ok');
    expect(await problemOf('<think>a</think><answer>5</answer><answer>51</answer>', { strict: false })).toBe('ok');
    expect(await problemOf('x<think>a</think><answer>51</answer>', { strict: false })).toBe('think-not-first');
  });

  it('takes configurable tags and a plain answer after the think block', async () => {
    expect(await problemOf('<reasoning>a</reasoning><final>51</final>', { thinkTag: 'reasoning', answerTag: 'final' })).toBe('ok');
    expect(await problemOf('<think>a</think> 51', { answerTag: null })).toBe('ok');
    expect(await problemOf('<think>a</think>  ', { answerTag: null })).toBe('empty-answer');
    expect(await problemOf('<think> </think><answer>1</answer>', { allowEmptyThink: false })).toBe('empty-think');
  });

  it('names a bad config field', async () => {
    expect(() => createFormatVerifier({ thinkTag: '<think>' })).toThrow(/format verifier config: field "thinkTag"/);
    expect(await problemOf('<think>a</think><answer>1</answer>', { strict: 'yes' })).toMatch(/field "strict"/);
  });
});
