import type { z } from 'zod';
import { describeIssues } from './describe-issues.js';

/** A verifier was given a config it cannot use; the message names the verifier and the field. */
export class VerifierConfigError extends Error {
  readonly verifier: string;

  constructor(verifier: string, message: string) {
    super(`${verifier} verifier config: ${message}`);
    this.name = 'VerifierConfigError';
    this.verifier = verifier;
  }

  static isInstance(error: unknown): error is VerifierConfigError {
    return error instanceof Error && error.name === 'VerifierConfigError';
  }
}

const PARSED_BY_TEXT_LIMIT = 256;

/**
 * Validates configs against a schema, remembering the result per config object (problems share
 * their `verifierConfig` object across thousands of checks) and, for configs rebuilt per call
 * (JSONL lines, merged defaults), per JSON text in a small bounded cache: parsing costs about ten
 * times more than `JSON.stringify` of a small config. Parsed configs are shared: never mutate them.
 */
export function createConfigParser<Schema extends z.ZodType>(
  verifier: string,
  schema: Schema,
  refine: (config: z.output<Schema>) => void = () => {},
): (config: unknown) => z.output<Schema> {
  const parsed = new WeakMap<object, z.output<Schema>>();
  const parsedByText = new Map<string, z.output<Schema>>();
  return (config: unknown) => {
    const key = typeof config === 'object' && config !== null ? config : undefined;
    const known = key ? parsed.get(key) : undefined;
    if (known !== undefined) return known;
    const text = JSON.stringify(config ?? {});
    let result = parsedByText.get(text);
    if (result === undefined) {
      const outcome = schema.safeParse(config ?? {});
      if (!outcome.success) throw new VerifierConfigError(verifier, describeIssues(outcome.error.issues));
      refine(outcome.data);
      result = outcome.data;
      if (parsedByText.size >= PARSED_BY_TEXT_LIMIT) parsedByText.delete(parsedByText.keys().next().value!);
      parsedByText.set(text, result);
    }
    if (key) parsed.set(key, result);
    return result;
  };
}

/** Per-call config over the defaults given at construction; `undefined` fields do not erase defaults. */
export function mergeConfig(defaults: Record<string, unknown> | undefined, override: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!override || Object.keys(override).length === 0) return defaults;
  if (!defaults || Object.keys(defaults).length === 0) return override;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(override)) if (value !== undefined) merged[key] = value;
  return merged;
}
