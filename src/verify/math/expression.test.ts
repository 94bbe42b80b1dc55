import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { freeVariables, hasDecimalLiteral, parseExpression } from './expression.js';

const valueOf = (latex: string, point: Record<string, number> = {}) => evaluate(parseExpression(latex), new Map(Object.entries(point)));

describe('parseExpression and evaluate', () => {
  it.each([
    ['1+2\\cdot 3', 7],
    ['2^10', 1024],
    ['2^{3^2}', 512],
    ['-2^2', -4],
    ['\\frac{1}{2}+\\frac12', 1],
    ['\\sqrt{16}', 4],
    ['\\sqrt[3]{27}', 3],
    ['2\\pi', 2 * Math.PI],
    ['e^{2}', Math.E ** 2],
    ['\\ln e', 1],
    ['\\log_2 8', 3],
    ['\\log 1000', 3],
    ['\\sin^2 x + \\cos^2 x', 1],
    ['|-3| + 1', 4],
    ['5!', 120],
    ['\\binom{5}{2}', 10],
    ['3 \\times 4 \\div 6', 2],
    ['2(x+1)', 2 * 2.5],
    ['sqrt(9) + sin(0)', 3],
    ['x_1 + x_{2}', 3],
  ])('%j = %d', (latex, expected) => {
    const value = valueOf(latex, { x: 1.5, x_1: 1, x_2: 2 });
    expect(value.re).toBeCloseTo(expected, 9);
    expect(value.im).toBeCloseTo(0, 9);
  });

  it('evaluates complex numbers', () => {
    expect(valueOf('(3+2i)(3-2i)')).toEqual({ re: 13, im: 0 });
    expect(valueOf('\\sqrt{-4}')).toEqual({ re: 0, im: 2 });
    expect(valueOf('e^{i\\pi}').re).toBeCloseTo(-1, 12);
  });

  it.each([['\\foo{1}'], ['1+'], ['(1'], ['2 @ 3'], ['\\frac{1}'], ['|x']])('rejects %j', (latex) => {
    expect(() => parseExpression(latex)).toThrow();
  });

  it('lists free variables without constants', () => {
    expect(freeVariables(parseExpression('x^2 + e\\pi y + i\\theta'))).toEqual(['theta', 'x', 'y']);
    expect(freeVariables(parseExpression('2\\pi e'))).toEqual([]);
  });

  it('notices decimals', () => {
    expect(hasDecimalLiteral(parseExpression('\\frac{1}{2.5}'))).toBe(true);
    expect(hasDecimalLiteral(parseExpression('\\frac{1}{25}'))).toBe(false);
  });
});
