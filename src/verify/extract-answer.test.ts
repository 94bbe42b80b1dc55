import { describe, expect, it } from 'vitest';
import { extractAnswer, lastBoxed } from './extract-answer.js';

describe('extractAnswer', () => {
  it('prefers the last <answer> block over \\boxed{} over the whole response', () => {
    expect(extractAnswer('\\boxed{1} <answer> 2 </answer> <answer>3</answer>')).toEqual({ text: '3', source: 'answer-tag' });
    expect(extractAnswer('\\boxed{1} and \\boxed{2}')).toEqual({ text: '2', source: 'boxed' });
    expect(extractAnswer('  plain \n')).toEqual({ text: 'plain', source: 'response' });
  });

  it('balances nested braces and skips an unclosed last box', () => {
    expect(lastBoxed('\\boxed{\\frac{1}{2}}')).toBe('\\frac{1}{2}');
    expect(lastBoxed('\\boxed{a} then \\boxed{b')).toBe('a');
    expect(lastBoxed('\\fbox{x\\}y}')).toBe('x\\}y');
    expect(lastBoxed('\\boxed{')).toBeUndefined();
  });

  it('ignores an unclosed answer tag', () => {
    expect(extractAnswer('<answer>1</answer><answer>2')).toEqual({ text: '1', source: 'answer-tag' });
  });
});
