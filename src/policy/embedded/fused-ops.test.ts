import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { causalAttention, layerNorm, targetLogprobs } from './fused-ops.js';
import { registerGradients } from './register-gradients.js';

beforeAll(async () => {
  await initBackend('wasm');
  registerGradients();
});

/** Largest absolute difference between the hand-written and the autodiff gradients of sum(f(x)·upstream). */
function gradientGap(inputs: tf.Tensor[], custom: (...x: tf.Tensor[]) => tf.Tensor, plain: (...x: tf.Tensor[]) => tf.Tensor): number {
  const upstream = tf.randomNormal(custom(...inputs).shape, 0, 1, 'float32', 3);
  const customGradients = tf.grads((...x: tf.Tensor[]) => tf.sum(tf.mul(custom(...x), upstream)))(inputs);
  const plainGradients = tf.grads((...x: tf.Tensor[]) => tf.sum(tf.mul(plain(...x), upstream)))(inputs);
  const forwardGap = tf.max(tf.abs(tf.sub(custom(...inputs), plain(...inputs)))).dataSync()[0]!;
  const gaps = customGradients.map((gradient, index) => tf.max(tf.abs(tf.sub(gradient, plainGradients[index]!))).dataSync()[0]!);
  return Math.max(forwardGap, ...gaps);
}

describe('hand-written gradients match autodiff of the plain formulas', () => {
  it('causal attention', () => {
    const [batch, time, heads, headWidth] = [2, 5, 2, 3];
    const width = heads * headWidth;
    const qkv = tf.randomNormal([batch * time, 3 * width], 0, 1, 'float32', 1);
    const maskValues = new Float32Array(time * time);
    for (let row = 0; row < time; row++) maskValues.fill(-1e9, row * time + row + 1, (row + 1) * time);
    const mask = tf.tensor2d(maskValues, [time, time]);
    const plain = (input: tf.Tensor) => {
      const [q, k, v] = tf.split(input, 3, 1).map((part) => tf.transpose(tf.reshape(part, [batch, time, heads, headWidth]), [0, 2, 1, 3]));
      const weights = tf.softmax(tf.add(tf.div(tf.matMul(q!, k!, false, true), Math.sqrt(headWidth)), mask));
      return tf.reshape(tf.transpose(tf.matMul(weights, v!), [0, 2, 1, 3]), [batch * time, width]);
    };
    const custom = (input: tf.Tensor) => causalAttention(input as tf.Tensor2D, mask, { batch, time, heads });
    expect(gradientGap([qkv], custom, plain)).toBeLessThan(1e-5);
  });

  it('LayerNorm', () => {
    const x = tf.randomNormal([7, 6], 2, 3, 'float32', 4);
    const scale = tf.randomNormal([6], 1, 0.5, 'float32', 5);
    const bias = tf.randomNormal([6], 0, 1, 'float32', 6);
    const plain = (input: tf.Tensor, s: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(input, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(input, mean), tf.sqrt(tf.add(variance, 1e-5))), s), b);
    };
    const custom = (input: tf.Tensor, s: tf.Tensor, b: tf.Tensor) => layerNorm(input as tf.Tensor2D, s as tf.Tensor1D, b as tf.Tensor1D, 1e-5);
    expect(gradientGap([x, scale, bias], custom, plain)).toBeLessThan(1e-4);
  });

  it('target log-probabilities', () => {
    const logits = tf.randomNormal([6, 9], 0, 3, 'float32', 7);
    const targets = tf.tensor1d([0, 8, 3, 3, 5, 1], 'int32');
    const plain = (input: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(input), tf.cast(tf.oneHot(targets, 9), 'float32')), -1);
    const custom = (input: tf.Tensor) => targetLogprobs(input as tf.Tensor2D, targets);
    expect(gradientGap([logits], custom, plain)).toBeLessThan(1e-5);
  });
});
