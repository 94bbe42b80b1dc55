import { describe, expect, it } from 'vitest';
import { evaluateArithmetic } from './calculator.js';

describe('calculator', () => {
  it.each([
    ['2+3*4', '14'],
    ['(2+3)*4', '20'],
    ['-2^2', '-4'],
    ['2^3^2', '512'],
    ['7 % 3', '1'],
    ['-7 % 3', '2'],
    ['123456789 * 987654321', '121932631112635269'],
    ['99999999999999999999 + 1', '100000000000000000000'],
    ['1/3 + 1/6', '1/2 ≈ 0.5'],
    ['0.1 + 0.2', '3/10 ≈ 0.3'],
    ['2 ** 10', '1024'],
    ['6 × 7 ÷ 2', '21'],
  ])('%s = %s', (expression, expected) => {
    expect(evaluateArithmetic(expression)).toBe(expected);
  });

  it.each([
    ['1/0', /division by zero/],
    ['2^0.5', /integer/],
    ['9^9^9', /exponent|digits/],
    ['2+', /ends too early/],
    ['(1+2', /missing "\)"/],
    ['1 + x', /unexpected character "x"/],
    ['process.exit()', /unexpected character/],
    ['1+'.repeat(300) + '1', /longer than/],
  ])('rejects %s with a message the model can act on', (expression, message) => {
    expect(() => evaluateArithmetic(expression)).toThrow(message);
  });
});
