import { z } from 'zod';
import { describeIssues } from '../describe-issues.js';

/** The OpenAI grader types that can run here; model- and Python-backed ones cannot. */
export const SUPPORTED_GRADER_TYPES = ['string_check', 'text_similarity', 'multi'] as const;
const UNSUPPORTED_GRADER_TYPES = ['python', 'score_model', 'label_model'];
const TEXT_SIMILARITY_METRICS = ['cosine', 'fuzzy_match', 'bleu', 'gleu', 'meteor', 'rouge_1', 'rouge_2', 'rouge_3', 'rouge_4', 'rouge_5', 'rouge_l'] as const;

const stringCheckSchema = z.strictObject({
  type: z.literal('string_check'),
  name: z.string().optional(),
  input: z.string(),
  reference: z.string(),
  operation: z.enum(['eq', 'ne', 'like', 'ilike']),
});

const textSimilaritySchema = z.strictObject({
  type: z.literal('text_similarity'),
  name: z.string().optional(),
  input: z.string(),
  reference: z.string(),
  evaluation_metric: z.enum(TEXT_SIMILARITY_METRICS),
  pass_threshold: z.number().min(0).max(1),
});

const multiSchema = z.strictObject({
  type: z.literal('multi'),
  name: z.string().optional(),
  graders: z.record(z.string(), z.unknown()),
  calculate_output: z.string().min(1),
  /** Not in OpenAI's schema (the RFT reward is the output itself): when `passed` is true. Default: output ≥ 1. */
  pass_threshold: z.number().optional(),
});

export type StringCheckGrader = z.output<typeof stringCheckSchema>;
export type TextSimilarityGrader = z.output<typeof textSimilaritySchema>;
export type MultiGrader = Omit<z.output<typeof multiSchema>, 'graders'> & { graders: Record<string, GraderConfig> };
export type GraderConfig = StringCheckGrader | TextSimilarityGrader | MultiGrader;

/** Validates grader JSON recursively; errors name the path inside the grader ("graders.email.operation"). */
export function parseGraderConfig(value: unknown, path = ''): GraderConfig {
  const where = path ? `${path}: ` : '';
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && UNSUPPORTED_GRADER_TYPES.includes(type)) {
    throw new Error(`${where}grader type "${type}" needs a model or a Python runtime and cannot run here (supported: ${SUPPORTED_GRADER_TYPES.join(', ')})`);
  }
  const schema = type === 'string_check' ? stringCheckSchema : type === 'text_similarity' ? textSimilaritySchema : type === 'multi' ? multiSchema : undefined;
  if (!schema) throw new Error(`${where}field "type" must be one of ${SUPPORTED_GRADER_TYPES.join(', ')}, received ${JSON.stringify(type)}`);
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${where}${describeIssues(result.error.issues)}`);
  const grader = result.data;
  if (grader.type === 'text_similarity' && grader.evaluation_metric !== 'fuzzy_match') {
    throw new Error(`${where}evaluation_metric "${grader.evaluation_metric}" is not implemented here (only "fuzzy_match")`);
  }
  if (grader.type !== 'multi') return grader;
  const graders: Record<string, GraderConfig> = {};
  for (const [name, inner] of Object.entries(grader.graders)) graders[name] = parseGraderConfig(inner, `${path ? `${path}.` : ''}graders.${name}`);
  if (Object.keys(graders).length === 0) throw new Error(`${where}a multi grader needs at least one entry in "graders"`);
  return { ...grader, graders };
}
