import { z } from 'zod';
import type { CodeLanguage, CodeTests } from '../../core/problem.js';
import { describeIssues } from '../describe-issues.js';

const language = z.enum(['python', 'javascript', 'typescript']);
const text = z.string();

/**
 * Tests as problems spell them: the canonical `cases` / `asserts`, plus the common dataset
 * spellings `inputs` + `outputs` (parallel lists) and `assert_case`.
 */
const codeTestsInput = z
  .object({
    language: language.optional(),
    cases: z.array(z.object({ input: text, output: text })).optional(),
    inputs: z.array(text).optional(),
    outputs: z.array(text).optional(),
    asserts: z.array(text).optional(),
    assert_case: z.array(text).optional(),
    timeoutMs: z.number().int().positive().max(60_000).optional(),
    memoryMb: z.number().int().min(16).max(4_096).optional(),
  })
  .superRefine((tests, context) => {
    if ((tests.inputs === undefined) !== (tests.outputs === undefined)) {
      context.addIssue({ code: 'custom', path: [tests.inputs ? 'outputs' : 'inputs'], message: '"inputs" and "outputs" must be given together' });
    } else if (tests.inputs && tests.outputs && tests.inputs.length !== tests.outputs.length) {
      context.addIssue({ code: 'custom', path: ['outputs'], message: `has ${tests.outputs.length} entries but "inputs" has ${tests.inputs.length}` });
    }
  });

export type NormalizedTests = CodeTests & { cases: CodeTests['cases'] & object; asserts: string[] };

export type TestsParse = { tests: NormalizedTests } | { error: string };

/** Canonical tests, or an error naming the field; `fallbackLanguage` applies when tests name none. */
export function normalizeCodeTests(raw: unknown, fallbackLanguage: CodeLanguage): TestsParse {
  if (raw === undefined || raw === null) return { error: 'the problem has no tests' };
  const parsed = codeTestsInput.safeParse(raw);
  if (!parsed.success) return { error: `tests: ${describeIssues(parsed.error.issues)}` };
  const tests = parsed.data;
  const cases = [...(tests.cases ?? []), ...(tests.inputs ?? []).map((input, index) => ({ input, output: tests.outputs![index]! }))];
  const asserts = [...(tests.asserts ?? []), ...(tests.assert_case ?? [])];
  if (cases.length === 0 && asserts.length === 0) return { error: 'tests: no "cases", "inputs"/"outputs", "asserts" or "assert_case" to run' };
  return {
    tests: {
      language: tests.language ?? fallbackLanguage,
      cases,
      asserts,
      ...(tests.timeoutMs !== undefined ? { timeoutMs: tests.timeoutMs } : {}),
      ...(tests.memoryMb !== undefined ? { memoryMb: tests.memoryMb } : {}),
    },
  };
}
