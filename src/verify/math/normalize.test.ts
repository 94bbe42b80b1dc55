import { describe, expect, it } from 'vitest';
import { normalize } from './normalize.js';

describe('normalize', () => {
  it.each([
    ['$42$', '42'],
    ['\\(x+1\\)', 'x+1'],
    ['\\[\\dfrac{1}{2}\\]', '\\frac{1}{2}'],
    ['\\tfrac12', '\\frac12'],
    ['\\left( 1, 2 \\right]', '( 1, 2 ]'],
    ['1,234,567', '1234567'],
    ['1\\,234', '1234'],
    ['1 234 567', '1234567'],
    ['\\$1,200', '1200'],
    ['USD 15', '15'],
    ['15 dollars', '15'],
    ['12 \\text{ cm}', '12'],
    ['12\\,\\mathrm{km/h}', '12'],
    ['12 cm^2', '12'],
    ['30^\\circ', '30'],
    ['30°', '30'],
    ['45^{\\circ}', '45'],
    ['\\textbf{7}', '7'],
    ['x \\leq 3', 'x ≤ 3'],
    ['x \\in [1, 2]', '[1, 2]'],
    ['\\varnothing', '\\emptyset'],
    ['3.', '3'],
    ['π/2', '\\pi /2'],
  ])('%j → %j', (raw, text) => {
    expect(normalize(raw).text).toBe(text);
  });

  it.each([
    ['5 m', '5'],
    ['5m', '5m'],
    ['2h', '2h'],
    ['3 apples', '3 apples'],
    ['1,5', '1,5'],
    ['1,2345', '1,2345'],
  ])('keeps what is not a unit or separator: %j → %j', (raw, text) => {
    expect(normalize(raw).text).toBe(text);
  });

  it('reads a decimal comma only when allowed', () => {
    expect(normalize('1,5', { commas: 'thousands-or-decimal' }).text).toBe('1.5');
    expect(normalize('1,5', { commas: 'separator' }).text).toBe('1,5');
    expect(normalize('1,234', { commas: 'separator' }).text).toBe('1,234');
  });

  it('records a percent sign', () => {
    expect(normalize('50\\%')).toMatchObject({ text: '50', percent: true });
    expect(normalize('50')).toMatchObject({ text: '50', percent: false });
  });

  it('turns connectives into a list and flags them', () => {
    expect(normalize('2 \\text{ or } 3')).toMatchObject({ text: '2 , 3', connective: true });
    expect(normalize('2 or 3')).toMatchObject({ connective: true });
    expect(normalize('x = 2 \\lor x = 3')).toMatchObject({ connective: true });
    expect(normalize('23')).toMatchObject({ connective: false });
  });

  it('keeps prose inside text macros as prose', () => {
    expect(normalize('5 \\text{because it is}').prose).toEqual(['because it is']);
    expect(normalize('5 \\text{cm}').prose).toEqual([]);
  });
});
