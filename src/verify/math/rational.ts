import type { Expression } from './expression.js';

/** An exact fraction, always reduced, denominator positive. */
export interface Rational {
  numerator: bigint;
  denominator: bigint;
}

/** Results longer than this many digits are not computed exactly (the float path decides). */
const MAX_DIGITS = 2_000;
const MAX_EXPONENT = 10_000n;
const MAX_FACTORIAL = 500n;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(numerator: bigint, denominator = 1n): Rational | undefined {
  if (denominator === 0n) return undefined;
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = gcd(numerator, denominator) || 1n;
  return { numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor };
}

export function parseDecimal(text: string): Rational | undefined {
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || text.length > MAX_DIGITS) return undefined;
  const fraction = match[2] ?? '';
  return rational(BigInt((match[1] || '0') + fraction), 10n ** BigInt(fraction.length));
}

export const equalRationals = (a: Rational, b: Rational): boolean => a.numerator === b.numerator && a.denominator === b.denominator;

const tooLong = (value: Rational): boolean =>
  value.numerator.toString().length > MAX_DIGITS || value.denominator.toString().length > MAX_DIGITS;

/**
 * Exact value of an expression built from numbers with + - × ÷, integer powers, factorials,
 * binomials and square roots of perfect squares; undefined when the value is not such a rational
 * (a variable, π, an irrational root) or would be huge.
 */
export function evaluateExact(expression: Expression): Rational | undefined {
  const value = exactValue(expression);
  return value && !tooLong(value) ? value : undefined;
}

function exactValue(expression: Expression): Rational | undefined {
  switch (expression.type) {
    case 'number':
      return parseDecimal(expression.text);
    case 'symbol':
      return undefined;
    case 'negate': {
      const value = exactValue(expression.operand);
      return value && { numerator: -value.numerator, denominator: value.denominator };
    }
    case 'binary': {
      const left = exactValue(expression.left);
      const right = left && exactValue(expression.right);
      if (!left || !right) return undefined;
      return binary(expression.operator, left, right);
    }
    case 'call':
      return call(expression.name, expression.args.map(exactValue));
  }
}

function binary(operator: string, a: Rational, b: Rational): Rational | undefined {
  if (operator === '+') return rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);
  if (operator === '-') return rational(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator);
  if (operator === '*') return rational(a.numerator * b.numerator, a.denominator * b.denominator);
  if (operator === '/') return rational(a.numerator * b.denominator, a.denominator * b.numerator);
  return integerPower(a, b);
}

function integerPower(base: Rational, exponent: Rational): Rational | undefined {
  if (exponent.denominator !== 1n) return undefined;
  const n = exponent.numerator < 0n ? -exponent.numerator : exponent.numerator;
  const isTrivialBase = base.denominator === 1n && (base.numerator === 0n || base.numerator === 1n || base.numerator === -1n);
  if (n > MAX_EXPONENT && !isTrivialBase) return undefined;
  const digits = Math.max(base.numerator.toString().length, base.denominator.toString().length);
  if (!isTrivialBase && digits * Number(n) > MAX_DIGITS * 2) return undefined;
  const reduced = isTrivialBase ? n % 2n + (n > 0n ? 2n : 0n) : n;
  const raised = rational(base.numerator ** reduced, base.denominator ** reduced);
  if (!raised || exponent.numerator >= 0n) return raised;
  return rational(raised.denominator, raised.numerator);
}

function call(name: string, args: (Rational | undefined)[]): Rational | undefined {
  const [first, second] = args;
  if (!first) return undefined;
  if (name === 'factorial') {
    if (first.denominator !== 1n || first.numerator < 0n || first.numerator > MAX_FACTORIAL) return undefined;
    let result = 1n;
    for (let k = 2n; k <= first.numerator; k++) result *= k;
    return rational(result);
  }
  if (name === 'abs') return { numerator: first.numerator < 0n ? -first.numerator : first.numerator, denominator: first.denominator };
  if (name === 'sqrt') {
    const top = integerSquareRoot(first.numerator);
    const bottom = integerSquareRoot(first.denominator);
    return top !== undefined && bottom !== undefined ? rational(top, bottom) : undefined;
  }
  if (name === 'binom' && second) return binomial(first, second);
  return undefined;
}

function integerSquareRoot(value: bigint): bigint | undefined {
  if (value < 0n) return undefined;
  if (value < 2n) return value;
  if (value.toString().length > 300) return undefined;
  let root = BigInt(Math.floor(Math.sqrt(Number(value))));
  while (root * root > value) root--;
  while ((root + 1n) * (root + 1n) <= value) root++;
  return root * root === value ? root : undefined;
}

function binomial(n: Rational, k: Rational): Rational | undefined {
  if (n.denominator !== 1n || k.denominator !== 1n || n.numerator < 0n || k.numerator < 0n || n.numerator > 10_000n) return undefined;
  if (k.numerator > n.numerator) return rational(0n);
  let result = 1n;
  for (let step = 1n; step <= k.numerator; step++) result = (result * (n.numerator - k.numerator + step)) / step;
  return rational(result);
}
