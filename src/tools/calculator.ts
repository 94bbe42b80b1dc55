import { z } from 'zod';
import { Rational } from './rational.js';
import { defineTool, ToolError } from './tool.js';

const MAX_EXPRESSION_LENGTH = 500;
const MAX_EXPONENT = 10_000n;
const MAX_RESULT_DIGITS = 5_000;

type Token = { kind: 'number'; text: string } | { kind: 'operator'; text: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?)|(\*\*|[-+*/%^()×÷]))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (!match) throw new ToolError(`unexpected character "${expression.slice(index).trim()[0]}" at position ${index + 1}`);
    if (match[1] !== undefined) tokens.push({ kind: 'number', text: match[1] });
    else tokens.push({ kind: 'operator', text: { '**': '^', '×': '*', '÷': '/' }[match[2]!] ?? match[2]! });
    index = pattern.lastIndex;
  }
  return tokens;
}

/** Recursive descent over + - (lowest), * / %, unary minus, ^ (right-associative), parentheses. */
class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Rational {
    if (this.tokens.length === 0) throw new ToolError('empty expression');
    const value = this.sum();
    if (this.position < this.tokens.length) throw new ToolError(`unexpected "${this.tokens[this.position]!.text}"`);
    return value;
  }

  private peek(): string | undefined {
    const token = this.tokens[this.position];
    return token?.kind === 'operator' ? token.text : undefined;
  }

  private sum(): Rational {
    let value = this.product();
    for (let operator = this.peek(); operator === '+' || operator === '-'; operator = this.peek()) {
      this.position++;
      const right = this.product();
      value = operator === '+' ? value.add(right) : value.subtract(right);
    }
    return value;
  }

  private product(): Rational {
    let value = this.unary();
    for (let operator = this.peek(); operator === '*' || operator === '/' || operator === '%'; operator = this.peek()) {
      this.position++;
      const right = this.unary();
      value = operator === '*' ? value.multiply(right) : operator === '/' ? value.divide(right) : value.modulo(right);
    }
    return guardSize(value);
  }

  private unary(): Rational {
    const operator = this.peek();
    if (operator === '-' || operator === '+') {
      this.position++;
      const value = this.unary();
      return operator === '-' ? value.negate() : value;
    }
    return this.power();
  }

  private power(): Rational {
    const base = this.primary();
    if (this.peek() !== '^') return base;
    this.position++;
    const exponent = this.unary();
    if (!exponent.isInteger() || exponent.numerator > MAX_EXPONENT || exponent.numerator < -MAX_EXPONENT) {
      throw new ToolError(`exponent must be an integer within ±${MAX_EXPONENT}`);
    }
    if (base.digits() * Number(exponent.numerator < 0n ? -exponent.numerator : exponent.numerator) > MAX_RESULT_DIGITS * 2) {
      throw new ToolError(`result would exceed ${MAX_RESULT_DIGITS} digits`);
    }
    return guardSize(base.power(exponent));
  }

  private primary(): Rational {
    const token = this.tokens[this.position++];
    if (!token) throw new ToolError('expression ends too early');
    if (token.kind === 'number') return Rational.parseDecimal(token.text);
    if (token.text !== '(') throw new ToolError(`unexpected "${token.text}"`);
    const value = this.sum();
    if (this.tokens[this.position++]?.text !== ')') throw new ToolError('missing ")"');
    return value;
  }
}

function guardSize(value: Rational): Rational {
  if (value.digits() > MAX_RESULT_DIGITS) throw new ToolError(`result exceeds ${MAX_RESULT_DIGITS} digits`);
  return value;
}

/** Evaluates exactly with big integers and fractions: `123456789*987654321` loses no digit. */
export function evaluateArithmetic(expression: string): string {
  if (expression.length > MAX_EXPRESSION_LENGTH) throw new ToolError(`expression longer than ${MAX_EXPRESSION_LENGTH} characters`);
  let value: Rational;
  try {
    value = new Parser(tokenize(expression)).parse();
  } catch (error) {
    if (error instanceof RangeError) throw new ToolError(error.message);
    throw error;
  }
  return value.isInteger() ? value.toString() : `${value} ≈ ${value.toDecimal(12)}`;
}

export const calculatorTool = defineTool({
  name: 'calculator',
  description: 'Evaluates an arithmetic expression exactly (integers of any size, decimals, fractions): + - * / % ^ and parentheses.',
  parameters: z.object({ expression: z.string().describe('for example "(12345 * 6789) - 10^5"') }),
  handler: async ({ expression }) => evaluateArithmetic(expression),
});
