import * as tf from '@tensorflow/tfjs-core';

/*
 * Hand-written gradients for the attention core, LayerNorm and the token log-probabilities.
 * tfjs's autodiff of the same formulas emits many more kernels (and slow split/pad/axis-0
 * reductions on WASM); these keep the backward pass to a few large kernels each.
 */

/**
 * C[g] = A[g]·B[g] for every group g, with `a` laid out [M, K, G] and `b` [K, G, N]; returns
 * [M, G, N]. Runs as one depthwise convolution (input [1, M, K, G], filter [1, K, G, N], channel
 * multiplier N), which XNNPACK executes as a grouped GEMM about 7x faster than the WASM
 * backend's batched matmul for attention-sized blocks.
 */
export function groupedProduct(a: tf.Tensor, b: tf.Tensor): tf.Tensor3D {
  const [rows, inner, groups] = a.shape as [number, number, number];
  const columns = b.shape[2]!;
  const input = tf.reshape(a, [1, rows, inner, groups]) as tf.Tensor4D;
  const filter = tf.reshape(b, [1, inner, groups, columns]) as tf.Tensor4D;
  return tf.reshape(tf.depthwiseConv2d(input, filter, 1, 'valid'), [rows, groups, columns]) as tf.Tensor3D;
}

export interface AttentionShape {
  batch: number;
  time: number;
  heads: number;
}

/**
 * Causal multi-head attention from the fused projection `qkv` [B·T, 3·width] (queries, keys,
 * values side by side, each [B, T, heads, headWidth]) to the merged heads [B·T, width]:
 * softmax(q·kᵀ/√d + mask)·v per (batch row, head) group g, `mask` an additive constant [T, T].
 * Tensors are kept in the layouts the grouped product wants (g innermost or in the middle), so
 * each product costs only cheap rank-3/4 transposes. Backward (standard softmax attention):
 * dV = Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P))/√d, dQ = dS·K, dK = dSᵀ·Q.
 */
export function causalAttention(qkv: tf.Tensor2D, mask: tf.Tensor2D, { batch, time, heads }: AttentionShape): tf.Tensor2D {
  const width = qkv.shape[1] / 3;
  const headWidth = width / heads;
  const groups = batch * heads;
  const scale = 1 / Math.sqrt(headWidth);
  const rowMajor = [batch, time, heads, headWidth];
  const rows = batch * time;
  /*
   * On WASM, column slices and axis-1 concats of [B·T, ·] copy row by row in JavaScript; one
   * rank-3 transpose (a native kernel) makes queries, keys and values contiguous blocks instead.
   */
  const splitParts = (input: tf.Tensor) => {
    const blocks = tf.reshape(tf.transpose(tf.reshape(input, [rows, 3, width]), [1, 0, 2]), [3, rows * width]);
    return [0, 1, 2].map((index) => tf.reshape(tf.slice(blocks, [index, 0], [1, rows * width]), rowMajor));
  };
  const joinParts = (parts: tf.Tensor[]) => tf.reshape(tf.transpose(tf.reshape(tf.concat(parts, 0), [3, rows, width]), [1, 0, 2]), [rows, 3 * width]);
  /** [T, G, headWidth] (time-major, as products return them) back to [B·T, width]. */
  const toRows = (timeMajor: tf.Tensor) => tf.reshape(tf.transpose(tf.reshape(timeMajor, [time, batch, heads, headWidth]), [1, 0, 2, 3]), [rows, width]);
  const apply = tf.customGrad((input, save) => {
    const [queryPart, keyPart, valuePart] = splitParts(input as tf.Tensor) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const queries = tf.reshape(tf.transpose(queryPart, [1, 3, 0, 2]), [time, headWidth, groups]); // [t, d, g]
    const keys = tf.reshape(tf.transpose(keyPart, [3, 0, 2, 1]), [headWidth, groups, time]); // [d, g, s]
    const values = tf.reshape(tf.transpose(valuePart, [1, 0, 2, 3]), [time, groups, headWidth]); // [s, g, d]
    const scores = tf.add(tf.mul(groupedProduct(queries, keys), scale), tf.reshape(mask, [time, 1, time])); // [t, g, s]
    const weights = tf.softmax(scores);
    (save as tf.GradSaveFunc)([queries, keys, values, weights]);
    const attended = groupedProduct(tf.transpose(weights, [0, 2, 1]), values); // [t, g, d]
    return {
      value: toRows(attended) as tf.Tensor2D,
      gradFunc: (dy, saved) => {
        const [savedQueries, savedKeys, savedValues, savedWeights] = saved as tf.Tensor3D[];
        const upstream = tf.reshape(tf.transpose(tf.reshape(dy, rowMajor), [1, 0, 2, 3]), [time, groups, headWidth]); // [t, g, d]
        const weightsByKey = tf.transpose(savedWeights!, [2, 0, 1]); // [s, t, g]
        const valuesGradient = groupedProduct(weightsByKey, upstream); // [s, g, d]
        const weightsGradient = groupedProduct(tf.transpose(upstream, [0, 2, 1]), tf.transpose(savedValues!, [2, 1, 0])); // [t, g, s]
        const rowDot = tf.sum(tf.mul(weightsGradient, savedWeights!), -1, true);
        const scoresGradient = tf.mul(tf.mul(tf.sub(weightsGradient, rowDot), savedWeights!), scale); // [t, g, s]
        const queriesGradient = groupedProduct(tf.transpose(scoresGradient, [0, 2, 1]), tf.transpose(savedKeys!, [2, 1, 0])); // [t, g, d]
        const keysGradient = groupedProduct(tf.transpose(scoresGradient, [2, 0, 1]), tf.transpose(savedQueries!, [0, 2, 1])); // [s, g, d]
        return joinParts([toRows(queriesGradient), toRows(keysGradient), toRows(valuesGradient)]);
      },
    };
  });
  return apply(qkv) as tf.Tensor2D;
}

