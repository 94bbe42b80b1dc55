import { describe, expect, it } from 'vitest';
import { compileFormula } from './formula.js';

const values = { name: 1, email: 0.5, style: 0 };
const names = Object.keys(values);

describe('compileFormula', () => {
  it.each([
    ['(name + email) / 2', 0.75],
    ['name + email * 2', 2],
    ['-email + 1', 0.5],
    ['2 ^ 3 ^ 2', 512],
    ['min(name, email, style) + max(1, 2)', 2],
    ['abs(style - name) + floor(1.7) + ceil(0.2) + round(0.5)', 4],
    ['sqrt(4) * exp(0) + log(1)', 2],
    ['1e-1 * 10 + .5', 1.5],
  ])('%s = %d', (formula, expected) => {
    expect(compileFormula(formula, names)(values)).toBeCloseTo(expected, 12);
  });

  it.each([
    ['name + unknown', /unknown name "unknown"/],
    ['process.exit(1)', /unexpected character "\."/],
    ['constructor(1)', /unknown function "constructor"/],
    ['toString(name)', /unknown function "toString"/],
    ['constructor', /unknown name "constructor"/],
    ['eval(1)', /unknown function "eval"/],
    ['name +', /ends too early/],
    ['(name', /expected "\)"/],
    ['name; 1', /unexpected character ";"/],
    ['abs(1, 2)', /abs takes 1 argument/],
    ['name email', /unexpected name "email"/],
    ['"a" + 1', /unexpected character/],
  ])('rejects %j', (formula, message) => {
    expect(() => compileFormula(formula, names)).toThrow(message);
  });
});
