import type { Problem } from '../core/problem.js';
import type { Random } from '../core/random.js';
import type { DifficultyKnob, TaskFamily } from '../core/task-family.js';
import { ANSWER_FORMAT, generatedProblem, generationRandom, parametersOf } from './generated-problem.js';
import { listAnswerConfig } from './list-answer-config.js';
import { integerKnob, knobNamed } from './knobs.js';
import { answerResponse, referenceSolution } from './reference-solution.js';

/** List operations, from single answers (max, min) to whole reorderings (sort, dedupe, unique-sort). */
const OPERATIONS = ['max', 'min', 'rev', 'sort', 'rsort', 'uniq', 'usort'] as const;
type Operation = (typeof OPERATIONS)[number];

const INSTRUCTIONS: Record<Operation, string> = {
  max: 'What is the largest number in the list',
  min: 'What is the smallest number in the list',
  rev: 'Reverse the list',
  sort: 'Sort the list in ascending order',
  rsort: 'Sort the list in descending order',
  uniq: 'Remove the duplicates from the list, keeping the first occurrence of each number in its place',
  usort: 'Sort the distinct numbers of the list in ascending order (each number once)',
};

const knobs: readonly DifficultyKnob[] = [
  { name: 'length', description: 'numbers in the list', atEasiest: 3, atHardest: 12 },
  { name: 'valueDigits', description: 'digits of the largest value', atEasiest: 1, atHardest: 3 },
  { name: 'operations', description: `how many of the operations ${OPERATIONS.join(', ')} may be asked`, atEasiest: 3, atHardest: OPERATIONS.length },
];

interface SortingParameters {
  operation: Operation;
  values: number[];
}

function randomValues(random: Random, length: number, maxValue: number, withDuplicates: boolean): number[] {
  const pool = withDuplicates ? Math.max(2, Math.ceil(length / 2)) : Infinity;
  const distinct: number[] = [];
  return Array.from({ length }, () => {
    if (distinct.length >= pool) return random.pick(distinct);
    const value = random.int(0, maxValue);
    distinct.push(value);
    return value;
  });
}

function generate(seed: number, difficulty: number): Problem {
  const random = generationRandom(sorting.name, seed, difficulty);
  const length = integerKnob(knobNamed(knobs, 'length'), difficulty, random);
  const maxValue = 10 ** integerKnob(knobNamed(knobs, 'valueDigits'), difficulty, random) - 1;
  const operation = OPERATIONS[random.int(0, integerKnob(knobNamed(knobs, 'operations'), difficulty, random) - 1)]!;
  const values = randomValues(random, length, maxValue, operation === 'uniq' || operation === 'usort');
  const answer = apply(operation, values);
  const isSingleNumber = operation === 'max' || operation === 'min';
  return generatedProblem({
    family: sorting.name,
    seed,
    difficulty,
    prompt: isSingleNumber
      ? `${INSTRUCTIONS[operation]}: ${values.join(', ')}? ${ANSWER_FORMAT}`
      : `${INSTRUCTIONS[operation]}: ${values.join(', ')}. Write the numbers separated by commas (e.g. 1,2,3). ${ANSWER_FORMAT}`,
    answer: answer.join(','),
    compactPrompt: `${operation}:${values.join(',')}>`,
    verifier: sorting.verifier,
    verifierConfig: listAnswerConfig(answer.map(String)),
    parameters: { operation, values } satisfies SortingParameters,
  });
}

function apply(operation: Operation, values: readonly number[]): number[] {
  const ascending = [...values].sort((a, b) => a - b);
  switch (operation) {
    case 'max':
      return [ascending.at(-1)!];
    case 'min':
      return [ascending[0]!];
    case 'rev':
      return [...values].reverse();
    case 'sort':
      return ascending;
    case 'rsort':
      return ascending.reverse();
    case 'uniq':
      return values.filter((value, index) => values.indexOf(value) === index);
    case 'usort':
      return ascending.filter((value, index) => index === 0 || ascending[index - 1] !== value);
  }
}

function solve(problem: Problem) {
  const { operation, values } = parametersOf<SortingParameters>(problem);
  return referenceSolution(apply(operation, values).join(','));
}

/** Two neighbours swapped, one element dropped, or a single answer off by one. */
function wrongResponse(problem: Problem, random: Random): string {
  const answer = solve(problem).answer.split(',').map(Number);
  if (answer.length === 1) return answerResponse(String(answer[0]! + 1));
  const distinctNeighbours = answer.flatMap((value, index) => (index > 0 && answer[index - 1] !== value ? [index] : []));
  if (distinctNeighbours.length > 0 && random.bool(0.5)) {
    const index = random.pick(distinctNeighbours);
    [answer[index - 1], answer[index]] = [answer[index]!, answer[index - 1]!];
  } else {
    answer.splice(random.int(0, answer.length - 1), 1);
  }
  return answerResponse(answer.join(','));
}

/** Characters to read plus characters to write, weighted by how much the operation reorders. */
function referenceMeasure(problem: Problem): number {
  const { operation, values } = parametersOf<SortingParameters>(problem);
  return values.join(',').length + OPERATIONS.indexOf(operation) + solve(problem).answer.length;
}

export const sorting: TaskFamily = {
  name: 'sorting',
  description: 'Sort, reverse, dedupe or take the min/max of a list of integers.',
  skill: 'lists',
  verifier: 'match',
  knobs,
  generate,
  solve,
  wrongResponse,
  referenceMeasure,
};
