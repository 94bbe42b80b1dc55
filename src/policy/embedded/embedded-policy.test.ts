import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { EmbeddedPolicy } from './embedded-policy.js';
import { tinyModel } from './test-helpers.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('EmbeddedPolicy', () => {
  it('samples n completions of the last user message with token ids and logprobs', async () => {
    const { model, tokenizer } = tinyModel(31);
    const policy = new EmbeddedPolicy({ model, tokenizer, random: 7 });
    expect(policy.renderPrompt([
      { role: 'system', content: 'ignored' },
      { role: 'user', content: '2+2=' },
    ])).toEqual([tokenizer.special.bos, ...tokenizer.encode('2+2=')]);
    const samples = await policy.sample({ messages: [{ role: 'user', content: '2+2=' }], n: 3, maxTokens: 6, temperature: 1 });
    expect(samples).toHaveLength(3);
    for (const sample of samples) {
      expect(sample.tokenIds!.length).toBe(sample.completionTokens);
      expect(sample.logprobs!.length).toBe(sample.completionTokens);
      expect(sample.text).toBe(tokenizer.decode(sample.tokenIds!));
      expect(sample.promptTokens).toBe(5);
      expect(['stop', 'length']).toContain(sample.finishReason);
    }
    model.dispose();
  });

  it('stops at a single-token stop string and rejects longer ones', async () => {
    const { model, tokenizer } = tinyModel(32);
    const policy = new EmbeddedPolicy({ model, tokenizer, random: 1 });
    const [greedy] = await policy.sample({ messages: [{ role: 'user', content: 'x' }], maxTokens: 4, temperature: 0 });
    const firstText = tokenizer.decode([greedy!.tokenIds![0]!]);
    const [stopped] = await policy.sample({ messages: [{ role: 'user', content: 'x' }], maxTokens: 4, temperature: 0, stop: [firstText] });
    expect(stopped!.tokenIds).toEqual([greedy!.tokenIds![0]]);
    expect(stopped!.finishReason).toBe('stop');
    await expect(policy.sample({ messages: [{ role: 'user', content: 'x' }], maxTokens: 4, temperature: 0, stop: ['ab'] })).rejects.toThrow(/single-token/);
    model.dispose();
  });

  it('changes its default version when the weights change', () => {
    const { model, tokenizer } = tinyModel(33);
    const policy = new EmbeddedPolicy({ model, tokenizer, random: 1 });
    const before = policy.version;
    expect(policy.version).toBe(before);
    const bias = model.parameters.get('final_norm.bias')!;
    bias.assign(tf.add(bias, 0.5));
    expect(policy.version).not.toBe(before);
    let step = 3;
    const counted = new EmbeddedPolicy({ model, tokenizer, random: 1, version: () => `step-${step}` });
    step = 4;
    expect(counted.version).toBe('step-4');
    model.dispose();
  });
});