/**
 * LayerNorm over the last axis (Ba et al. 2016): (x − mean)/√(var + ε)·scale + bias.
 * Backward: with g = dy·scale and x̂ the normalized input,
 * dx = (g − mean(g) − x̂·mean(g·x̂))/√(var + ε); dscale = Σ_rows dy·x̂; dbias = Σ_rows dy.
 */
export function layerNorm(x: tf.Tensor2D, scale: tf.Tensor1D, bias: tf.Tensor1D, epsilon: number): tf.Tensor2D {
  const apply = tf.customGrad((input, scaleInput, biasInput, save) => {
    const { normalized, inverseDeviation } = standardize(input as tf.Tensor2D, epsilon);
    (save as tf.GradSaveFunc)([normalized, inverseDeviation, scaleInput as tf.Tensor]);
    return {
      value: tf.add(tf.mul(normalized, scaleInput as tf.Tensor), biasInput as tf.Tensor) as tf.Tensor2D,
      gradFunc: (dy, saved) => {
        const [savedNormalized, savedInverse, savedScale] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        const scaled = tf.mul(dy, savedScale);
        const centeredGradient = tf.sub(
          tf.sub(scaled, tf.mean(scaled, -1, true)),
          tf.mul(savedNormalized, tf.mean(tf.mul(scaled, savedNormalized), -1, true)),
        );
        const rows = tf.ones([1, savedNormalized.shape[0]]) as tf.Tensor2D;
        return [
          tf.mul(centeredGradient, savedInverse),
          tf.reshape(tf.matMul(rows, tf.mul(dy, savedNormalized) as tf.Tensor2D), [-1]),
          tf.reshape(tf.matMul(rows, dy as tf.Tensor2D), [-1]),
        ];
      },
    };
  });
  return apply(x, scale, bias) as tf.Tensor2D;
}

/** The same LayerNorm without a gradient tape entry (generation path). */
export function layerNormInference(x: tf.Tensor2D, scale: tf.Tensor1D, bias: tf.Tensor1D, epsilon: number): tf.Tensor2D {
  return tf.add(tf.mul(standardize(x, epsilon).normalized, scale), bias) as tf.Tensor2D;
}

function standardize(x: tf.Tensor2D, epsilon: number): { normalized: tf.Tensor2D; inverseDeviation: tf.Tensor2D } {
  const centered = tf.sub(x, tf.mean(x, -1, true));
  const inverseDeviation = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), epsilon)) as tf.Tensor2D;
  return { normalized: tf.mul(centered, inverseDeviation) as tf.Tensor2D, inverseDeviation };
}

/**
 * log softmax(logits)[target] per row: logits [N, V], targets int32 [N] → [N]. A target outside
 * [0, V) selects nothing: its entry is meaningless and must be masked out (or sliced away) by the
 * caller. Backward: d/dlogits = dy·(onehot(target) − softmax(logits)).
 */
export function targetLogprobs(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
  const [, vocabSize] = logits.shape;
  const apply = tf.customGrad((input, save) => {
    const oneHot = tf.cast(tf.oneHot(targets, vocabSize), 'float32');
    const probabilities = tf.softmax(input as tf.Tensor2D);
    (save as tf.GradSaveFunc)([oneHot, probabilities]);
    // The largest probability is exp(0)/Σexp(x − max), so its log is −log Σexp(x − max): the
    // log-normalizer without an Exp pass over [N, V] (WASM's Exp kernel is ~6x slower than Softmax).
    const targetLogit = tf.sum(tf.mul(input as tf.Tensor2D, oneHot), -1);
    const logNormalizerOffset = tf.log(tf.max(probabilities, -1));
    return {
      value: tf.add(tf.sub(targetLogit, tf.max(input as tf.Tensor2D, -1)), logNormalizerOffset) as tf.Tensor1D,
      gradFunc: (dy, saved) => tf.mul(tf.reshape(dy, [-1, 1]), tf.sub(saved[0]!, saved[1]!)),
    };
  });
  return apply(logits) as tf.Tensor1D;
}
