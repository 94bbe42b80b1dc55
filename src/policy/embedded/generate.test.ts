import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import { initBackend } from './backend.js';
import { generate, generateWithoutCache } from './generate.js';
import type { TransformerModel } from './model.js';
import { tinyModel } from './test-helpers.js';
import { CharTokenizer } from './tokenizer.js';

describe('generate', () => {
  const tokenizer = new CharTokenizer();
  const bos = tokenizer.special.bos;
  const prompts = [[bos, ...tokenizer.encode('12+39=')], [bos, ...tokenizer.encode('7')], [bos, ...tokenizer.encode('100-1=')], [bos]];
  let model: TransformerModel;

  beforeAll(async () => {
    await initBackend('wasm');
    model = tinyModel(11, 24).model;
  });
  afterAll(() => model.dispose());

  it('gives the same greedy tokens with and without the key/value cache, for prompts of different lengths', async () => {
    const options = { maxTokens: 10, temperature: 0 };
    const cached = await generate(model, prompts, { ...options, random: new Random(1) });
    const reference = await generateWithoutCache(model, prompts, { ...options, random: new Random(1) });
    expect(cached.tokens).toEqual(reference.tokens);
    expect(cached.tokens.every((tokens) => tokens.length === 10)).toBe(true);
    expect(cached.finishReasons).toEqual(['length', 'length', 'length', 'length']);
    for (let row = 0; row < prompts.length; row++) {
      cached.logprobs[row]!.forEach((logprob, index) => expect(logprob).toBeCloseTo(reference.logprobs[row]![index]!, 4));
    }
  });

  it('gives each row the tokens it would get alone (padding is invisible)', async () => {
    const batched = await generate(model, prompts, { maxTokens: 6, temperature: 0, random: new Random(1) });
    for (let row = 0; row < prompts.length; row++) {
      const alone = await generate(model, [prompts[row]!], { maxTokens: 6, temperature: 0, random: new Random(1) });
      expect(alone.tokens[0]).toEqual(batched.tokens[row]);
    }
  });

  it('returns logprobs equal to tokenLogprobs recomputed on prompt + completion (untempered)', async () => {
    const result = await generate(model, prompts, { maxTokens: 8, temperature: 1.7, topP: 0.95, random: new Random(5) });
    for (let row = 0; row < prompts.length; row++) {
      const sequence = [...prompts[row]!, ...result.tokens[row]!];
      const input = tf.tensor2d([sequence], [1, sequence.length], 'int32');
      const recomputed = Array.from(model.tokenLogprobs(input).dataSync()).slice(prompts[row]!.length - 1);
      expect(recomputed).toHaveLength(result.logprobs[row]!.length);
      recomputed.forEach((logprob, index) => expect(Math.abs(logprob - result.logprobs[row]![index]!)).toBeLessThan(1e-4));
    }
  });

  it('stops a row at a stop token (kept in its output) and replays with the same seed', async () => {
    const greedy = await generate(model, prompts, { maxTokens: 5, temperature: 0, random: new Random(1) });
    const stopToken = greedy.tokens[0]![2]!;
    const stopped = await generate(model, prompts, { maxTokens: 5, temperature: 0, stopTokens: [stopToken], random: new Random(1) });
    expect(stopped.tokens[0]).toEqual(greedy.tokens[0]!.slice(0, greedy.tokens[0]!.indexOf(stopToken) + 1));
    expect(stopped.finishReasons[0]).toBe('stop');
    const first = await generate(model, prompts, { maxTokens: 6, temperature: 1, random: new Random(9) });
    const second = await generate(model, prompts, { maxTokens: 6, temperature: 1, random: new Random(9) });
    expect(second.tokens).toEqual(first.tokens);
  });

  it('lets a short row run on after a long row reached the context', async () => {
    const long = [bos, ...tokenizer.encode('a'.repeat(20))];
    const result = await generate(model, [long, [bos]], { maxTokens: 12, temperature: 0, random: new Random(1) });
    expect(result.tokens.map((tokens) => tokens.length)).toEqual([3, 12]);
    expect(result.finishReasons).toEqual(['length', 'length']);
  });

  it('caps a completion at the context length and rejects bad prompts', async () => {
    const long = [bos, ...tokenizer.encode('a'.repeat(20))];
    const result = await generate(model, [long], { maxTokens: 10, temperature: 0, random: new Random(1) });
    expect(result.tokens[0]).toHaveLength(24 - 21);
    expect(result.finishReasons[0]).toBe('length');
    await expect(generate(model, [[]], { maxTokens: 1, temperature: 0, random: new Random(1) })).rejects.toThrow(/prompt 0 is empty/);
    await expect(generate(model, [[bos, 999]], { maxTokens: 1, temperature: 0, random: new Random(1) })).rejects.toThrow(/token id 999/);
    expect(tf.memory().numTensors).toBeLessThan(200);
  });
});
