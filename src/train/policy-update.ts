import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../core/random.js';
import type { TransformerModel } from '../policy/embedded/model.js';
import type { AdamW } from './adamw.js';
import type { TrainerConfig } from './config.js';
import { policyLoss } from './losses.js';
import { optimizerStep } from './optimizer-step.js';
import { alignCompletionValues, buildTokenBatch, gatherRows, type TokenSequence } from './token-batch.js';

export interface PolicySample extends TokenSequence {
  /** log π_old of each completion token. */
  logprobs: readonly number[];
  advantage: number;
}

export interface UpdateStats {
  loss: number;
  clipFraction: number;
  kl: number;
  gradientNorm: number;
  optimizerSteps: number;
  /** Tokens run through forward and backward passes (padding included). */
  tokens: number;
}

/**
 * μ passes (`updatesPerBatch`) over one generated batch, each split into `miniBatches` shuffled
 * mini-batches, one AdamW step per mini-batch. With μ = 1 and one mini-batch the update is fully
 * on-policy (ratio 1); the clip only matters from the second step on, as in PPO.
 */
export function updatePolicy(
  model: TransformerModel,
  optimizer: AdamW,
  samples: readonly PolicySample[],
  config: TrainerConfig,
  learningRate: number,
  random: Random,
  padId: number,
  referenceModel?: TransformerModel,
): UpdateStats {
  const batch = buildTokenBatch(samples, padId);
  const oldLogprobs = alignCompletionValues(samples, samples.map((sample) => sample.logprobs), batch.length);
  const referenceLogprobs = referenceModel && config.klCoefficient > 0 ? logprobsOf(referenceModel, batch.ids, batch.size, batch.length) : undefined;
  const advantages = Float32Array.from(samples, (sample) => sample.advantage);
  const totals = { loss: 0, clipFraction: 0, kl: 0, gradientNorm: 0, optimizerSteps: 0, tokens: 0 };
  const miniBatchCount = Math.min(config.miniBatches, samples.length);

  for (let pass = 0; pass < config.updatesPerBatch; pass++) {
    const order = random.shuffle(samples.map((_, index) => index));
    for (let part = 0; part < miniBatchCount; part++) {
      const rows = order.filter((_, position) => position % miniBatchCount === part);
      const width = batch.length - 1;
      const tensors = {
        ids: tf.tensor2d(gatherRows(batch.ids, batch.length, rows), [rows.length, batch.length], 'int32'),
        mask: tf.tensor2d(gatherRows(batch.lossMask, width, rows), [rows.length, width]),
        old: tf.tensor2d(gatherRows(oldLogprobs, width, rows), [rows.length, width]),
        reference: referenceLogprobs ? tf.tensor2d(gatherRows(referenceLogprobs, width, rows), [rows.length, width]) : undefined,
        advantages: tf.tensor1d(rows.map((row) => advantages[row]!)),
      };
      let clipFraction: tf.Scalar | undefined;
      let kl: tf.Scalar | undefined;
      const step = optimizerStep(
        model.variables,
        optimizer,
        () => {
          const terms = policyLoss(
            {
              logprobs: model.tokenLogprobs(tensors.ids),
              oldLogprobs: tensors.old,
              referenceLogprobs: tensors.reference,
              advantages: tensors.advantages,
              mask: tensors.mask,
            },
            config,
          );
          clipFraction = tf.keep(terms.clipFraction);
          kl = tf.keep(terms.kl);
          return terms.loss;
        },
        { learningRate, maxGradNorm: config.optimizer.maxGradNorm },
      );
      totals.loss += step.loss;
      totals.gradientNorm += step.gradientNorm;
      totals.clipFraction += clipFraction!.dataSync()[0]!;
      totals.kl += kl!.dataSync()[0]!;
      totals.optimizerSteps += 1;
      totals.tokens += rows.length * batch.length;
      tf.dispose([clipFraction!, kl!, ...Object.values(tensors).filter((tensor) => tensor !== undefined)]);
    }
  }
  const steps = Math.max(1, totals.optimizerSteps);
  return {
    loss: totals.loss / steps,
    clipFraction: totals.clipFraction / steps,
    kl: totals.kl / steps,
    gradientNorm: totals.gradientNorm / steps,
    optimizerSteps: totals.optimizerSteps,
    tokens: totals.tokens,
  };
}

/** Token logprobs of a frozen model, [B, T−1] flattened, computed without a tape. */
function logprobsOf(model: TransformerModel, ids: Int32Array, size: number, length: number): Float32Array {
  return tf.tidy(() => model.tokenLogprobs(tf.tensor2d(ids, [size, length], 'int32')).dataSync() as Float32Array);
}
