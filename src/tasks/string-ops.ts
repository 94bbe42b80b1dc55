import type { Problem } from '../core/problem.js';
import type { Random } from '../core/random.js';
import type { DifficultyKnob, TaskFamily } from '../core/task-family.js';
import { ANSWER_FORMAT, generatedProblem, generationRandom, parametersOf } from './generated-problem.js';
import { integerKnob, knobNamed } from './knobs.js';
import { answerResponse, referenceSolution } from './reference-solution.js';

/**
 * A chain of string operations applied in order: `rev,rot1:abc>` → `dcb`. Counting a letter can
 * only end a chain (its result is a number); no operation follows itself, upper-casing happens once,
 * and deleting vowels always deletes some but never all letters (an empty answer could not be given).
 */
type Operation = { kind: 'rev' } | { kind: 'up' } | { kind: 'nov' } | { kind: 'rot'; shift: number } | { kind: 'cnt'; letter: string };
type Kind = Operation['kind'];

/** In the order they become available as difficulty rises. */
const KINDS: readonly Kind[] = ['rev', 'up', 'rot', 'cnt', 'nov'];

const knobs: readonly DifficultyKnob[] = [
  { name: 'length', description: 'letters in the input string', atEasiest: 3, atHardest: 12 },
  { name: 'depth', description: 'operations chained', atEasiest: 1, atHardest: 3 },
  { name: 'operations', description: `how many of the operations ${KINDS.join(', ')} may be asked`, atEasiest: 2, atHardest: KINDS.length },
  { name: 'maxShift', description: 'largest Caesar shift', atEasiest: 1, atHardest: 13 },
];

interface StringOpsParameters {
  input: string;
  operations: Operation[];
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const VOWELS = /[aeiouAEIOU]/g;

function shiftLetter(char: string, shift: number): string {
  const lower = char.toLowerCase();
  const index = ALPHABET.indexOf(lower);
  if (index < 0) return char;
  const shifted = ALPHABET[(index + shift) % 26]!;
  return char === lower ? shifted : shifted.toUpperCase();
}

function applyOperation(text: string, operation: Operation): string {
  switch (operation.kind) {
    case 'rev':
      return [...text].reverse().join('');
    case 'up':
      return text.toUpperCase();
    case 'nov':
      return text.replace(VOWELS, '');
    case 'rot':
      return [...text].map((char) => shiftLetter(char, operation.shift)).join('');
    case 'cnt':
      return String([...text].filter((char) => char === operation.letter).length);
  }
}

function code(operation: Operation): string {
  if (operation.kind === 'rot') return `rot${operation.shift}`;
  if (operation.kind === 'cnt') return `cnt${operation.letter}`;
  return operation.kind;
}

function instruction(operation: Operation): string {
  switch (operation.kind) {
    case 'rev':
      return 'reverse it';
    case 'up':
      return 'convert it to upper case';
    case 'nov':
      return 'delete every vowel (a, e, i, o, u in either case)';
    case 'rot':
      return `shift every letter ${operation.shift} place${operation.shift > 1 ? 's' : ''} forward in the alphabet (Caesar cipher, z wraps to a, case kept)`;
    case 'cnt':
      return `count how many times the letter "${operation.letter}" occurs in it (case-sensitive) and answer with that number`;
  }
}

function randomOperations(random: Random, difficulty: number, input: string): Operation[] {
  const depth = integerKnob(knobNamed(knobs, 'depth'), difficulty, random);
  const available = KINDS.slice(0, integerKnob(knobNamed(knobs, 'operations'), difficulty, random));
  const maxShift = integerKnob(knobNamed(knobs, 'maxShift'), difficulty, random);
  const operations: Operation[] = [];
  let text = input;
  for (let step = 0; step < depth; step++) {
    const isLast = step === depth - 1;
    const kinds = available.filter(
      (kind) =>
        (kind !== 'cnt' || isLast) &&
        kind !== operations.at(-1)?.kind &&
        !(kind === 'up' && text !== text.toLowerCase()) &&
        !(kind === 'nov' && !/[aeiou]/i.test(text)) &&
        !(kind === 'nov' && /^[aeiou]*$/i.test(text)),
    );
    if (kinds.length === 0) break;
    const kind = random.pick(kinds);
    const operation: Operation =
      kind === 'rot' ? { kind, shift: random.int(1, maxShift) } : kind === 'cnt' ? { kind, letter: random.pick([...text]) } : { kind };
    operations.push(operation);
    text = applyOperation(text, operation);
  }
  return operations;
}

function randomWord(random: Random, length: number): string {
  return Array.from({ length }, () => random.pick([...ALPHABET])).join('');
}

function generate(seed: number, difficulty: number): Problem {
  const random = generationRandom(stringOps.name, seed, difficulty);
  const input = randomWord(random, integerKnob(knobNamed(knobs, 'length'), difficulty, random));
  const operations = randomOperations(random, difficulty, input);
  const steps = operations.map((operation, index) => `${index + 1}) ${instruction(operation)}`).join('; ');
  return generatedProblem({
    family: stringOps.name,
    seed,
    difficulty,
    prompt:
      `Start from the string "${input}" and apply, in order: ${steps}. ` +
      `Give the final result without quotes. ${ANSWER_FORMAT}`,
    answer: run({ input, operations }).at(-1)!,
    compactPrompt: `${operations.map(code).join(',')}:${input}>`,
    verifier: stringOps.verifier,
    verifierConfig: { mode: 'exact' },
    parameters: { input, operations } satisfies StringOpsParameters,
  });
}

/** The string after each operation. */
function run({ input, operations }: StringOpsParameters): string[] {
  const results: string[] = [];
  let text = input;
  for (const operation of operations) {
    text = applyOperation(text, operation);
    results.push(text);
  }
  return results;
}

function solve(problem: Problem) {
  const results = run(parametersOf<StringOpsParameters>(problem));
  const answer = results.at(-1)!;
  return referenceSolution(answer, results.length > 1 ? results.slice(0, -1).join(',') : undefined);
}

/** The chain with its last operation forgotten, or one character changed. */
function wrongResponse(problem: Problem, random: Random): string {
  const parameters = parametersOf<StringOpsParameters>(problem);
  const answer = solve(problem).answer;
  if (/^\d+$/.test(answer)) return answerResponse(String(Number(answer) + 1));
  const index = random.int(0, Math.max(0, answer.length - 1));
  const changed = answer.length === 0 ? parameters.input : answer.slice(0, index) + shiftLetter(answer[index]!, 1 + random.int(0, 24)) + answer.slice(index + 1);
  return answerResponse(changed);
}

/** Characters transformed, times the operations applied. */
function referenceMeasure(problem: Problem): number {
  const { input, operations } = parametersOf<StringOpsParameters>(problem);
  return input.length * operations.length + operations.filter((operation) => operation.kind === 'rot' || operation.kind === 'cnt').length;
}

export const stringOps: TaskFamily = {
  name: 'string-ops',
  description: 'Apply a chain of string operations: reverse, upper-case, Caesar shift, delete vowels, count a letter.',
  skill: 'strings',
  verifier: 'match',
  knobs,
  generate,
  solve,
  wrongResponse,
  referenceMeasure,
};
