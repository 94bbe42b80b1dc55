import { evaluate } from './evaluate.js';
import type { Expression } from './expression.js';

/** An answer too large or too deep to check safely; the verdict is `invalid`. */
export class AbsurdAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AbsurdAnswerError';
  }

  static isInstance(error: unknown): error is AbsurdAnswerError {
    return error instanceof Error && error.name === 'AbsurdAnswerError';
  }
}

export interface TextLimits {
  maxAnswerChars: number;
  maxNesting: number;
}

/** Larger exponents and factorials are not answers anyone is asked to give; they are attacks on the checker. */
export const MAX_EXPONENT = 10_000;
export const MAX_FACTORIAL_ARGUMENT = 10_000;

/** Size and bracket depth, checked on the raw text before any parsing. */
export function checkTextLimits(text: string, limits: TextLimits): void {
  if (text.length > limits.maxAnswerChars) {
    throw new AbsurdAnswerError(`answer has ${text.length} characters, more than the limit of ${limits.maxAnswerChars}`);
  }
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '{' || char === '(' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ')' || char === ']') depth--;
  }
  if (deepest > limits.maxNesting) throw new AbsurdAnswerError(`answer nests brackets ${deepest} deep, more than the limit of ${limits.maxNesting}`);
}

/**
 * Exponents and factorials, checked on the parsed expression: `10^{10^{10}}` or `9^9^9^9` would
 * make exact arithmetic or a computer-algebra system run out of memory. Variables are probed at 1.5.
 */
export function checkExpressionLimits(expression: Expression): void {
  const visit = (node: Expression): void => {
    if (node.type === 'negate') return visit(node.operand);
    if (node.type === 'binary') {
      visit(node.left);
      visit(node.right);
      if (node.operator === '^') checkPower(node.left, node.right);
    } else if (node.type === 'call') {
      node.args.forEach(visit);
      if (node.name === 'factorial') checkMagnitude(node.args[0]!, MAX_FACTORIAL_ARGUMENT, 'factorial argument');
    }
  };
  visit(expression);
}

function checkPower(base: Expression, exponent: Expression): void {
  const baseValue = evaluate(base, probe(base));
  const trivialBase = baseValue.im === 0 && (baseValue.re === 0 || Math.abs(baseValue.re) === 1);
  if (!trivialBase) checkMagnitude(exponent, MAX_EXPONENT, 'exponent');
}

function checkMagnitude(node: Expression, limit: number, what: string): void {
  const value = evaluate(node, probe(node));
  const size = Math.hypot(value.re, value.im);
  if (!(size <= limit) && !Number.isNaN(size)) throw new AbsurdAnswerError(`${what} of magnitude ${size} exceeds the limit of ${limit}`);
}

function probe(node: Expression): Map<string, number> {
  const point = new Map<string, number>();
  const visit = (child: Expression): void => {
    if (child.type === 'symbol') point.set(child.name, 1.5);
    else if (child.type === 'negate') visit(child.operand);
    else if (child.type === 'binary') [child.left, child.right].forEach(visit);
    else if (child.type === 'call') child.args.forEach(visit);
  };
  visit(node);
  return point;
}

const TOWER = /\^\s*\{[^{}]*\^|\^\s*\d+\s*\^|\^\s*\{[^{}]*\{[^{}]*\^/;
const LONG_NUMBER = /\d{101}/;
const BIG_FACTORIAL = /\d{5}\s*!/;

/**
 * Text the in-process grammar could not read goes to the compute engine; before that, the
 * textual signs of an expression that would exhaust it (power towers, huge literals, factorials).
 */
export function checkComputerAlgebraText(text: string): void {
  if (TOWER.test(text)) throw new AbsurdAnswerError('a power tower is not checked by computer algebra');
  if (LONG_NUMBER.test(text)) throw new AbsurdAnswerError('a number with more than 100 digits is not checked by computer algebra');
  if (BIG_FACTORIAL.test(text)) throw new AbsurdAnswerError('a factorial of a five-digit number is not checked by computer algebra');
}
