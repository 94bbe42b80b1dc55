import type { TrainerConfigInput } from './config.js';

/**
 * Published RL recipes as trainer configurations, so a run can say "as in the paper" by name.
 * Values are the papers' large-model settings; the embedded preset (`start-preset.ts`) scales
 * them down to a small CPU model and says where it departs.
 */
export const recipes = {
  /**
   * GRPO as DeepSeek-R1 ran it (DeepSeek-AI 2025, arXiv:2501.12948; GRPO from DeepSeekMath,
   * Shao et al. 2024, arXiv:2402.03300): std-scaled group advantages, per-sequence mean,
   * symmetric clip, k3 KL to the reference. G = 16, β = 0.001, lr 3e-6.
   */
  r1Grpo: {
    lossType: 'grpo',
    groupSize: 16,
    clipEpsilonLow: 0.2,
    klCoefficient: 0.001,
    maxCompletionTokens: 32_768,
    temperature: 1,
    optimizer: { learningRate: 3e-6, maxGradNorm: 1 },
  },
  /**
   * Dr. GRPO (Liu et al. 2025, arXiv:2503.20783): GRPO minus its two biases — no per-group std
   * scaling (difficulty bias), a constant normalizer instead of the sequence length (length
   * bias) — and no KL term. G = 8, lr 1e-6, budget 3000 tokens.
   */
  drGrpo: {
    lossType: 'dr_grpo',
    groupSize: 8,
    clipEpsilonLow: 0.2,
    klCoefficient: 0,
    maxCompletionTokens: 3_000,
    temperature: 1,
    optimizer: { learningRate: 1e-6, maxGradNorm: 1 },
  },
  /**
   * DAPO (Yu et al. 2025, arXiv:2503.14476): clip-higher (ε_low 0.2, ε_high 0.28), dynamic
   * sampling, token-level loss, soft overlong punishment (16384 expected + 4096 cache tokens),
   * no KL; G = 16, lr 1e-6 with 20 warmup steps, weight decay 0.1, 16 gradient updates per batch.
   */
  dapo: {
    lossType: 'dapo',
    groupSize: 16,
    clipEpsilonLow: 0.2,
    clipEpsilonHigh: 0.28,
    klCoefficient: 0,
    maxCompletionTokens: 20_480,
    dynamicFiltering: true,
    overlongShaping: { cacheTokens: 4_096, penalty: 1 },
    miniBatches: 16,
    temperature: 1,
    optimizer: { learningRate: 1e-6, weightDecay: 0.1, maxGradNorm: 1, schedule: { kind: 'constant', warmupSteps: 20 } },
  },
} as const satisfies Record<string, TrainerConfigInput>;

export type RecipeName = keyof typeof recipes;
