import { describe, expect, it } from 'vitest';
import { parseExpression } from './expression.js';
import { equalRationals, evaluateExact, parseDecimal, rational } from './rational.js';

const exact = (latex: string) => evaluateExact(parseExpression(latex));

describe('evaluateExact', () => {
  it.each([
    ['\\frac{2}{4}', '0.5'],
    ['1/3 + 1/6', '0.5'],
    ['2^{-2}', '0.25'],
    ['(-1)^{1000001}', '-1'],
    ['\\sqrt{\\frac{9}{4}}', '1.5'],
    ['10!/9!', '10'],
    ['\\binom{10}{3}', '120'],
    ['2^{100}', '1267650600228229401496703205376'],
  ])('%j = %s exactly', (latex, decimal) => {
    expect(equalRationals(exact(latex)!, exact(decimal)!)).toBe(true);
  });

  it.each([
    ['2^{100}', '1267650600228229401496703205377'],
    ['1/3', '0.333333333333'],
  ])('%j ≠ %s exactly', (latex, decimal) => {
    expect(equalRationals(exact(latex)!, exact(decimal)!)).toBe(false);
  });

  it.each([['\\sqrt{2}'], ['\\pi'], ['x+1'], ['1/0'], ['2^{1/2}'], ['7^{5000}'], ['1000!']])('has no exact value for %j', (latex) => {
    expect(exact(latex)).toBeUndefined();
  });

  it('reduces fractions and keeps the sign on the numerator', () => {
    expect(rational(4n, -6n)).toEqual({ numerator: -2n, denominator: 3n });
    expect(parseDecimal('0.250')).toEqual({ numerator: 1n, denominator: 4n });
  });
});
