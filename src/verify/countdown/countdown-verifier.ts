import { z } from 'zod';
import type { Verifier, VerifyInput } from '../../core/verifier.js';
import { failed, succeeded, type Judgement } from '../../core/verdict.js';
import { createConfigParser } from '../config-error.js';
import { extractAnswer } from '../extract-answer.js';
import { ExpressionError, parseExpression } from './arithmetic-expression.js';

const configSchema = z
  .object({
    numbers: z.array(z.number().int().nonnegative()).min(1),
    target: z.number().int(),
  })
  .strict();

const parseConfig = createConfigParser('countdown', configSchema);

/** Which literals are not available: the answer may use each given number at most once. */
function unavailableNumbers(literals: readonly number[], numbers: readonly number[]): number[] {
  const remaining = new Map<number, number>();
  for (const number of numbers) remaining.set(number, (remaining.get(number) ?? 0) + 1);
  const unavailable: number[] = [];
  for (const literal of literals) {
    const left = remaining.get(literal) ?? 0;
    if (left === 0) unavailable.push(literal);
    else remaining.set(literal, left - 1);
  }
  return unavailable;
}

/** `expression` or `expression = target`: a trailing restatement of the target is allowed. */
function splitRestatedTarget(answer: string): { expression: string; restated?: string } {
  const parts = answer.split('=');
  if (parts.length === 1) return { expression: answer };
  if (parts.length === 2) return { expression: parts[0]!, restated: parts[1]!.trim() };
  return { expression: answer };
}

function judge(input: VerifyInput): Judgement {
  const { numbers, target } = parseConfig(input.config);
  const { text } = extractAnswer(input.response);
  if (text === '') return failed('no-answer');
  const { expression, restated } = splitRestatedTarget(text);
  if (restated !== undefined && restated !== String(target)) {
    return failed('wrong', { why: `the answer claims the value ${restated}, the target is ${target}` });
  }
  let parsed;
  try {
    parsed = parseExpression(expression);
  } catch (error) {
    if (error instanceof ExpressionError) return failed('invalid', { why: error.message });
    throw error;
  }
  const unavailable = unavailableNumbers(parsed.literals, numbers);
  if (unavailable.length > 0) {
    return failed('wrong', { why: `uses numbers not available (each given number at most once): ${unavailable.join(', ')}` });
  }
  const { numerator, denominator } = parsed.value;
  const value = denominator === 1n ? numerator.toString() : `${numerator}/${denominator}`;
  if (denominator !== 1n || numerator !== BigInt(target)) {
    return failed('wrong', { why: `the expression equals ${value}, the target is ${target}`, value });
  }
  return succeeded({ value });
}

/**
 * Checks countdown answers: an arithmetic expression over a sub-multiset of the given numbers whose
 * exact value is the target. Config: `{numbers, target}` (the problem's `verifierConfig`).
 * Intermediate fractions are allowed as long as the final value is the integer target.
 */
export function createCountdownVerifier(): Verifier {
  return {
    name: 'countdown',
    description: 'An arithmetic expression over the given numbers (each at most once) that equals the target.',
    verify: async (input) => judge(input),
  };
}
