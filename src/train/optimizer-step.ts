import * as tf from '@tensorflow/tfjs-core';
import type { AdamW } from './adamw.js';
import { clipByGlobalNorm } from './gradient-clipping.js';

export interface StepResult {
  loss: number;
  gradientNorm: number;
}

/**
 * One optimizer step: gradients of `computeLoss` with respect to `variables`, clipped by global
 * norm, applied by AdamW at `learningRate`. Tensors `computeLoss` wants to report must be
 * `tf.keep`-ed by it; everything else created here is freed.
 */
export function optimizerStep(
  variables: readonly tf.Variable[],
  optimizer: AdamW,
  computeLoss: () => tf.Scalar,
  settings: { learningRate: number; maxGradNorm: number },
): StepResult {
  const { value, grads } = tf.variableGrads(computeLoss, [...variables]);
  const gradients = variables.map((variable) => {
    const gradient = grads[variable.name];
    if (gradient === undefined) throw new Error(`no gradient for variable ${variable.name}; is it used by the loss?`);
    return gradient;
  });
  const clipped = clipByGlobalNorm(gradients, settings.maxGradNorm);
  optimizer.apply(clipped.gradients, settings.learningRate);
  const loss = (value.dataSync() as Float32Array)[0]!;
  tf.dispose([value, ...gradients, ...clipped.gradients]);
  return { loss, gradientNorm: clipped.norm };
}
