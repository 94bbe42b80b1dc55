import { describe, expect, it } from 'vitest';
import { parseStructure } from './structure.js';

describe('parseStructure', () => {
  it.each([
    ['42', 'scalar'],
    ['\\frac{1}{2}', 'scalar'],
    ['(x+1)', 'scalar'],
    ['1, 2', 'list'],
    ['\\{1, 2\\}', 'set'],
    ['\\emptyset', 'set'],
    ['(1, 2]', 'sequence'],
    ['[-\\infty, 3)', 'sequence'],
    ['(0,1) ∪ (2,3)', 'union'],
    ['x = 1', 'relation'],
    ['1 < x ≤ 3', 'relation'],
    ['\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', 'matrix'],
    ['\\text{blue}', 'text'],
    ['\\begin{vmatrix}1&2\\\\3&4\\end{vmatrix}', 'scalar'],
  ])('%j is a %s', (text, kind) => {
    expect(parseStructure(text).kind).toBe(kind);
  });

  it('turns > into < by swapping sides', () => {
    expect(parseStructure('2 > a')).toEqual({ kind: 'relation', operators: ['<'], parts: [{ kind: 'scalar', text: 'a' }, { kind: 'scalar', text: '2' }] });
  });

  it('keeps bracket kinds of intervals', () => {
    expect(parseStructure('(1, 2]')).toMatchObject({ open: '(', close: ']' });
  });

  it('reads matrix rows and cells', () => {
    const matrix = parseStructure('\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}');
    expect(matrix.kind === 'matrix' && matrix.rows.map((row) => row.length)).toEqual([2, 2]);
  });

  it('does not split commas nested in brackets', () => {
    expect(parseStructure('\\{(1,2), (3,4)\\}')).toMatchObject({ kind: 'set', items: [{ kind: 'sequence' }, { kind: 'sequence' }] });
  });

  it('reads mixed-direction chains as text, never as a relation', () => {
    expect(parseStructure('1 < x > 0').kind).toBe('text');
  });
});
