import * as tf from '@tensorflow/tfjs-core';

/**
 * Rescales gradients so that their global L2 norm is at most `maxNorm` (Pascanu et al. 2013), the
 * way torch's clip_grad_norm_ does: one norm over every parameter, so directions are preserved.
 * Returns new tensors (the caller disposes them) and the norm before clipping. maxNorm 0 = off.
 */
export function clipByGlobalNorm(gradients: readonly tf.Tensor[], maxNorm: number): { gradients: tf.Tensor[]; norm: number } {
  const norm = tf.tidy(() => {
    const squares = gradients.map((gradient) => tf.sum(tf.square(gradient)));
    return Math.sqrt((tf.addN(squares).dataSync() as Float32Array)[0]!);
  });
  const scale = maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
  return { gradients: gradients.map((gradient) => tf.tidy(() => tf.mul(gradient, scale))), norm };
}
