import { describe, expect, it } from 'vitest';
import { parseProposal, parseProposals } from './parse-proposal.js';

describe('parseProposal', () => {
  it('reads a JSON object in a fence, the last fence winning, numbers as answers', () => {
    const text = 'Draft:\n```json\n{"statement": "old", "answer": 1}\n```\nFinal:\n```json\n{"statement": "What is 6*7?", "answer": 42}\n```';
    expect(parseProposal(text)).toEqual({ proposal: { statement: 'What is 6*7?', answer: '42' } });
  });

  it('reads the compact tagged form', () => {
    expect(parseProposal('<problem>12+39=</problem><answer>51</answer>')).toEqual({ proposal: { statement: '12+39=', answer: '51' } });
    expect(parseProposal('<problem>p</problem><tests>{"language":"python","cases":[{"input":"","output":"1"}]}</tests><solution>print(1)</solution>')).toMatchObject({
      proposal: { statement: 'p', solution: 'print(1)', tests: { language: 'python' } },
    });
  });

  it.each([
    ['', /empty/],
    ['just words', /no JSON object/],
    ['{"statement": "x", "answer": 1', /no JSON object|malformed/],
    ['{"answer": "1"}', /statement/],
    ['{"statement": "x"}', /neither "answer" nor "tests"/],
    ['{"statement": "x", "tests": {"language": "python", "cases": [{"input": "", "output": "1"}]}}', /needs a reference "solution"/],
    ['{"statement": "x", "tests": {"language": "python"}, "solution": "print(1)"}', /no cases and no asserts/],
    ['<problem>12+39=</problem><answer>51', /<answer> is not closed/],
    ['<problem>a</problem><problem>b</problem><answer>1</answer>', /appears 2 times/],
    ['<problem>p</problem><tests>{oops}</tests><solution>x</solution>', /<tests> is not valid JSON/],
  ])('rejects %j naming what is wrong', (text, message) => {
    const parsed = parseProposal(text);
    expect('error' in parsed && parsed.error).toMatch(message);
  });
});

describe('parseProposals', () => {
  it('reads a JSON array and several tagged blocks, each entry on its own', () => {
    const array = parseProposals('```json\n[{"statement": "a", "answer": "1"}, {"statement": "b"}]\n```');
    expect(array).toHaveLength(2);
    expect(array[0]).toEqual({ proposal: { statement: 'a', answer: '1' } });
    expect('error' in array[1]!).toBe(true);
    expect(parseProposals('<problem>1+1=</problem><answer>2</answer>\n<problem>2+2=</problem><answer>4</answer>').map((entry) => 'proposal' in entry)).toEqual([true, true]);
  });
});
