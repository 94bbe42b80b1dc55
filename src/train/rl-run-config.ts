import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { parseTrainerConfig, type TrainerConfig } from './config.js';

const band = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);

/** Everything that defines an RL run; saved as `run.json` so `--resume` continues the same run. */
const rlRunConfigSchema = z
  .object({
    database: z.string().min(1),
    /** The trainer config as given (validated by parseTrainerConfig). */
    trainer: z.record(z.string(), z.unknown()),
    sampler: z.string().min(1),
    /** Only problems of these families are drawn (all when absent). */
    families: z.array(z.string()).optional(),
    problemsPerStep: z.number().int().positive(),
    steps: z.number().int().positive(),
    seed: z.number().int(),
    checkpointEvery: z.number().int().positive().default(25),
    /** Held-out evaluation every this many steps (0 = only at the end). */
    evalEvery: z.number().int().min(0).default(0),
    bands: z.array(band).min(1),
    /** Print (via the callback) one sampled rollout every this many steps; 0 = never. */
    showRolloutEvery: z.number().int().min(0).default(0),
    verifierTimeoutMs: z.number().int().positive().default(10_000),
    /** Built-in tools the policy may call while it answers (their output is masked from the loss). */
    tools: z.array(z.string()).optional(),
  })
  .strict();

export type RlRunConfigInput = z.input<typeof rlRunConfigSchema>;
export type RlRunConfig = z.output<typeof rlRunConfigSchema> & { trainerConfig: TrainerConfig };

export function parseRlRunConfig(input: unknown, source = 'run config'): RlRunConfig {
  const parsed = rlRunConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(issue.message, { file: source, field: issue.path.join('.') || undefined });
  }
  return { ...parsed.data, trainerConfig: parseTrainerConfig(parsed.data.trainer, `${source} (trainer)`) };
}
