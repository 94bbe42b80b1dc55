import { describe, expect, it } from 'vitest';
import { isEquivalent } from './is-equivalent.js';
import { normalize } from './normalize.js';
import { parseStructure } from './structure.js';

const options = { tolerance: 1e-6, randomPoints: 8, seed: 'test' };
const node = (latex: string) => parseStructure(normalize(latex, { commas: 'separator' }).text);
const compare = (expected: string, actual: string) => isEquivalent(node(expected), node(actual), options);

describe('isEquivalent', () => {
  it.each([
    ['\\{1,2\\}', '\\{2,1\\}', 'unordered'],
    ['\\{1,2\\}', '2, 1', 'unordered'],
    ['1, 2', '\\{2, 1\\}', 'unordered'],
    ['\\emptyset', '\\{\\}', 'unordered'],
    ['(1, 2)', '\\left(1, 2\\right)', 'sequence'],
    ['(1,2]', '(1, \\frac{4}{2}]', 'sequence'],
    ['(-\\infty, 3)', '(-\\infty, 3)', 'sequence'],
    ['(0,1)\\cup(2,3)', '(2,3)\\cup(0,1)', 'union'],
    ['\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', '\\begin{bmatrix}1&2\\\\3&\\frac{8}{2}\\end{bmatrix}', 'matrix'],
    ['x=1', '1', 'exact-string'],
    ['1', 'x=1', 'exact-string'],
    ['a<2', '2>a', 'relation'],
    ['y=2x+1', '2x+1=y', 'relation'],
    ['y=2x+1', 'y-2x=1', 'equation-rearranged'],
    ['x=2', '2x=4', 'equation-rearranged'],
    ['x^2+y^2=1', '1-x^2=y^2', 'equation-rearranged'],
    ['x \\geq 2', '2 \\leq x', 'relation'],
    ['x<3', '(-\\infty, 3)', 'sequence'],
    ['1 < x \\le 3', '(1, 3]', 'sequence'],
    ['\\text{Monday}', '\\textbf{monday}', 'text'],
  ])('%j ≡ %j (%s)', async (expected, actual, method) => {
    expect(await compare(expected, actual)).toEqual({ equal: true, method });
  });

  it.each([
    ['\\{1,2\\}', '\\{1,2,3\\}'],
    ['\\{1,2\\}', '\\{1,1\\}'],
    ['(1, 2)', '(2, 1)'],
    ['(1,2]', '[1,2]'],
    ['(1,2]', '(1,2)'],
    ['[1,2]', '\\{1,2\\}'],
    ['(0,1)\\cup(2,3)', '(0,3)'],
    ['\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', '\\begin{pmatrix}1&3\\\\2&4\\end{pmatrix}'],
    ['\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', '\\begin{pmatrix}1&2&3&4\\end{pmatrix}'],
    ['x=1', 'y=1'],
    ['x=1', 'x=2'],
    ['x=1', 'x^2=1'],
    ['y=2x+1', 'y=2x-1'],
    ['x=4', '4=4'],
    ['x=y', '0=0'],
    ['a<2', 'a\\le 2'],
    ['a<2', 'a>2'],
    ['x<3', '(-\\infty, 3]'],
    ['5', 'x<5'],
    ['5', '\\{5\\}'],
    ['5', '[4, 6]'],
    ['\\text{Monday}', '\\text{Tuesday}'],
    ['5', '\\text{five}'],
  ])('%j ≢ %j', async (expected, actual) => {
    expect((await compare(expected, actual)).equal).toBe(false);
  });

  it('asks the fallback only for what the in-process rules cannot decide', async () => {
    const asked: string[] = [];
    const fallback = async (expected: string, actual: string) => {
      asked.push(`${expected}|${actual}`);
      return { equal: true, method: 'fallback' };
    };
    const result = await isEquivalent(node('\\{12, 3\\}'), node('\\{3, \\operatorname{lcm}(4,6)\\}'), { ...options, fallback });
    expect(result.equal).toBe(true);
    expect(asked).toEqual(['12|\\operatorname{lcm}(4,6)']);
  });
});
