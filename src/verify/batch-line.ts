import { z } from 'zod';
import type { VerifyInput } from '../core/verifier.js';
import { describeIssues } from './describe-issues.js';

/** One line of `rlvr verify --input`: a response and what to check it against. */
export const batchLineSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  response: z.string(),
  /** Numbers are accepted and read as their decimal text (datasets often store answers as numbers). */
  answer: z.union([z.string(), z.number().transform(String)]).optional(),
  tests: z.record(z.string(), z.unknown()).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});

export type BatchLine = z.output<typeof batchLineSchema>;

export type ParsedLine = { ok: true; id: string | number; input: VerifyInput } | { ok: false; id: string | number; message: string };

/** Parses one JSONL line; `id` defaults to the line number; errors say what was wrong, not where (the caller knows). */
export function parseBatchLine(text: string, lineNumber: number, defaultConfig: Record<string, unknown> | undefined): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, id: lineNumber, message: `invalid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: lineNumber, message: `expected a JSON object, received ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}` };
  }
  const result = batchLineSchema.safeParse(value);
  const rawId = (value as { id?: unknown }).id;
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : lineNumber;
  if (!result.success) return { ok: false, id, message: describeIssues(result.error.issues) };
  const { response, answer, tests, config } = result.data;
  const merged = defaultConfig || config ? { ...defaultConfig, ...config } : undefined;
  return {
    ok: true,
    id,
    input: { response, ...(answer !== undefined ? { answer } : {}), ...(tests ? { tests } : {}), ...(merged ? { config: merged } : {}) },
  };
}
