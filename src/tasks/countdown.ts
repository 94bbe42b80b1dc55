import type { Problem } from '../core/problem.js';
import type { Random } from '../core/random.js';
import type { DifficultyKnob, TaskFamily } from '../core/task-family.js';
import { ANSWER_FORMAT, generatedProblem, generationRandom, parametersOf } from './generated-problem.js';
import { integerKnob, knobNamed, realKnob } from './knobs.js';
import { answerResponse, referenceSolution } from './reference-solution.js';

/**
 * Countdown: reach a target from given numbers with + - * / (each number at most once). Any valid
 * expression is right, so answers go to the `countdown` verifier (see countdown-verifier.ts) with
 * `{numbers, target}` as its config. Classic rules inside the generator and solver: intermediate
 * results stay positive integers.
 */
const knobs: readonly DifficultyKnob[] = [
  { name: 'numbers', description: 'numbers given', atEasiest: 3, atHardest: 6 },
  { name: 'largeShare', description: 'probability that a given number is one of 25, 50, 75, 100', atEasiest: 0, atHardest: 0.35 },
  { name: 'maxTarget', description: 'largest target', atEasiest: 30, atHardest: 999 },
  { name: 'minSteps', description: 'fewest operations any solution needs', atEasiest: 1, atHardest: 3 },
];

const LARGE_NUMBERS = [25, 50, 75, 100];
const MAX_GENERATION_TRIES = 200;

interface CountdownParameters {
  numbers: number[];
  target: number;
  /** Operations in the shortest solution. */
  steps: number;
}

/** A value with the expression that makes it, and its top operator (for parentheses). */
interface Term {
  value: number;
  expression: string;
  operator?: string;
}

interface Step {
  left: Term;
  operator: string;
  right: Term;
  result: Term;
}

/** The classic rules: no negatives, no fractions, no useless multiplication or division by one. */
function apply(left: Term, operator: string, right: Term): Term | undefined {
  let value: number;
  if (operator === '+') value = left.value + right.value;
  else if (operator === '-') value = left.value - right.value;
  else if (operator === '*') value = right.value > 1 ? left.value * right.value : 0;
  else value = right.value > 1 && left.value % right.value === 0 ? left.value / right.value : 0;
  if (value <= 0) return undefined;
  const isSum = (term: Term) => term.operator === '+' || term.operator === '-';
  const wrapLeft = (operator === '*' || operator === '/') && isSum(left);
  const wrapRight = (operator === '-' && isSum(right)) || (operator === '*' && isSum(right)) || (operator === '/' && right.operator !== undefined);
  const show = (term: Term, wrap: boolean) => (wrap ? `(${term.expression})` : term.expression);
  return { value, expression: `${show(left, wrapLeft)}${operator}${show(right, wrapRight)}`, operator };
}

const OPERATORS = ['+', '-', '*', '/'];

function randomNumbers(random: Random, count: number, largeShare: number): number[] {
  return Array.from({ length: count }, () => (random.bool(largeShare) ? random.pick(LARGE_NUMBERS) : random.int(1, 10)));
}

/** Combines a random subset of the numbers with random legal operations. */
function randomExpression(random: Random, numbers: readonly number[]): { result: Term; steps: number } | undefined {
  const used = random.int(Math.min(2, numbers.length), numbers.length);
  const pool: Term[] = random.shuffle(numbers.map((value) => ({ value, expression: String(value) }))).slice(0, used);
  let steps = 0;
  while (pool.length > 1) {
    const left = pool.splice(random.int(0, pool.length - 1), 1)[0]!;
    const right = pool.splice(random.int(0, pool.length - 1), 1)[0]!;
    const [big, small] = left.value >= right.value ? [left, right] : [right, left];
    const candidates = OPERATORS.map((operator) => apply(big, operator, small)).filter((term) => term !== undefined);
    if (candidates.length === 0) return undefined;
    pool.push(random.pick(candidates));
    steps++;
  }
  return { result: pool[0]!, steps };
}

