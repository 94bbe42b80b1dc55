import * as tf from '@tensorflow/tfjs-core';
import { groupedProduct } from './fused-ops.js';
import type { AttentionShape } from './fused-ops.js';

/** Keys and values of one layer for the positions seen so far, time-major: [positions, batch·heads, headWidth]. */
export interface LayerCache {
  keys: tf.Tensor3D;
  values: tf.Tensor3D;
}

/*
 * Attention for generation (no gradient). The cache is time-major so appending a position is a
 * concat along the outermost axis (a plain copy), and both products run as grouped products
 * (see groupedProduct) instead of the WASM backend's slow batched matmul.
 */

/** Splits the fused projection [B·T, 3·width] into queries, keys and values, each [B, T, heads, headWidth]. */
function splitProjection(qkv: tf.Tensor2D, { batch, time, heads }: AttentionShape): tf.Tensor4D[] {
  const width = qkv.shape[1] / 3;
  return [0, 1, 2].map(
    (index) => tf.reshape(tf.slice(qkv, [0, index * width], [batch * time, width]), [batch, time, heads, width / heads]) as tf.Tensor4D,
  );
}

/**
 * The additive mask of the prompt pass, [T, B, 1, T]: causal, and hiding each row's left padding
 * (`keyMask` [B, T]: 0 for a real token, MASKED for padding). Built once for all layers.
 */
export function prefillMask(keyMask: tf.Tensor2D, causalMask: tf.Tensor2D): tf.Tensor4D {
  const [batch, time] = keyMask.shape;
  return tf.add(tf.reshape(causalMask, [time, 1, 1, time]), tf.reshape(keyMask, [1, batch, 1, time]));
}

/** The additive mask of a decoding step, [past + 1, B, 1], from `keyMask` [B, past + 1]. Built once for all layers. */
export function decodeMask(keyMask: tf.Tensor2D): tf.Tensor3D {
  const [batch, positions] = keyMask.shape;
  return tf.reshape(tf.transpose(keyMask), [positions, batch, 1]);
}

/**
 * The prompt pass: every position attends causally to the real positions of its row (`mask`
 * from `prefillMask`). Returns the merged heads [B·T, width] and the layer's cache.
 */
export function prefillAttention(qkv: tf.Tensor2D, mask: tf.Tensor4D, shape: AttentionShape): { merged: tf.Tensor2D; cache: LayerCache } {
  const { batch, time, heads } = shape;
  const [queries, keys, values] = splitProjection(qkv, shape);
  const headWidth = queries!.shape[3];
  const groups = batch * heads;
  const timeMajor = (part: tf.Tensor4D) => tf.reshape(tf.transpose(part, [1, 0, 2, 3]), [time, groups, headWidth]) as tf.Tensor3D;
  const cache = { keys: timeMajor(keys!), values: timeMajor(values!) };
  const queriesByDimension = tf.reshape(tf.transpose(queries!, [1, 3, 0, 2]), [time, headWidth, groups]); // [t, d, g]
  const scores = tf.mul(groupedProduct(queriesByDimension, tf.transpose(cache.keys, [2, 1, 0])), 1 / Math.sqrt(headWidth)); // [t, g, s]
  const masked = tf.reshape(tf.add(tf.reshape(scores, [time, batch, heads, time]), mask), [time, groups, time]);
  const attended = groupedProduct(tf.transpose(tf.softmax(masked), [0, 2, 1]), cache.values); // [t, g, d]
  const merged = tf.reshape(tf.transpose(tf.reshape(attended, [time, batch, heads, headWidth]), [1, 0, 2, 3]), [batch * time, heads * headWidth]);
  return { merged: merged as tf.Tensor2D, cache };
}

/**
 * One new position per row attending to the cache plus itself (`mask` from `decodeMask`).
 * Returns the merged heads [B, width] and the extended cache (the caller disposes the old one).
 */
export function decodeAttention(qkv: tf.Tensor2D, mask: tf.Tensor3D, past: LayerCache, shape: AttentionShape): { merged: tf.Tensor2D; cache: LayerCache } {
  const { batch, heads } = shape;
  const [query, key, value] = splitProjection(qkv, { ...shape, time: 1 }).map((part) => tf.reshape(part, [1, batch * heads, part.shape[3]]));
  const headWidth = query!.shape[2]!;
  const keys = tf.concat([past.keys, key!], 0) as tf.Tensor3D;
  const values = tf.concat([past.values, value!], 0) as tf.Tensor3D;
  const positions = keys.shape[0];
  const scores = tf.mul(tf.sum(tf.mul(keys, query!), -1), 1 / Math.sqrt(headWidth)); // [s, g]
  const masked = tf.add(tf.reshape(scores, [positions, batch, heads]), mask);
  const weights = tf.transpose(tf.softmax(tf.transpose(tf.reshape(masked, [positions, batch * heads])))); // [s, g]
  const attended = groupedProduct(tf.reshape(weights, [1, positions, batch * heads]), values); // [1, g, d]
  return { merged: tf.reshape(attended, [batch, heads * headWidth]) as tf.Tensor2D, cache: { keys, values } };
}
