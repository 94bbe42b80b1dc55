import { describe, expect, it } from 'vitest';
import type { Problem } from '../core/problem.js';
import { addition } from './addition.js';

function problemWith(operation: '+' | '-', operands: string[]): Problem {
  const problem = addition.generate(0, 0);
  return { ...problem, metadata: { ...problem.metadata, parameters: { operation, operands } } };
}

describe('addition', () => {
  it('is one digit plus one digit at difficulty 0, with the answer right after "="', () => {
    for (let seed = 0; seed < 40; seed++) {
      const problem = addition.generate(seed, 0);
      const prompt = String(problem.metadata['compactPrompt']);
      expect(prompt).toMatch(/^\d\+\d=$/);
      const [a, b] = prompt.slice(0, -1).split('+').map(Number);
      expect(problem.answer).toBe(String(a! + b!));
      expect(addition.solve(problem).response).toBe(`<answer>${problem.answer}</answer>`);
    }
  });

  it('steps through 2-, 3- and 4-digit operands as the difficulty rises', () => {
    const longestOperand = (difficulty: number, seed: number) =>
      Math.max(...String(addition.generate(seed, difficulty).metadata['compactPrompt']).split(/[+\-=]/).map((operand) => operand.length));
    for (const [difficulty, expected] of [[1 / 7, 2], [2 / 7, 3], [3 / 7, 4]] as const) {
      for (let seed = 0; seed < 20; seed++) expect(longestOperand(difficulty, seed)).toBe(expected);
    }
  });

  it('interpolates between integer sizes: difficulty 0.35 sits between 0.3 and 0.4', () => {
    const meanDigits = (difficulty: number) => {
      let total = 0;
      for (let seed = 0; seed < 300; seed++) {
        const operands = String(addition.generate(seed, difficulty).metadata['compactPrompt']).slice(0, -1).split(/[+-]/);
        total += operands.reduce((sum, operand) => sum + operand.length, 0) / operands.length;
      }
      return total / 300;
    };
    for (const difficulty of [0.3, 0.35, 0.4]) expect(meanDigits(difficulty)).toBeCloseTo(1 + 7 * difficulty, 0);
    expect(meanDigits(0.3)).toBeLessThan(meanDigits(0.35));
    expect(meanDigits(0.35)).toBeLessThan(meanDigits(0.4));
  });

  it('writes the column work units first, with carries and borrows', () => {
    expect(addition.solve(problemWith('+', ['12', '39']))).toEqual({
      response: '<think>2+9=11,1+3+1=5</think><answer>51</answer>',
      answer: '51',
      reasoning: '2+9=11,1+3+1=5',
    });
    expect(addition.solve(problemWith('-', ['52', '17'])).reasoning).toBe('12-7=5,5-1-1=3');
    expect(addition.solve(problemWith('+', ['905', '95'])).reasoning).toBe('5+5=10,0+9+1=10,9+1=10');
  });

  it('controls the carries of sums: few at difficulty 0.2, most at difficulty 1', () => {
    const carryShare = (difficulty: number) => {
      let carries = 0;
      let columns = 0;
      for (let seed = 0; seed < 200; seed++) {
        const problem = addition.generate(seed, difficulty);
        if (!String(problem.metadata['compactPrompt']).includes('+')) continue;
        const trace = addition.solve(problem).reasoning ?? '';
        const steps = trace.split(',').filter(Boolean);
        columns += steps.length;
        carries += steps.filter((step) => /=\d\d$/.test(step)).length;
      }
      return carries / columns;
    };
    const [few, most] = [carryShare(0.2), carryShare(1)];
    expect(few).toBeLessThan(0.4);
    expect(most).toBeGreaterThan(0.7);
  });
});
