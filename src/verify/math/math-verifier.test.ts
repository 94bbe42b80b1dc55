import { afterAll, describe, expect, it } from 'vitest';
import { runVerifier } from '../../core/verifier.js';
import { createMathVerifier } from './index.js';

const verifier = createMathVerifier();
afterAll(() => verifier.close?.());

const check = (response: string, answer: string, config?: Record<string, unknown>) => runVerifier(verifier, { response, answer, config }, { timeoutMs: 20_000 });

describe('math verifier', () => {
  it.each([
    ['The answer is \\boxed{42}.', '42'],
    ['<think>6*7</think><answer>42</answer>', '42'],
    ['So $x = \\dfrac{3}{4}$', '0.75'],
    ['\\boxed{\\frac{\\sqrt{2}}{2}}', '$\\frac{1}{\\sqrt{2}}$'],
    ['Final answer: 1,234,567', '1234567'],
    ['\\boxed{1\\,234}', '1234'],
    ['\\boxed{\\$12.50}', '12.5'],
    ['\\boxed{12 \\text{ km/h}}', '12'],
    ['\\boxed{45^\\circ}', '45'],
    ['\\boxed{2,5}', '2.5'],
    ['\\boxed{50\\%}', '50'],
    ['\\boxed{50}', '50\\%'],
    ['\\boxed{0.5}', '50\\%'],
    ['\\boxed{\\frac{1}{2}}', '50\\%'],
    ['\\boxed{\\left[ 1, 2 \\right)}', '[1,2)'],
    ['\\boxed{(x+1)^2}', 'x^2+2x+1'],
    ['\\boxed{2i+3}', '3+2i'],
    ['\\boxed{\\{3, 1, 2\\}}', '\\{1,2,3\\}'],
    ['\\boxed{x = 5}', '5'],
    ['\\boxed{\\pm 2}', '\\pm 2'],
    ['\\boxed{-2, 2}', '\\pm 2'],
    ['\\boxed{\\operatorname{lcm}(4,6)}', '12'],
    ['\\boxed{7} and again \\boxed{7}', '7'],
    ['\\boxed{\\frac{1}{2}} which is \\boxed{0.5}', '0.5'],
    ['\\boxed{\\text{Monday}}', 'Monday'],
  ])('%j is correct for %j', async (response, answer) => {
    const verdict = await check(response, answer);
    expect(verdict, JSON.stringify(verdict.details)).toMatchObject({ reason: 'correct', reward: 1, passed: true });
  });

  it.each([
    ['\\boxed{41}', '42'],
    ['\\boxed{0.5}', '50'],
    ['\\boxed{50\\%}', '0.5'],
    ['\\boxed{(1,2)}', '[1,2)'],
    ['\\boxed{(x-1)^2}', 'x^2+2x+1'],
    ['\\boxed{3-2i}', '3+2i'],
    ['\\boxed{\\{1, 2\\}}', '\\{1,2,3\\}'],
    ['\\boxed{y = 5}', 'x = 5'],
    ['\\boxed{\\operatorname{lcm}(4,6)}', '24'],
    ['\\boxed{3.14}', '\\pi'],
  ])('%j is wrong for %j', async (response, answer) => {
    expect(await check(response, answer)).toMatchObject({ reason: 'wrong', reward: 0, passed: false });
  });

  it('reports what it extracted, how it normalized it and which rule decided', async () => {
    const verdict = await check('thus \\boxed{\\dfrac{2}{4}}', '\\frac12');
    expect(verdict.details).toEqual({ extracted: '\\dfrac{2}{4}', normalized: '\\frac{2}{4}', method: 'exact-rational', source: 'boxed' });
  });

  it('says no-answer when nothing can be extracted', async () => {
    expect(await check('I am not sure what to do here', '5')).toMatchObject({ reason: 'no-answer', reward: 0 });
    expect(await check('\\boxed{}', '5')).toMatchObject({ reason: 'no-answer', reward: 0 });
  });

  it('honours a per-problem tolerance', async () => {
    expect((await check('\\boxed{3.1416}', '3.14159265')).reason).toBe('wrong');
    expect((await check('\\boxed{3.1416}', '3.14159265', { tolerance: 1e-4 })).reason).toBe('correct');
  });

  it('rejects an invalid config with a message naming the field', async () => {
    const verdict = await check('\\boxed{1}', '1', { tolerance: -1 });
    expect(verdict.reason).toBe('error');
    expect(verdict.details?.message).toMatch(/math verifier config: .*tolerance/);
    expect((await check('\\boxed{1}', '1', { tolerence: 0.1 })).details?.message).toMatch(/unknown field "tolerence"/);
  });

  it('needs a ground truth', async () => {
    expect(await runVerifier(verifier, { response: '\\boxed{1}' })).toMatchObject({ reason: 'invalid-input', reward: 0 });
  });

  it('works without computer algebra when symbolic is off', async () => {
    const local = createMathVerifier({ config: { symbolic: false } });
    expect((await runVerifier(local, { response: '\\boxed{\\operatorname{lcm}(4,6)}', answer: '12' })).reason).toBe('wrong');
    expect((await runVerifier(local, { response: '\\boxed{2\\sqrt{3}}', answer: '\\sqrt{12}' })).reason).toBe('correct');
    await local.close?.();
  });

  describe('regression table', () => {
    const cases: [string, string, string][] = [
      ['\\boxed{\\frac{\\sqrt3}{2}}', '\\dfrac{\\sqrt{3}}{2}', 'correct'],
      ['\\boxed{2\\sqrt2}', '\\sqrt{8}', 'correct'],
      ['\\boxed{(2,-3)}', '\\left( 2, -3 \\right)', 'correct'],
      ['\\boxed{(x-2)(x+2)}', 'x^2-4', 'correct'],
      ['\\boxed{1 + \\frac{2}{x-1}}', '\\frac{x+1}{x-1}', 'correct'],
      ['\\boxed{\\exp(x)}', 'e^{x}', 'correct'],
      ['\\boxed{3/2}', '1.5', 'correct'],
      ['\\boxed{6.0}', '6', 'correct'],
      ['\\boxed{−5}', '-5', 'correct'],
      ['\\boxed{A}', '\\text{(A)}', 'correct'],
      ['\\boxed{B}', '\\text{(A)}', 'wrong'],
      ['\\boxed{3 = x}', '3', 'correct'],
      ['\\boxed{.5}', '1/2', 'correct'],
      ['\\boxed{1e2}', '100', 'correct'],
      ['\\boxed{2e}', '2e', 'correct'],
      ['\\boxed{x \\in \\{1, 2\\}}', '\\{1,2\\}', 'correct'],
      ['\\boxed{\\text{No solution}}', '\\text{no solution}', 'correct'],
      ['\\boxed{123456789012345678901234567891}', '123456789012345678901234567890', 'wrong'],
      ['\\boxed{25\\%}', '\\frac14', 'wrong'],
      ['\\boxed{-\\frac{1}{2}}', '\\frac{-1}{2}', 'correct'],
      ['\\boxed{\\frac{-1}{2}}', '-0.5', 'correct'],
      ['\\boxed{x^2+y^2=1}', 'y^2 = 1 - x^2', 'correct'],
      ['\\boxed{y=3x+2}', 'y = 3x - 2', 'wrong'],
      ['\\boxed{\\frac{1}{2}}', '\\frac12', 'correct'],
      ['\\boxed{0}', '0', 'correct'],
      ['\\boxed{-0}', '0', 'correct'],
      ['\\boxed{\\sqrt{-1}}', 'i', 'correct'],
      ['\\boxed{10}', '\\$10', 'correct'],
      ['\\boxed{\\$10.00}', '10', 'correct'],
      ['\\boxed{5\\text{ apples}}', '5', 'wrong'],
      ['\\boxed{\\dfrac{3}{4}\\text{ of the cake}}', '\\frac34', 'wrong'],
      ['\\boxed{1,000}', '1000', 'correct'],
      ['\\boxed{1,000}', '1', 'wrong'],
      ['\\boxed{2,3}', '(2,3)', 'wrong'],
      ['\\boxed{(2,3)}', '2,3', 'wrong'],
      ['\\boxed{\\{3,2\\}}', '2,3', 'correct'],
      ['\\boxed{\\infty}', '\\infty', 'correct'],
      ['\\boxed{[2, \\infty)}', 'x \\ge 2', 'correct'],
      ['\\boxed{\\sin 30^\\circ}', '\\frac12', 'wrong'],
      ['\\boxed{\\log 100}', '2', 'correct'],
      ['\\boxed{a+b}', 'b+a', 'correct'],
      ['\\boxed{\\frac{a}{b}}', 'a/b', 'correct'],
      ['\\boxed{\\theta + \\alpha}', '\\alpha+\\theta', 'correct'],
      ['\\boxed{\\frac{1}{x}}', 'x^{-1}', 'correct'],
      ['\\boxed{x_1 + x_2}', 'x_2 + x_1', 'correct'],
    ];
    it.each(cases)('%j for %j is %s', async (response, answer, reason) => {
      const verdict = await check(response, answer);
      expect(verdict.reason, JSON.stringify(verdict.details)).toBe(reason);
    });
  });
});
