import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../policy/embedded/backend.js';
import { AdamW } from './adamw.js';
import { clipByGlobalNorm } from './gradient-clipping.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('AdamW', () => {
  it('matches the hand-computed first two steps, with decoupled decay on matrices only', () => {
    const matrix = tf.variable(tf.tensor2d([[1, -2]]));
    const bias = tf.variable(tf.tensor1d([0.5]));
    const optimizer = new AdamW([matrix, bias], { beta1: 0.9, beta2: 0.999, epsilon: 0, weightDecay: 0.1 });
    const gradients = () => [tf.tensor2d([[0.5, -1]]), tf.tensor1d([2])];
    optimizer.apply(gradients(), 0.01);
    // Step 1: m̂ = g, v̂ = g², update = sign(g); θ ← θ(1 − lr·λ) − lr·sign(g).
    expect(Array.from(matrix.dataSync())).toEqual([1 * (1 - 0.001) - 0.01, -2 * (1 - 0.001) + 0.01].map(Math.fround));
    expect(bias.dataSync()[0]).toBeCloseTo(0.5 - 0.01, 6);
    optimizer.apply(gradients(), 0.01);
    // Constant gradients keep m̂/√v̂ = sign(g) at step 2 as well.
    expect(matrix.dataSync()[0]).toBeCloseTo((1 * 0.999 - 0.01) * 0.999 - 0.01, 6);
    expect(bias.dataSync()[0]).toBeCloseTo(0.48, 6);
    expect(optimizer.stepCount).toBe(2);
  });

  it('saves and restores its moments and step', () => {
    const weight = tf.variable(tf.tensor2d([[1, 2]]));
    const optimizer = new AdamW([weight], { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
    optimizer.apply([tf.tensor2d([[0.3, -0.1]])], 0.1);
    const state = optimizer.saveState();
    const copy = tf.variable(tf.tensor2d([[1, 2]]));
    const restored = new AdamW([copy], { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
    restored.loadState(state);
    copy.assign(weight);
    optimizer.apply([tf.tensor2d([[0.2, 0.4]])], 0.1);
    restored.apply([tf.tensor2d([[0.2, 0.4]])], 0.1);
    expect(Array.from(copy.dataSync())).toEqual(Array.from(weight.dataSync()));
    expect(() => restored.loadState({ ...state, shapes: [[3]] })).toThrow(/shape \[3\]/);
  });
});

describe('clipByGlobalNorm', () => {
  it('rescales all gradients by one factor when the global norm exceeds the limit', () => {
    const { gradients, norm } = clipByGlobalNorm([tf.tensor1d([3]), tf.tensor1d([4])], 1);
    expect(norm).toBeCloseTo(5, 6);
    expect(gradients.map((gradient) => gradient.dataSync()[0])).toEqual([expect.closeTo(0.6, 5), expect.closeTo(0.8, 5)]);
  });

  it('leaves gradients under the limit alone', () => {
    const { gradients } = clipByGlobalNorm([tf.tensor1d([0.3, 0.4])], 1);
    expect(Array.from(gradients[0]!.dataSync())).toEqual([0.3, 0.4].map(Math.fround));
  });
});