function generate(seed: number, difficulty: number): Problem {
  const random = generationRandom(countdown.name, seed, difficulty);
  const count = integerKnob(knobNamed(knobs, 'numbers'), difficulty, random);
  const largeShare = realKnob(knobNamed(knobs, 'largeShare'), difficulty);
  const maxTarget = Math.round(realKnob(knobNamed(knobs, 'maxTarget'), difficulty));
  const minSteps = Math.min(count - 1, integerKnob(knobNamed(knobs, 'minSteps'), difficulty, random));
  for (let attempt = 0; attempt < MAX_GENERATION_TRIES; attempt++) {
    const numbers = randomNumbers(random, count, largeShare);
    const made = randomExpression(random, numbers);
    if (!made || made.steps === 0) continue;
    const target = made.result.value;
    if (target < 10 || target > maxTarget || numbers.includes(target)) continue;
    const steps = findSolution(numbers, target).length;
    if (steps < minSteps) continue;
    return generatedProblem({
      family: countdown.name,
      seed,
      difficulty,
      prompt:
        `Using the numbers ${numbers.join(', ')}, make ${target}. You may use +, -, * and / and parentheses, ` +
        `and each number at most once (you need not use them all). Write the expression, e.g. (1+2)*3. ${ANSWER_FORMAT}`,
      answer: made.result.expression,
      compactPrompt: `cd:${numbers.join(',')}=${target}>`,
      verifier: countdown.verifier,
      verifierConfig: { numbers, target },
      parameters: { numbers, target, steps } satisfies CountdownParameters,
    });
  }
  throw new Error(`countdown: no target found for seed ${seed} at difficulty ${difficulty} after ${MAX_GENERATION_TRIES} tries`);
}

/**
 * Depth-first search over pairs of the remaining terms within a budget of steps, skipping
 * (values, budget) states already explored.
 */
function search(pool: Term[], target: number, budget: number, steps: Step[], explored: Set<string>): boolean {
  if (budget === 0) return false;
  const key = `${budget}:${pool
    .map((term) => term.value)
    .sort((a, b) => a - b)
    .join(',')}`;
  if (explored.has(key)) return false;
  explored.add(key);
  for (let i = 0; i < pool.length; i++) {
    for (let j = 0; j < pool.length; j++) {
      if (i === j) continue;
      const [left, right] = [pool[i]!, pool[j]!];
      if (left.value < right.value || (left.value === right.value && i > j)) continue;
      for (const operator of OPERATORS) {
        const result = apply(left, operator, right);
        if (!result) continue;
        steps.push({ left, operator, right, result });
        if (result.value === target) return true;
        const rest = pool.filter((_, index) => index !== i && index !== j);
        if (search([...rest, result], target, budget - 1, steps, explored)) return true;
        steps.pop();
      }
    }
  }
  return false;
}

/** A solution with the fewest steps, by iterative deepening: independent of how the target was made. */
function findSolution(numbers: readonly number[], target: number): Step[] {
  const pool = numbers.map((value) => ({ value, expression: String(value) }));
  for (let budget = 1; budget < numbers.length; budget++) {
    const steps: Step[] = [];
    if (search(pool, target, budget, steps, new Set())) return steps;
  }
  throw new Error(`countdown: ${target} is unreachable from ${numbers.join(', ')}`);
}

function solve(problem: Problem) {
  const { numbers, target } = parametersOf<CountdownParameters>(problem);
  const steps = findSolution(numbers, target);
  const reasoning = steps.map(({ left, operator, right, result }) => `${left.value}${operator}${right.value}=${result.value}`).join(',');
  return referenceSolution(steps.at(-1)!.result.expression, reasoning);
}

/** A near miss: a valid-looking expression whose value is one more than the target, or double it. */
function wrongResponse(problem: Problem, random: Random): string {
  const { answer } = solve(problem);
  return answerResponse(random.bool(0.5) ? `${answer}+1` : `(${answer})*2`);
}

function referenceMeasure(problem: Problem): number {
  const { numbers, steps } = parametersOf<CountdownParameters>(problem);
  return numbers.length + steps;
}

export const countdown: TaskFamily = {
  name: 'countdown',
  description: 'Reach a target number from given numbers with + - * / and parentheses.',
  skill: 'search',
  verifier: 'countdown',
  knobs,
  generate,
  solve,
  wrongResponse,
  referenceMeasure,
};
