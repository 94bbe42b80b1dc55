import { z } from 'zod';
import { createConfigParser, VerifierConfigError } from '../config-error.js';
import { assertSafePattern, compileFullMatch } from './full-match.js';
import { compileSchema } from './json-answer.js';

/** Longest extracted answer checked at all; longer ones fail as `too-long` (bounds regex and JSON work). */
export const DEFAULT_MAX_ANSWER_CHARS = 20_000;

const shared = {
  maxAnswerChars: z.number().int().positive().default(DEFAULT_MAX_ANSWER_CHARS),
};

const exact = z.strictObject({ mode: z.literal('exact'), ...shared });

const normalized = z.strictObject({
  mode: z.literal('normalized'),
  ...shared,
  caseSensitive: z.boolean().default(false),
  collapseWhitespace: z.boolean().default(true),
  stripPunctuation: z.boolean().default(true),
  removeArticles: z.boolean().default(false),
  unicode: z.enum(['NFKC', 'NFC', 'none']).default('NFKC'),
});

const regex = z.strictObject({
  mode: z.literal('regex'),
  ...shared,
  pattern: z.string().min(1),
  flags: z.string().regex(/^[imsuv]*$/, 'allowed flags are i, m, s, u, v (g, y and d make no sense for a full match)').default(''),
  timeoutMs: z.number().positive().max(10_000).default(100),
});

const multipleChoice = z.strictObject({
  mode: z.literal('multiple-choice'),
  ...shared,
  letters: z.string().regex(/^[A-Z]+$/, 'letters must be upper-case A-Z, e.g. "ABCD"').default('ABCDEFGHIJ'),
});

const numeric = z.strictObject({
  mode: z.literal('numeric'),
  ...shared,
  absoluteTolerance: z.number().nonnegative().default(0),
  relativeTolerance: z.number().nonnegative().default(1e-9),
});

const json = z.strictObject({
  mode: z.literal('json'),
  ...shared,
  schema: z.record(z.string(), z.unknown()).optional(),
  equal: z.boolean().default(false),
});

export const matchConfigSchema = z.discriminatedUnion('mode', [exact, normalized, regex, multipleChoice, numeric, json]);

export type MatchConfig = z.output<typeof matchConfigSchema>;
export type MatchMode = MatchConfig['mode'];
export type NormalizedConfig = z.output<typeof normalized>;

/** Parses a match config, with the checks zod cannot express (regex safety, schema validity). */
export const parseMatchConfig = createConfigParser('match', z.preprocess(withDefaultMode, matchConfigSchema), (config) => {
  try {
    if (config.mode === 'regex') {
      assertSafePattern(config.pattern);
      compileFullMatch(config.pattern, config.flags);
    }
    if (config.mode === 'json') {
      if (!config.schema && !config.equal) throw new Error('json mode needs a "schema", "equal": true, or both');
      if (config.schema) compileSchema(config.schema);
    }
  } catch (error) {
    if (VerifierConfigError.isInstance(error)) throw error;
    throw new VerifierConfigError('match', error instanceof Error ? error.message : String(error));
  }
});

/** `exact` is the default mode: the strictest reading of an unconfigured match. */
function withDefaultMode(config: unknown): unknown {
  if (typeof config === 'object' && config !== null && !('mode' in config)) return { ...config, mode: 'exact' };
  return config;
}
