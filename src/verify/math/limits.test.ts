import { describe, expect, it } from 'vitest';
import { parseExpression } from './expression.js';
import { AbsurdAnswerError, checkComputerAlgebraText, checkExpressionLimits, checkTextLimits } from './limits.js';

const limits = { maxAnswerChars: 100, maxNesting: 5 };

describe('limits', () => {
  it.each([['x'.repeat(101)], ['{'.repeat(6) + '1' + '}'.repeat(6)], ['(((((([1]))))))']])('rejects oversized or deep text %#', (text) => {
    expect(() => checkTextLimits(text, limits)).toThrow(AbsurdAnswerError);
  });

  it.each([['x'.repeat(100)], ['((((1))))'], ['\\frac{\\sqrt{2}}{2}']])('accepts ordinary text %#', (text) => {
    expect(() => checkTextLimits(text, limits)).not.toThrow();
  });

  it.each([['10^{10^{10}}'], ['9^9^9^9'], ['2^{20000}'], ['x^{10^6}'], ['(10^5)!'], ['e^{e^{e^{e}}}^{100}']])('rejects the expression %j', (latex) => {
    expect(() => checkExpressionLimits(parseExpression(latex))).toThrow(AbsurdAnswerError);
  });

  it.each([['2^{100}'], ['1^{10^{10}}'], ['0^{10^{10}}'], ['x^{20}'], ['170!'], ['e^{x^2}']])('accepts the expression %j', (latex) => {
    expect(() => checkExpressionLimits(parseExpression(latex))).not.toThrow();
  });

  it.each([['\\lfloor 10^{10^{10}} \\rfloor'], ['\\operatorname{lcm}(2^{3^{40}}, 1)'], ['\\gcd(' + '9'.repeat(101) + ', 3)'], ['\\lfloor 12345! \\rfloor']])(
    'keeps %j away from computer algebra',
    (text) => {
      expect(() => checkComputerAlgebraText(text)).toThrow(AbsurdAnswerError);
    },
  );

  it('lets ordinary text through to computer algebra', () => {
    expect(() => checkComputerAlgebraText('\\operatorname{lcm}(4, 6) + x^{2}')).not.toThrow();
  });
});
