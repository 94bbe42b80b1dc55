/**
 * A tiny parser for countdown answers: non-negative integer literals, + - * / (also × ÷ ·) and
 * parentheses, evaluated in exact rational arithmetic. It never evaluates code; anything else is a
 * parse error that names the offending position.
 */

export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

export interface ParsedExpression {
  value: Fraction;
  /** Every integer literal, in order of appearance. */
  literals: number[];
}

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

const MAX_LENGTH = 500;
const MAX_NESTING = 64;
const OPERATOR_SPELLINGS: Record<string, string> = { '×': '*', '·': '*', '÷': '/', '−': '-' };

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function fraction(numerator: bigint, denominator = 1n): Fraction {
  if (denominator === 0n) throw new ExpressionError('division by zero');
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = gcd(numerator, denominator) || 1n;
  return { numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor };
}

function combine(left: Fraction, operator: string, right: Fraction): Fraction {
  switch (operator) {
    case '+':
      return fraction(left.numerator * right.denominator + right.numerator * left.denominator, left.denominator * right.denominator);
    case '-':
      return fraction(left.numerator * right.denominator - right.numerator * left.denominator, left.denominator * right.denominator);
    case '*':
      return fraction(left.numerator * right.numerator, left.denominator * right.denominator);
    default:
      return fraction(left.numerator * right.denominator, left.denominator * right.numerator);
  }
}

type Token = { kind: 'number'; value: number; at: number } | { kind: 'symbol'; value: string; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (let index = 0; index < text.length; ) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      index++;
    } else if (/[0-9]/.test(char)) {
      const digits = /^[0-9]+/.exec(text.slice(index))![0];
      if (digits.length > 15) throw new ExpressionError(`number too long at position ${index}`);
      tokens.push({ kind: 'number', value: Number(digits), at: index });
      index += digits.length;
    } else if ('+-*/()'.includes(char) || char in OPERATOR_SPELLINGS) {
      tokens.push({ kind: 'symbol', value: OPERATOR_SPELLINGS[char] ?? char, at: index });
      index++;
    } else {
      throw new ExpressionError(`unexpected character "${char}" at position ${index}`);
    }
  }
  return tokens;
}

export function parseExpression(text: string): ParsedExpression {
  if (text.length > MAX_LENGTH) throw new ExpressionError(`expression longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(text);
  const literals: number[] = [];
  let position = 0;
  let nesting = 0;

  const peek = () => tokens[position];
  const describe = (token: Token | undefined) => (token ? `"${token.value}" at position ${token.at}` : 'end of expression');

  const parseSum = (): Fraction => {
    let value = parseProduct();
    for (let token = peek(); token?.kind === 'symbol' && (token.value === '+' || token.value === '-'); token = peek()) {
      position++;
      value = combine(value, token.value, parseProduct());
    }
    return value;
  };
  const parseProduct = (): Fraction => {
    let value = parseFactor();
    for (let token = peek(); token?.kind === 'symbol' && (token.value === '*' || token.value === '/'); token = peek()) {
      position++;
      value = combine(value, token.value, parseFactor());
    }
    return value;
  };
  const parseFactor = (): Fraction => {
    const token = peek();
    if (token?.kind === 'number') {
      position++;
      literals.push(token.value);
      return fraction(BigInt(token.value));
    }
    if (token?.kind === 'symbol' && token.value === '(') {
      if (++nesting > MAX_NESTING) throw new ExpressionError(`parentheses nested deeper than ${MAX_NESTING}`);
      position++;
      const value = parseSum();
      const closing = peek();
      if (closing?.kind !== 'symbol' || closing.value !== ')') throw new ExpressionError(`expected ")" but found ${describe(closing)}`);
      position++;
      nesting--;
      return value;
    }
    throw new ExpressionError(`expected a number or "(" but found ${describe(token)}`);
  };

  if (tokens.length === 0) throw new ExpressionError('empty expression');
  const value = parseSum();
  if (position < tokens.length) throw new ExpressionError(`unexpected ${describe(peek())}`);
  return { value, literals };
}
