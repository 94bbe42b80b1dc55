import { describe, expect, it } from 'vitest';
import { expandPlusMinus, hasPlusMinus } from './plus-minus.js';

describe('expandPlusMinus', () => {
  it.each([
    ['\\pm 2', ['+ 2', '- 2']],
    ['1 \\mp \\sqrt{2}', ['1 + \\sqrt{2}', '1 - \\sqrt{2}']],
    ['\\pm 1 \\pm i', ['+ 1 + i', '+ 1 - i', '- 1 + i', '- 1 - i']],
    ['5', ['5']],
  ])('%j → %j', (text, values) => {
    expect(expandPlusMinus(text)).toEqual(values);
  });

  it('does not mistake other commands for a sign', () => {
    expect(hasPlusMinus('\\pmod{3}')).toBe(false);
    expect(hasPlusMinus('x \\pm 1')).toBe(true);
  });
});
