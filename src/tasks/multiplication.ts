import type { Problem } from '../core/problem.js';
import type { Random } from '../core/random.js';
import type { DifficultyKnob, TaskFamily } from '../core/task-family.js';
import { ANSWER_FORMAT, generatedProblem, generationRandom, parametersOf } from './generated-problem.js';
import { integerKnob, knobNamed } from './knobs.js';
import { answerResponse, referenceSolution } from './reference-solution.js';

/** Long multiplication of two integers; the digit counts of both factors grow with difficulty. */
const knobs: readonly DifficultyKnob[] = [
  { name: 'multiplicandDigits', description: 'digits of the first factor', atEasiest: 1, atHardest: 6 },
  { name: 'multiplierDigits', description: 'digits of the second factor', atEasiest: 1, atHardest: 4 },
];

interface MultiplicationParameters {
  factors: [string, string];
}

function randomNumber(random: Random, digits: number): string {
  const lowest = digits === 1 ? 2 : 10 ** (digits - 1);
  return String(random.int(lowest, 10 ** digits - 1));
}

function generate(seed: number, difficulty: number): Problem {
  const random = generationRandom(multiplication.name, seed, difficulty);
  const multiplicandDigits = integerKnob(knobNamed(knobs, 'multiplicandDigits'), difficulty, random);
  const multiplierDigits = integerKnob(knobNamed(knobs, 'multiplierDigits'), difficulty, random);
  const factors: [string, string] = [randomNumber(random, multiplicandDigits), randomNumber(random, multiplierDigits)];
  return generatedProblem({
    family: multiplication.name,
    seed,
    difficulty,
    prompt: `Compute ${factors[0]} × ${factors[1]}. ${ANSWER_FORMAT}`,
    answer: product(factors).toString(),
    compactPrompt: `${factors[0]}*${factors[1]}=`,
    verifier: 'math',
    parameters: { factors } satisfies MultiplicationParameters,
  });
}

function product([multiplicand, multiplier]: [string, string]): bigint {
  return BigInt(multiplicand) * BigInt(multiplier);
}

/** One partial product per non-zero digit of the multiplier, then their sum: `12*4=48,12*30=360,48+360=408`. */
function partialProducts([multiplicand, multiplier]: [string, string]): string | undefined {
  const partials = [...multiplier]
    .reverse()
    .map((digit, place) => BigInt(digit) * 10n ** BigInt(place))
    .filter((part) => part !== 0n)
    .map((part) => ({ part, value: BigInt(multiplicand) * part }));
  if (partials.length <= 1 && multiplicand.length === 1) return undefined;
  const steps = partials.map(({ part, value }) => `${multiplicand}*${part}=${value}`);
  if (partials.length > 1) steps.push(`${partials.map(({ value }) => value).join('+')}=${product([multiplicand, multiplier])}`);
  return steps.join(',');
}

function solve(problem: Problem) {
  const { factors } = parametersOf<MultiplicationParameters>(problem);
  return referenceSolution(product(factors).toString(), partialProducts(factors));
}

/** A partial product dropped or shifted by one place, or a last-digit slip. */
function wrongResponse(problem: Problem, random: Random): string {
  const { factors } = parametersOf<MultiplicationParameters>(problem);
  const answer = product(factors);
  const slips = [answer + BigInt(factors[0]), answer - BigInt(factors[0]), answer + 1n, answer + 10n];
  return answerResponse(random.pick(slips).toString());
}

/** Digit products of the schoolbook method. */
function referenceMeasure(problem: Problem): number {
  const { factors } = parametersOf<MultiplicationParameters>(problem);
  return factors[0].length * factors[1].length;
}

export const multiplication: TaskFamily = {
  name: 'multiplication',
  description: 'Long multiplication of two multi-digit integers.',
  skill: 'arithmetic',
  verifier: 'math',
  knobs,
  generate,
  solve,
  wrongResponse,
  referenceMeasure,
};
