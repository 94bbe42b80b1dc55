import { z } from 'zod';
import { InputError } from '../../core/errors.js';

export const transformerConfigSchema = z
  .object({
    vocabSize: z.number().int().min(2),
    layers: z.number().int().min(1),
    width: z.number().int().min(1),
    heads: z.number().int().min(1),
    /** Longest sequence (prompt + completion) the learned position table covers. */
    contextLength: z.number().int().min(2),
    /** Hidden width of the feed-forward block, as a multiple of `width`. */
    mlpRatio: z.number().int().min(1).default(4),
    layerNormEpsilon: z.number().positive().default(1e-5),
    /** Standard deviation of the initial weights (GPT-2's 0.02). */
    initStd: z.number().positive().default(0.02),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.width % config.heads !== 0) {
      context.addIssue({
        code: 'custom',
        path: ['heads'],
        message: `width ${config.width} must be divisible by heads, received heads ${config.heads}`,
      });
    }
  });

export type TransformerConfigInput = z.input<typeof transformerConfigSchema>;
export type TransformerConfig = z.output<typeof transformerConfigSchema>;

/** Validates a model config, throwing an InputError that names the offending field. */
export function parseTransformerConfig(value: unknown, file?: string): TransformerConfig {
  const parsed = transformerConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw new InputError(`invalid transformer config: ${issue.message}`, { file, field });
}
