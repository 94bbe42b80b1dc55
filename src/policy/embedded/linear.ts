import * as tf from '@tensorflow/tfjs-core';

export type LinearActivation = 'linear' | 'relu';

/*
 * Hand-written gradients for the model's 2-D matmuls. On the WASM backend a matmul with a
 * transposed operand (what tfjs's own gradients use) runs about 10x slower than an explicit
 * transpose followed by a plain matmul, and reducing over axis 0 (the bias gradient) is slower
 * than a ones-row matmul. These ops use only plain matmuls and transpose the smaller operand.
 */

/** a^T · b for a [N, K], b [N, M], transposing whichever of a and b is narrower. */
export function transposedProduct(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (a.shape[1] <= b.shape[1]) return tf.matMul(tf.transpose(a), b);
  return tf.transpose(tf.matMul(tf.transpose(b), a)) as tf.Tensor2D;
}

/** y = activation(x·W + b) for x [N, in], W [in, out], b [out]. */
export function linear(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D, activation: LinearActivation = 'linear'): tf.Tensor2D {
  const apply = tf.customGrad((input, weightInput, biasInput, save) => {
    const output = tf.fused.matMul({
      a: input as tf.Tensor2D,
      b: weightInput as tf.Tensor2D,
      bias: biasInput as tf.Tensor1D,
      activation,
    });
    (save as tf.GradSaveFunc)(activation === 'relu' ? [input as tf.Tensor, weightInput as tf.Tensor, output] : [input as tf.Tensor, weightInput as tf.Tensor]);
    return {
      value: output,
      gradFunc: (dy, saved) => {
        const [savedInput, savedWeight, savedOutput] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D?];
        const upstream = savedOutput ? (tf.mul(dy, tf.step(savedOutput)) as tf.Tensor2D) : (dy as tf.Tensor2D);
        const inputGradient = tf.matMul(upstream, tf.transpose(savedWeight));
        const weightGradient = transposedProduct(savedInput, upstream);
        const biasGradient = tf.reshape(tf.matMul(tf.ones([1, savedInput.shape[0]]), upstream), [-1]);
        return [inputGradient, weightGradient, biasGradient];
      },
    };
  });
  return apply(x, weight, bias) as tf.Tensor2D;
}

/** x · tableᵀ for x [N, width], table [V, width]: the tied output projection. */
export function projectOntoRows(x: tf.Tensor2D, table: tf.Tensor2D): tf.Tensor2D {
  const apply = tf.customGrad((input, tableInput, save) => {
    (save as tf.GradSaveFunc)([input as tf.Tensor, tableInput as tf.Tensor]);
    return {
      value: tf.matMul(input as tf.Tensor2D, tf.transpose(tableInput as tf.Tensor2D)),
      gradFunc: (dy, saved) => {
        const [savedInput, savedTable] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(dy as tf.Tensor2D, savedTable), transposedProduct(dy as tf.Tensor2D, savedInput)];
      },
    };
  });
  return apply(x, table) as tf.Tensor2D;
}

/**
 * Rows of `table` [V, width] picked by `ids` [N], as a one-hot matmul: the WASM gather kernel is
 * slower than oneHot + matmul here, and gather's gradient (UnsortedSegmentSum) does not exist
 * on WASM at all. Gradient: oneHot(ids)ᵀ · dy.
 */
export function embed(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const apply = tf.customGrad((tableInput, save) => {
    const oneHot = tf.cast(tf.oneHot(ids, (tableInput as tf.Tensor2D).shape[0]), 'float32') as tf.Tensor2D;
    (save as tf.GradSaveFunc)([oneHot]);
    return {
      value: tf.matMul(oneHot, tableInput as tf.Tensor2D),
      gradFunc: (dy, saved) => transposedProduct(saved[0] as tf.Tensor2D, dy as tf.Tensor2D),
    };
  });
  return apply(table) as tf.Tensor2D;
}
