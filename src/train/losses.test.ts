import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../policy/embedded/backend.js';
import { maskedNegativeLogLikelihood, policyLoss, type PolicyLossOptions } from './losses.js';
import { registerGradients } from '../policy/embedded/register-gradients.js';

beforeAll(async () => {
  registerGradients();
  await initBackend('cpu');
});

const ln = Math.log;
/** Row 0: advantage +1, two policy tokens and a pad; row 1: advantage −2, three policy tokens. */
const ratios = [
  [1.25, 0.5, 1],
  [1.5, 0.5, 1],
];
const mask = [
  [1, 1, 0],
  [1, 1, 1],
];
const advantages = [1, -2];

function options(overrides: Partial<PolicyLossOptions>): PolicyLossOptions {
  return { lossType: 'grpo', clipEpsilonLow: 0.2, clipEpsilonHigh: 0.2, klCoefficient: 0, maxCompletionTokens: 4, ...overrides };
}

function evaluate(lossOptions: PolicyLossOptions, withReference = false) {
  return tf.tidy(() => {
    const terms = policyLoss(
      {
        logprobs: tf.tensor2d(ratios.map((row) => row.map(ln))),
        oldLogprobs: tf.zeros([2, 3]),
        referenceLogprobs: withReference ? tf.tensor2d(ratios.map((row) => row.map((ratio) => ln(ratio) + ln(2)))) : undefined,
        advantages: tf.tensor1d(advantages),
        mask: tf.tensor2d(mask),
      },
      lossOptions,
    );
    return { loss: terms.loss.arraySync(), clipFraction: terms.clipFraction.arraySync(), kl: terms.kl.arraySync() };
  });
}

describe('policyLoss against hand-computed values', () => {
  // Per-token terms −min(r·A, clip(r)·A) with ε = 0.2: row 0 → −1.2 (clipped), −0.5;
  // row 1 → 3, 1.6 (clipped), 2. Their sum is 4.9 over 5 policy tokens.
  it('grpo: mean per sequence, then mean over sequences', () => {
    const result = evaluate(options({ lossType: 'grpo' }));
    expect(result.loss).toBeCloseTo((-0.85 + 2.2) / 2, 5);
    expect(result.clipFraction).toBeCloseTo(2 / 5, 6);
    expect(result.kl).toBe(0);
  });

  it('dr_grpo: token sum over B × the completion budget', () => {
    expect(evaluate(options({ lossType: 'dr_grpo' })).loss).toBeCloseTo(4.9 / (2 * 4), 5);
  });

  it('dapo: token-level mean with clip-higher (1.25 is no longer clipped at ε_high 0.28)', () => {
    const result = evaluate(options({ lossType: 'dapo', clipEpsilonHigh: 0.28 }));
    expect(result.loss).toBeCloseTo((-1.25 - 0.5 + 3 + 1.6 + 2) / 5, 5);
    expect(result.clipFraction).toBeCloseTo(1 / 5, 6);
  });

  it('adds β·k3 with k3 = exp(d) − d − 1 for d = ref − new', () => {
    const k3 = 2 - ln(2) - 1;
    const withKl = evaluate(options({ lossType: 'dapo', klCoefficient: 0.1 }), true);
    const without = evaluate(options({ lossType: 'dapo' }));
    expect(withKl.kl).toBeCloseTo(k3, 5);
    expect(withKl.loss - without.loss).toBeCloseTo(0.1 * k3, 5);
  });
});

describe('policyLoss gradients', () => {
  const logprobs = [
    [-0.3, -1.2, -0.7, -2.0],
    [-0.9, -0.1, -1.5, -0.4],
  ];
  const old = [
    [-0.35, -1.1, -0.75, -2.1],
    [-0.85, -0.15, -1.45, -0.5],
  ];
  const reference = [
    [-0.5, -1.0, -0.6, -1.8],
    [-1.0, -0.3, -1.2, -0.6],
  ];
  const checkMask = [
    [1, 1, 1, 0],
    [0, 1, 1, 1],
  ];

  function lossOf(values: number[][], lossOptions: PolicyLossOptions): tf.Scalar {
    return policyLossWith(tf.tensor2d(values), lossOptions);
  }

  for (const lossType of ['grpo', 'dr_grpo', 'dapo'] as const) {
    it(`${lossType}: analytic gradient matches central finite differences`, () => {
      const lossOptions = options({ lossType, klCoefficient: 0.3, clipEpsilonHigh: lossType === 'dapo' ? 0.28 : 0.2 });
      const analytic = tf.tidy(() =>
        (tf.grad((x: tf.Tensor) => policyLossWith(x as tf.Tensor2D, lossOptions))(tf.tensor2d(logprobs)).arraySync() as number[][]),
      );
      const step = 1e-2;
      for (let row = 0; row < 2; row++) {
        for (let column = 0; column < 4; column++) {
          const shifted = (delta: number) => logprobs.map((values, r) => values.map((value, c) => (r === row && c === column ? value + delta : value)));
          const plus = tf.tidy(() => lossOf(shifted(step), lossOptions).arraySync());
          const minus = tf.tidy(() => lossOf(shifted(-step), lossOptions).arraySync());
          expect(analytic[row]![column]).toBeCloseTo((plus - minus) / (2 * step), 3);
        }
      }
    });
  }

  function policyLossWith(values: tf.Tensor2D, lossOptions: PolicyLossOptions): tf.Scalar {
    return policyLoss(
      {
        logprobs: values,
        oldLogprobs: tf.tensor2d(old),
        referenceLogprobs: tf.tensor2d(reference),
        advantages: tf.tensor1d([0.7, -1.3]),
        mask: tf.tensor2d(checkMask),
      },
      lossOptions,
    ).loss;
  }

  it('gives exactly zero gradient to masked positions, even when their logprobs are -Infinity', () => {
    for (const lossType of ['grpo', 'dr_grpo', 'dapo'] as const) {
      const gradient = tf.tidy(() => {
        const padded = logprobs.map((values, row) => values.map((value, column) => (checkMask[row]![column] ? value : -Infinity)));
        const lossOptions = options({ lossType, klCoefficient: 0.3 });
        return tf.grad((x: tf.Tensor) => policyLossWith(x as tf.Tensor2D, lossOptions))(tf.tensor2d(padded)).arraySync() as number[][];
      });
      gradient.forEach((values, row) =>
        values.forEach((value, column) => {
          if (checkMask[row]![column]) expect(Number.isFinite(value) && value !== 0).toBe(true);
          else expect(Object.is(value, 0) || Object.is(value, -0)).toBe(true);
        }),
      );
    }
  });
});

describe('maskedNegativeLogLikelihood', () => {
  it('averages −logprob over target tokens only', () => {
    const value = tf.tidy(() =>
      maskedNegativeLogLikelihood(tf.tensor2d([[-1, -2, -Infinity], [-3, -4, -5]]), tf.tensor2d([[1, 1, 0], [0, 1, 1]])).arraySync(),
    );
    expect(value).toBeCloseTo((1 + 2 + 4 + 5) / 4, 6);
  });
});
