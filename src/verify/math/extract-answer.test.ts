import { describe, expect, it } from 'vitest';
import { boxedContents, extractAnswer } from './extract-answer.js';

describe('extractAnswer', () => {
  it.each([
    ['<answer>12</answer> then <answer>51</answer>', '51', 'answer-tag'],
    ['<answer>so \\boxed{7}</answer>', '7', 'answer-tag'],
    ['\\boxed{3} wins over <answer>', '3', 'boxed'],
    ['first \\boxed{1} then \\boxed{\\frac{1}{2}}', '\\frac{1}{2}', 'boxed'],
    ['\\fbox{x^{2}}', 'x^{2}', 'boxed'],
    ['\\boxed{\\boxed{5}}', '5', 'boxed'],
    ['\\boxed 5 done', '5', 'boxed'],
    ['We get 3. The final answer is $\\frac{3}{4}$. Done', '$\\frac{3}{4}$', 'answer-phrase'],
    ['Final answer: 3.25\nmore text', '3.25', 'answer-phrase'],
    ['so we have \\[ x = 4 \\] and also $y$ hmm $z+1$ end', 'z+1', 'math-block'],
    ['The value is \\(2\\pi\\) here', '2\\pi', 'math-block'],
    ['12+39=51', '51', 'final-number'],
    ['it comes to -3.5.', '-3.5', 'final-number'],
  ])('%j → %j by %s', (response, text, method) => {
    expect(extractAnswer(response)).toMatchObject({ text, method });
  });

  it.each([['no numbers here'], ['51 is a number but words follow'], ['\\boxed{unclosed'], ['']])('finds nothing in %j', (response) => {
    expect(extractAnswer(response)).toBeUndefined();
  });

  it('returns every boxed answer as a candidate, so disagreement can be detected', () => {
    expect(extractAnswer('\\boxed{2} or maybe \\boxed{3}')?.candidates).toEqual(['2', '3']);
  });
});

describe('boxedContents', () => {
  it('balances nested and escaped braces', () => {
    expect(boxedContents('\\boxed{\\frac{1}{\\sqrt{2}}} and \\boxed{\\{1\\}}')).toEqual(['\\frac{1}{\\sqrt{2}}', '\\{1\\}']);
  });

  it('skips a box that never closes', () => {
    expect(boxedContents('\\boxed{1 \\boxed{2}')).toEqual(['2']);
  });
});
