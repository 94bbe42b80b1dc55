import * as tf from '@tensorflow/tfjs-core';
import type { LossType } from './config.js';

/** Tensors of one batch of B completions padded to T tokens. */
export interface PolicyLossInput {
  /** log π_θ(token) under the weights being trained: [B, T], differentiable. */
  logprobs: tf.Tensor2D;
  /** log π_old(token) of the sampling policy: [B, T], constant. */
  oldLogprobs: tf.Tensor2D;
  /** log π_ref(token) of the frozen reference policy, when a KL penalty is used: [B, T]. */
  referenceLogprobs?: tf.Tensor2D;
  /** One advantage per completion: [B]. */
  advantages: tf.Tensor1D;
  /** 1 for tokens the policy produced, 0 for prompt, tool output and padding: [B, T]. */
  mask: tf.Tensor2D;
}

export interface PolicyLossOptions {
  lossType: LossType;
  clipEpsilonLow: number;
  clipEpsilonHigh: number;
  /** β of the k3 KL estimator; 0 disables the term. */
  klCoefficient: number;
  /** Dr. GRPO's constant normalizer (the completion budget in tokens). */
  maxCompletionTokens: number;
}

export interface PolicyLossTerms {
  loss: tf.Scalar;
  /** Share of policy tokens whose clipped term was the active one (no gradient flows there). */
  clipFraction: tf.Scalar;
  /** Mean k3 KL estimate over policy tokens (0 without a reference). */
  kl: tf.Scalar;
}

/**
 * The clipped policy-gradient loss of PPO (Schulman et al. 2017, arXiv:1707.06347) as used by
 * GRPO and its successors, with the per-token terms aggregated as the chosen recipe says:
 *
 * - `grpo` (Shao et al. 2024): mean over each sequence's tokens, then mean over sequences. Every
 *   sequence weighs the same, so a token of a long wrong answer is penalized less than a token of
 *   a short one: the length bias Dr. GRPO points out.
 * - `dr_grpo` (Liu et al. 2025): sum over tokens divided by a constant (B × the completion budget),
 *   which removes that length bias; its advantages are also unscaled by the group std.
 * - `dapo` (Yu et al. 2025): token-level mean over every policy token of the batch, so long
 *   sequences are neither diluted nor favoured; pairs with clip-higher (ε_high > ε_low), which keeps
 *   low-probability tokens able to grow and so delays entropy collapse.
 *
 * Per token: ratio r = exp(logπ_θ − logπ_old); term = −min(r·A, clip(r, 1−ε_low, 1+ε_high)·A)
 * + β·k3, where k3 = exp(ref − new) − (ref − new) − 1 (Schulman 2020, "Approximating KL
 * divergence"), an unbiased, always non-negative estimate of KL(π_θ‖π_ref).
 *
 * Masked positions go through `where`, not a multiplication by 0, so their gradient is exactly 0
 * even when a padded logprob is −∞.
 */
export function policyLoss(input: PolicyLossInput, options: PolicyLossOptions): PolicyLossTerms {
  return tf.tidy(() => {
    const isPolicyToken = tf.greater(input.mask, 0);
    const zeros = tf.zerosLike(input.logprobs);
    const logRatio = tf.where(isPolicyToken, tf.sub(input.logprobs, input.oldLogprobs), zeros);
    const ratio = tf.exp(logRatio);
    const advantages = tf.expandDims(input.advantages, 1);
    const unclipped = tf.mul(ratio, advantages);
    const clippedRatio = tf.clipByValue(ratio, 1 - options.clipEpsilonLow, 1 + options.clipEpsilonHigh);
    const clipped = tf.mul(clippedRatio, advantages);
    let perToken = tf.neg(tf.minimum(unclipped, clipped));

    let kl: tf.Tensor2D = zeros;
    if (input.referenceLogprobs && options.klCoefficient > 0) {
      const referenceMinusNew = tf.where(isPolicyToken, tf.sub(input.referenceLogprobs, input.logprobs), zeros);
      kl = tf.sub(tf.sub(tf.exp(referenceMinusNew), referenceMinusNew), 1);
      perToken = tf.add(perToken, tf.mul(kl, options.klCoefficient));
    }
    const maskedTerms = tf.where(isPolicyToken, perToken, zeros) as tf.Tensor2D;
    const loss = aggregate(maskedTerms, input.mask, options);

    const policyTokens = tf.maximum(tf.sum(input.mask), 1);
    const clipActive = tf.logicalAnd(isPolicyToken, tf.less(clipped, unclipped));
    const clipFraction = tf.div(tf.sum(tf.cast(clipActive, 'float32')), policyTokens) as tf.Scalar;
    const meanKl = tf.div(tf.sum(tf.where(isPolicyToken, kl, zeros)), policyTokens) as tf.Scalar;
    return { loss, clipFraction, kl: meanKl };
  });
}

function aggregate(maskedTerms: tf.Tensor2D, mask: tf.Tensor2D, options: PolicyLossOptions): tf.Scalar {
  const lossType = options.lossType;
  switch (lossType) {
    case 'grpo': {
      const perSequence = tf.div(tf.sum(maskedTerms, 1), tf.maximum(tf.sum(mask, 1), 1));
      return tf.mean(perSequence) as tf.Scalar;
    }
    case 'dr_grpo': {
      const sequences = maskedTerms.shape[0];
      return tf.div(tf.sum(maskedTerms), sequences * options.maxCompletionTokens) as tf.Scalar;
    }
    case 'dapo':
      return tf.div(tf.sum(maskedTerms), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
    default: {
      const unknown: never = lossType;
      throw new Error(`unknown lossType ${String(unknown)}`);
    }
  }
}

/**
 * Masked mean cross-entropy of the reference tokens (supervised fine-tuning): only completion
 * tokens (mask 1) count, so the model is never trained to predict the prompt.
 */
export function maskedNegativeLogLikelihood(logprobs: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const isTarget = tf.greater(mask, 0);
    const terms = tf.where(isTarget, tf.neg(logprobs), tf.zerosLike(logprobs));
    return tf.div(tf.sum(terms), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}
