import { z } from 'zod';
import { InputError } from '../core/errors.js';

/**
 * The policy-gradient objective. Each value is one published recipe's answer to how token losses
 * are weighted; see `losses.ts` for the formulas and `recipes.ts` for the full configurations.
 * - `grpo`: DeepSeekMath / R1 (Shao et al. 2024, arXiv:2402.03300).
 * - `dr_grpo`: "Understanding R1-Zero-Like Training" (Liu et al. 2025, arXiv:2503.20783).
 * - `dapo`: "DAPO: an open-source LLM RL system at scale" (Yu et al. 2025, arXiv:2503.14476).
 */
export const LOSS_TYPES = ['grpo', 'dr_grpo', 'dapo'] as const;
export type LossType = (typeof LOSS_TYPES)[number];

const learningRateScheduleSchema = z.object({
  kind: z.enum(['constant', 'cosine']).default('constant'),
  /** Steps of linear warmup from 0 to the peak learning rate. */
  warmupSteps: z.number().int().min(0).default(0),
  /** Optimizer steps over which the cosine decays; required by `cosine`. */
  totalSteps: z.number().int().positive().optional(),
  /** Floor of the cosine, as a fraction of the peak learning rate. */
  minRatio: z.number().min(0).max(1).default(0),
});

const optimizerSchema = z.object({
  learningRate: z.number().positive().max(1),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  epsilon: z.number().positive().default(1e-8),
  /** Decoupled weight decay (AdamW); applied to matrices only, never to biases or norm gains. */
  weightDecay: z.number().min(0).default(0),
  /** Gradients are rescaled when their global L2 norm exceeds this (0 disables clipping). */
  maxGradNorm: z.number().min(0).default(1),
  schedule: learningRateScheduleSchema.default({ kind: 'constant', warmupSteps: 0, minRatio: 0 }),
});

const overlongShapingSchema = z.object({
  /** L_cache of DAPO: the penalty ramps from 0 to `penalty` over the last this-many tokens. */
  cacheTokens: z.number().int().positive(),
  penalty: z.number().positive().default(1),
});

const trainerConfigSchema = z
  .object({
    lossType: z.enum(LOSS_TYPES),
    /** Completions sampled per problem (G). */
    groupSize: z.number().int().min(2).max(256),
    /** Optimizer steps taken on each generated batch (μ); >1 is where clipping matters. */
    updatesPerBatch: z.number().int().min(1).max(64).default(1),
    /** Mini-batches each update pass is split into. */
    miniBatches: z.number().int().min(1).max(256).default(1),
    /** ε_low: the ratio is clipped below at 1 − ε_low. */
    clipEpsilonLow: z.number().positive().lt(1).default(0.2),
    /** ε_high: the ratio is clipped above at 1 + ε_high; defaults to ε_low (symmetric PPO clip). */
    clipEpsilonHigh: z.number().positive().optional(),
    /** β of the k3 KL penalty to the reference policy; 0 means no reference model is kept. */
    klCoefficient: z.number().min(0).default(0),
    /** `group`: (r − mean)/(std + ε) as in GRPO; `none`: r − mean as in Dr. GRPO. */
    advantageScaling: z.enum(['group', 'none']).optional(),
    /** Completion budget in tokens; also Dr. GRPO's constant normalizer. */
    maxCompletionTokens: z.number().int().positive(),
    /** DAPO's dynamic sampling: drop groups whose rewards are all equal (zero advantage). */
    dynamicFiltering: z.boolean().optional(),
    /** DAPO's soft overlong punishment; absent = off. */
    overlongShaping: overlongShapingSchema.optional(),
    temperature: z.number().positive().max(5).default(1),
    topP: z.number().positive().max(1).default(1),
    optimizer: optimizerSchema,
  })
  .strict();

export type TrainerConfigInput = z.input<typeof trainerConfigSchema>;

/** A validated trainer configuration with every derived value filled in. */
export type TrainerConfig = Omit<z.output<typeof trainerConfigSchema>, 'clipEpsilonHigh' | 'advantageScaling' | 'dynamicFiltering'> & {
  clipEpsilonHigh: number;
  advantageScaling: 'group' | 'none';
  dynamicFiltering: boolean;
};

/** Per-loss defaults: what the paper does when the user does not say otherwise. */
function lossDefaults(lossType: LossType): { advantageScaling: 'group' | 'none'; dynamicFiltering: boolean } {
  switch (lossType) {
    case 'grpo':
      return { advantageScaling: 'group', dynamicFiltering: false };
    case 'dr_grpo':
      return { advantageScaling: 'none', dynamicFiltering: false };
    case 'dapo':
      return { advantageScaling: 'group', dynamicFiltering: true };
  }
}

/** Option pairs that contradict the chosen recipe, each with the way out. */
function incompatibilities(config: TrainerConfig): string[] {
  const problems: string[] = [];
  if (config.lossType === 'dr_grpo' && config.advantageScaling === 'group') {
    problems.push(
      'lossType "dr_grpo" removes the per-group std scaling (it biases toward too easy and too hard problems); drop advantageScaling or use lossType "grpo"',
    );
  }
  if (config.lossType !== 'dapo' && config.clipEpsilonHigh !== config.clipEpsilonLow) {
    problems.push(
      `clipEpsilonHigh (${config.clipEpsilonHigh}) differs from clipEpsilonLow (${config.clipEpsilonLow}): asymmetric "clip-higher" is DAPO's; set lossType "dapo" or remove clipEpsilonHigh`,
    );
  }
  if (config.clipEpsilonHigh < config.clipEpsilonLow) {
    problems.push(`clipEpsilonHigh (${config.clipEpsilonHigh}) is below clipEpsilonLow (${config.clipEpsilonLow}); clip-higher needs ε_high ≥ ε_low`);
  }
  if (config.overlongShaping && config.overlongShaping.cacheTokens >= config.maxCompletionTokens) {
    problems.push(
      `overlongShaping.cacheTokens (${config.overlongShaping.cacheTokens}) must be below maxCompletionTokens (${config.maxCompletionTokens}); lower it or raise the budget`,
    );
  }
  if (config.optimizer.schedule.kind === 'cosine' && config.optimizer.schedule.totalSteps === undefined) {
    problems.push('optimizer.schedule.kind "cosine" needs optimizer.schedule.totalSteps (the step where the decay ends)');
  }
  const { totalSteps, warmupSteps } = config.optimizer.schedule;
  if (totalSteps !== undefined && warmupSteps >= totalSteps) {
    problems.push(`optimizer.schedule.warmupSteps (${warmupSteps}) must be below totalSteps (${totalSteps})`);
  }
  return problems;
}

/**
 * Validates a trainer configuration once and fills derived values (ε_high, the loss's default
 * advantage scaling and filtering). Throws an InputError naming every bad field.
 */
export function parseTrainerConfig(input: unknown, source = 'trainer config'): TrainerConfig {
  const parsed = trainerConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(issue.message, { file: source, field: issue.path.join('.') || undefined });
  }
  const defaults = lossDefaults(parsed.data.lossType);
  const config: TrainerConfig = {
    ...parsed.data,
    clipEpsilonHigh: parsed.data.clipEpsilonHigh ?? parsed.data.clipEpsilonLow,
    advantageScaling: parsed.data.advantageScaling ?? defaults.advantageScaling,
    dynamicFiltering: parsed.data.dynamicFiltering ?? defaults.dynamicFiltering,
  };
  const problems = incompatibilities(config);
  if (problems.length > 0) throw new InputError(problems.join('; '), { file: source });
  return config;
}
