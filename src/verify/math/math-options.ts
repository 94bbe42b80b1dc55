import { z } from 'zod';

/**
 * Per-problem config (`problem.verifierConfig`), validated on every call (parsed once per config
 * object). Also accepted as defaults by createMathVerifier.
 */
export const mathConfigSchema = z
  .object({
    tolerance: z
      .number()
      .min(0)
      .max(0.5)
      .default(1e-6)
      .describe('Relative tolerance for values written with a decimal point and for floating-point checks; exact fractions and integers are compared exactly.'),
    randomPoints: z.number().int().min(3).max(50).default(8).describe('Seeded evaluation points for expressions with free variables.'),
    symbolic: z
      .boolean()
      .default(true)
      .describe('Hand comparisons the in-process rules cannot decide to the compute engine in a worker thread.'),
    seed: z.string().default('math').describe('Seed of the random evaluation points, so a verdict replays.'),
  })
  .strict();

export type MathConfig = z.output<typeof mathConfigSchema>;

export interface MathOptions {
  /** Defaults for the per-problem config. */
  config?: Partial<MathConfig>;
  /** Compute-engine worker threads (started on first use). */
  workers?: number;
  /** Time one computer-algebra comparison may take before its worker is replaced. */
  casTimeoutMs?: number;
  /** Heap limit of each compute-engine worker. */
  casMemoryMb?: number;
  /** Longer responses are `invalid` without being read. */
  maxResponseChars?: number;
  /** Longer extracted answers (or ground truths) are `invalid`. */
  maxAnswerChars?: number;
  /** Deeper bracket nesting in an answer is `invalid`. */
  maxNesting?: number;
}

export const MATH_DEFAULTS = {
  workers: 1,
  casTimeoutMs: 3_000,
  casMemoryMb: 256,
  maxResponseChars: 500_000,
  maxAnswerChars: 2_000,
  maxNesting: 40,
} satisfies Required<Omit<MathOptions, 'config'>>;
