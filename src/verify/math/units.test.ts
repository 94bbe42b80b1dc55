import { describe, expect, it } from 'vitest';
import { isUnit, stripUnits } from './units.js';

describe('isUnit', () => {
  it.each([['cm'], ['km/h'], ['Dollars'], ['square units'], ['cm^2'], ['m^{3}']])('%j is a unit', (text) => {
    expect(isUnit(text)).toBe(true);
  });

  it.each([['x'], ['apples'], ['cm^4'], [''], ['because']])('%j is not a unit', (text) => {
    expect(isUnit(text)).toBe(false);
  });
});

describe('stripUnits', () => {
  it.each([
    ['\\$1,200', '1,200'],
    ['USD 15', '15'],
    ['€ 3.5', '3.5'],
    ['12 km/h', '12'],
    ['3/4 cups', '3/4 cups'],
    ['\\frac{1}{2} cm', '\\frac{1}{2}'],
    ['12 square units', '12'],
    ['3/4 cm', '3/4'],
    ['5 m', '5'],
    ['-2 degrees', '-2'],
  ])('%j → %j', (text, stripped) => {
    expect(stripUnits(text).text).toBe(stripped);
  });

  it.each([['5m'], ['2x cm'], ['x cm'], ['5 apples'], ['\\pi cm']])('leaves %j alone (no plain number or no unit)', (text) => {
    expect(stripUnits(text)).toEqual({ text, stripped: false });
  });
});
