import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../policy/embedded/backend.js';
import { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { getFamily } from '../tasks/registry.js';
import { runSft, sftSequence } from './sft.js';
import { buildTokenBatch } from './token-batch.js';

const tokenizer = new CharTokenizer();
const multiplication = getFamily('multiplication');

beforeAll(async () => {
  await initBackend();
});

describe('sftSequence with tools', () => {
  it('masks exactly the tool result out of the loss, as RL with tools does', () => {
    const problem = multiplication.generate(11, 0.4);
    const sequence = sftSequence(problem, multiplication, tokenizer, { targetStyle: 'reversed', tools: ['calculator'] });
    const batch = buildTokenBatch([sequence], tokenizer.special.pad);
    // lossMask[t] scores token t + 1: the tokens it excludes within the completion are the tool result.
    const completionStart = sequence.prompt.length;
    const excluded = sequence.completion.filter((_, index) => batch.lossMask[completionStart - 1 + index] === 0);
    const trained = sequence.completion.filter((_, index) => batch.lossMask[completionStart - 1 + index] === 1);
    const expression = String(problem.metadata['compactPrompt']).replace(/=$/, '');
    expect(tokenizer.decode(excluded)).toBe(`<tool_result>${problem.answer}</tool_result>`);
    expect(tokenizer.decode(trained)).toBe(`<tool_call>calculator ${expression}</tool_call><answer>${problem.answer}</answer>`);
    expect(trained.at(-1)).toBe(tokenizer.special.eos);
    expect(Array.from(batch.lossMask.subarray(0, completionStart - 1)).every((bit) => bit === 0)).toBe(true);
  });

  it('refuses a family whose compact prompt is not the calculator expression of its answer', () => {
    const sorting = getFamily('sorting');
    expect(() => sftSequence(sorting.generate(1, 0.2), sorting, tokenizer, { targetStyle: 'answer', tools: ['calculator'] })).toThrow(/field "tools".*calculator gives/);
  });
});

describe('runSft with tools', () => {
  it('learns the worked calculator calls: the loss falls', { timeout: 60_000 }, async () => {
    const losses: number[] = [];
    const result = await runSft({
      families: ['multiplication'],
      difficulty: [0, 0.3],
      steps: 20,
      batchSize: 4,
      learningRate: 1e-2,
      targetStyle: 'answer',
      tools: ['calculator'],
      seed: 5,
      modelConfig: { layers: 1, width: 16, heads: 2, contextLength: 64 },
      onStep: (progress) => losses.push(progress.loss),
    });
    result.model.dispose();
    expect(losses).toHaveLength(20);
    expect(losses[0]! - losses.at(-1)!).toBeGreaterThan(1);
  });

  it('has demonstrations only for the calculator', async () => {
    await expect(runSft({ families: ['addition'], difficulty: [0, 0.1], steps: 1, batchSize: 1, learningRate: 1e-3, targetStyle: 'answer', tools: ['run_js'], seed: 1 })).rejects.toThrow(
      /no worked demonstrations for tool "run_js"/,
    );
  });
});
