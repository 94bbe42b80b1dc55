import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** The same slice computed from plain JavaScript arrays, as nested lists. */
function expectedSlice(values: number[], shape: number[], begin: number[], size: number[]): unknown {
  const strides = tf.util.computeStrides(shape);
  const build = (axis: number, offset: number): unknown =>
    axis === shape.length
      ? values[offset]
      : Array.from({ length: size[axis]! }, (_, index) => build(axis + 1, offset + (begin[axis]! + index) * (strides[axis] ?? 1)));
  return build(0, 0);
}

describe('WASM Slice kernel reading the heap directly', () => {
  it.each([
    { shape: [7], begin: [2], size: [4] },
    { shape: [5, 6], begin: [1, 2], size: [3, 3] },
    { shape: [5, 6], begin: [2, 0], size: [2, 6] },
    { shape: [3, 4, 5], begin: [1, 1, 2], size: [2, 2, 3] },
    { shape: [2, 3, 4, 5], begin: [0, 1, 1, 1], size: [2, 2, 3, 4] },
    { shape: [2, 2, 2, 2, 3], begin: [1, 0, 1, 0, 1], size: [1, 2, 1, 2, 2] },
  ])('copies the elements of a $shape slice at $begin of size $size', ({ shape, begin, size }) => {
    const values = Array.from({ length: tf.util.sizeFromShape(shape) }, (_, index) => index * 0.5 - 3);
    const sliced = tf.slice(tf.tensor(values, shape), begin, size);
    expect(sliced.shape).toEqual(size);
    expect(sliced.arraySync()).toEqual(expectedSlice(values, shape, begin, size));
  });

  it('is the registered WASM kernel, and slices int32 tensors keeping their dtype', () => {
    expect((tf.getKernel('Slice', 'wasm')!.kernelFunc as { fromHeap?: boolean }).fromHeap).toBe(true);
    const sliced = tf.slice(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), [0, 1], [2, 2]);
    expect(sliced.dtype).toBe('int32');
    expect(sliced.arraySync()).toEqual([[2, 3], [5, 6]]);
  });
});
