import { describe, expect, it } from 'vitest';
import { compareScalars } from './compare-scalars.js';
import { AbsurdAnswerError } from './limits.js';

const options = { tolerance: 1e-6, randomPoints: 8, seed: 'test' };

describe('compareScalars', () => {
  it.each([
    ['42', '42', 'exact-string'],
    ['42', '042', 'exact-rational'],
    ['\\frac{1}{2}', '\\frac{2}{4}', 'exact-rational'],
    ['0.5', '\\frac{1}{2}', 'exact-rational'],
    ['\\frac{1}{3}', '0.3333333', 'tolerance'],
    ['3.14159265', '3.1415926', 'tolerance'],
    ['3.14159265', '\\pi', 'tolerance'],
    ['2\\sqrt{3}', '\\sqrt{12}', 'numeric'],
    ['\\frac{\\pi}{2}', '\\pi/2', 'numeric'],
    ['3+2i', '2i+3', 'numeric'],
    ['\\frac{\\sqrt{2}}{2}', '\\frac{1}{\\sqrt{2}}', 'numeric'],
    ['x^2+2x+1', '(x+1)^2', 'random-points'],
    ['\\frac{x}{2}', '0.5x', 'random-points'],
    ['\\sqrt{x}\\sqrt{x}', 'x', 'random-points'],
    ['xy', 'yx', 'random-points'],
    ['\\infty', '+\\infty', 'infinity'],
    ['0', '\\sin \\pi', 'numeric'],
    ['2^{100}', '1267650600228229401496703205376', 'exact-rational'],
  ])('%j = %j by %s', (expected, actual, method) => {
    expect(compareScalars(expected, actual, options)).toEqual({ equal: true, method });
  });

  it.each([
    ['42', '43', 'exact-rational'],
    ['\\frac{1}{3}', '0.33', 'tolerance'],
    ['\\frac{1}{3}', '0.33333', 'tolerance'],
    ['2', '2.0000001', 'exact-rational'],
    ['\\frac{1}{8}', '0.1250000001', 'exact-rational'],
    ['\\pi', '3.14', 'tolerance'],
    ['\\sqrt{2}', '1.414', 'tolerance'],
    ['\\pi', '\\frac{355}{113}', 'numeric'],
    ['x^2', 'x^2 + 10^{-8}', 'random-points'],
    ['3+2i', '3-2i', 'numeric'],
    ['x^2+2x+1', '(x-1)^2', 'random-points'],
    ['x', '\\sqrt{x^2}', 'random-points'],
    ['x', '|x|', 'random-points'],
    ['5', 'x', 'free-variable'],
    ['2x', '2y', 'free-variable'],
    ['0', '10^{-10}', 'exact-rational'],
    ['0', '\\pi \\cdot 10^{-11}', 'numeric'],
    ['\\infty', '-\\infty', 'infinity'],
    ['2^{100}', '1267650600228229401496703205377', 'exact-rational'],
  ])('%j ≠ %j by %s', (expected, actual, method) => {
    expect(compareScalars(expected, actual, options)).toEqual({ equal: false, method });
  });

  it('applies the configured tolerance to decimals', () => {
    expect(compareScalars('0.5', '0.5004', { ...options, tolerance: 1e-3 }).equal).toBe(true);
    expect(compareScalars('0.5', '0.5004', options).equal).toBe(false);
  });

  it('leaves what its grammar cannot read to the fallback', () => {
    expect(compareScalars('12', '\\operatorname{lcm}(4,6)', options)).toEqual({ equal: false, method: 'unparseable' });
  });

  it('throws on absurd exponents instead of computing them', () => {
    expect(() => compareScalars('1', '10^{10^{10}}', options)).toThrow(AbsurdAnswerError);
    expect(() => compareScalars('1', '9^9^9^9', options)).toThrow(AbsurdAnswerError);
    expect(() => compareScalars('1', '100000!', options)).toThrow(AbsurdAnswerError);
    expect(compareScalars('1', '1^{10^{10}}', options)).toEqual({ equal: true, method: 'exact-rational' });
  });

  it('gives the same answer for the same seed', () => {
    const first = compareScalars('\\frac{1}{x-1.3}', '\\frac{1}{x-1.3}+0', options);
    expect(compareScalars('\\frac{1}{x-1.3}', '\\frac{1}{x-1.3}+0', options)).toEqual(first);
  });
});
