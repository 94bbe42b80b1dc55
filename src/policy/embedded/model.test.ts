import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { linear } from './linear.js';
import { TransformerModel } from './model.js';
import { tinyModel } from './test-helpers.js';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});

function ids(rows: number[][]): tf.Tensor2D {
  return tf.tensor2d(rows, [rows.length, rows[0]!.length], 'int32');
}

describe('TransformerModel', () => {
  it('gives logits [B, T, V] and token logprobs [B, T-1] that are log-probabilities', () => {
    const { model, tokenizer } = tinyModel();
    const input = ids([tokenizer.encode('12+39=51'), tokenizer.encode('7*8=56<a')]);
    const logits = model.logits(input);
    expect(logits.shape).toEqual([2, 8, tokenizer.vocabSize]);
    const logprobs = model.tokenLogprobs(input);
    expect(logprobs.shape).toEqual([2, 7]);
    const values = logprobs.dataSync();
    expect(values.every((value) => value < 0 && Number.isFinite(value))).toBe(true);
    // Manual log-softmax of the logits at position 0 picks the same value.
    const row = Array.from(tf.slice(logits, [0, 0, 0], [1, 1, tokenizer.vocabSize]).dataSync());
    const maximum = Math.max(...row);
    const logSum = maximum + Math.log(row.reduce((sum, value) => sum + Math.exp(value - maximum), 0));
    expect(values[0]).toBeCloseTo(row[input.arraySync()[0]![1]!]! - logSum, 4);
    model.dispose();
  });

  it('is causal: changing a later token leaves earlier logits unchanged', () => {
    const { model, tokenizer } = tinyModel(2);
    const original = tokenizer.encode('abcdefgh');
    const changed = [...original];
    changed[5] = tokenizer.encode('Z')[0]!;
    const before = model.logits(ids([original])).arraySync()[0]!;
    const after = model.logits(ids([changed])).arraySync()[0]!;
    for (let position = 0; position < 5; position++) {
      for (let id = 0; id < tokenizer.vocabSize; id++) expect(after[position]![id]).toBeCloseTo(before[position]![id]!, 5);
    }
    expect(Math.abs(after[5]![0]! - before[5]![0]!)).toBeGreaterThan(1e-6);
    model.dispose();
  });

  it('has a finite, nonzero gradient for every weight, the embedding included, on WASM', () => {
    const { model, tokenizer } = tinyModel(3);
    const input = ids([tokenizer.encode('<answer>42</answer>')]);
    const { value, grads } = tf.variableGrads(() => tf.neg(tf.mean(model.tokenLogprobs(input))) as tf.Scalar);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    for (const variable of model.variables) {
      const gradient = grads[variable.name]!.dataSync();
      expect(gradient.every(Number.isFinite), variable.name).toBe(true);
      if (!variable.name.endsWith('position_embedding')) {
        expect(gradient.some((entry) => entry !== 0), variable.name).toBe(true);
      }
    }
    const embedding = grads[model.parameters.get('token_embedding')!.name]!.arraySync() as number[][];
    const used = tokenizer.encode('4')[0]!;
    const unused = tokenizer.encode('Q')[0]!;
    expect(embedding[used]!.some((entry) => entry !== 0)).toBe(true);
    // Tied output weights: an unused token still gets a gradient through the softmax.
    expect(embedding[unused]!.some((entry) => entry !== 0)).toBe(true);
    model.dispose();
  });

  it('has a hand-written linear gradient equal to autodiff through plain ops', () => {
    const random = () => tf.randomNormal([5, 3], 0, 1, 'float32', 7);
    const x = random();
    const weight = tf.randomNormal([3, 4], 0, 1, 'float32', 8);
    const bias = tf.randomNormal([4], 0, 1, 'float32', 9);
    const upstream = tf.randomNormal([5, 4], 0, 1, 'float32', 10);
    for (const activation of ['linear', 'relu'] as const) {
      const custom = tf.grads((a, w, b) => tf.sum(tf.mul(linear(a as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, activation), upstream)));
      const plain = tf.grads((a, w, b) => {
        const affine = tf.add(tf.matMul(a as tf.Tensor2D, w as tf.Tensor2D), b);
        return tf.sum(tf.mul(activation === 'relu' ? tf.relu(affine) : affine, upstream));
      });
      const expected = plain([x, weight, bias]);
      custom([x, weight, bias]).forEach((gradient, index) => {
        const difference = tf.max(tf.abs(tf.sub(gradient, expected[index]!))).dataSync()[0]!;
        expect(difference).toBeLessThan(1e-5);
      });
    }
  });

  it('rejects an invalid config naming the field', () => {
    expect(() => TransformerModel.create({ vocabSize: 10, layers: 1, width: 10, heads: 3, contextLength: 8 }, 1)).toThrow(/field "heads"/);
    expect(() => TransformerModel.create({ vocabSize: 10, layers: 0, width: 8, heads: 2, contextLength: 8 }, 1)).toThrow(/field "layers"/);
  });

  it('gives the same weights for the same seed and rejects sequences longer than the context', () => {
    const first = tinyModel(5, 8).model;
    const second = tinyModel(5, 8).model;
    expect(first.variables[2]!.dataSync()).toEqual(second.variables[2]!.dataSync());
    expect(() => first.logits(tf.zeros([1, 9], 'int32') as tf.Tensor2D)).toThrow(/contextLength 8/);
    first.dispose();
    second.dispose();
  });

  it('overfits one short sequence within a few dozen Adam steps', () => {
    const { model, tokenizer } = tinyModel(6);
    const input = ids([[tokenizer.special.bos, ...tokenizer.encode('12+39=<answer>51</answer>'), tokenizer.special.eos]]);
    const optimizer = tf.train.adam(0.01);
    const loss = () => tf.neg(tf.mean(model.tokenLogprobs(input))) as tf.Scalar;
    const initial = loss().dataSync()[0]!;
    let final = initial;
    for (let step = 0; step < 40; step++) {
      const value = optimizer.minimize(loss, true, model.variables)!;
      final = value.dataSync()[0]!;
      value.dispose();
    }
    expect(initial).toBeGreaterThan(4);
    expect(final).toBeLessThan(initial * 0.5);
    optimizer.dispose();
    model.dispose();
  });
});
