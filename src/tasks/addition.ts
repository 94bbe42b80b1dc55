import type { Problem } from '../core/problem.js';
import type { Random } from '../core/random.js';
import type { DifficultyKnob, TaskFamily } from '../core/task-family.js';
import { ANSWER_FORMAT, generatedProblem, generationRandom, parametersOf } from './generated-problem.js';
import { integerKnob, knobNamed, realKnob } from './knobs.js';
import { answerResponse, referenceSolution } from './reference-solution.js';

/**
 * Multi-digit addition and subtraction with a controlled share of carries (borrows). At difficulty
 * 0 it is one digit plus one digit; the digit count then steps through 2, 3, 4… digits.
 */
const knobs: readonly DifficultyKnob[] = [
  { name: 'digits', description: 'digits of each operand', atEasiest: 1, atHardest: 8 },
  { name: 'operands', description: 'numbers added (subtraction always has two)', atEasiest: 2, atHardest: 3 },
  { name: 'carryDensity', description: 'probability that a column carries or borrows', atEasiest: 0.2, atHardest: 0.8 },
  { name: 'subtractionShare', description: 'probability of a subtraction instead of a sum', atEasiest: 0, atHardest: 0.4 },
];

interface AdditionParameters {
  operation: '+' | '-';
  operands: string[];
}

const MAX_COLUMN_TRIES = 30;

function digitCount(random: Random, difficulty: number): number {
  return Math.max(1, integerKnob(knobNamed(knobs, 'digits'), difficulty, random));
}

/** Digits least significant first; a multi-digit number never starts with 0. */
function randomDigit(random: Random, isLeading: boolean): number {
  return random.int(isLeading ? 1 : 0, 9);
}

/** Operands built column by column so that each column carries with the wanted probability. */
function sumOperands(random: Random, lengths: number[], carryDensity: number): string[] {
  const width = Math.max(...lengths);
  const digits: number[][] = lengths.map(() => []);
  let carry = 0;
  for (let column = 0; column < width; column++) {
    const wantCarry = random.bool(carryDensity);
    let columnDigits: number[] = [];
    for (let attempt = 0; attempt < MAX_COLUMN_TRIES; attempt++) {
      columnDigits = lengths.map((length) =>
        column < length ? randomDigit(random, length > 1 && column === length - 1) : 0,
      );
      const total = columnDigits.reduce((sum, digit) => sum + digit, carry);
      if (total >= 10 === wantCarry) break;
    }
    columnDigits.forEach((digit, operand) => {
      if (column < lengths[operand]!) digits[operand]!.push(digit);
    });
    carry = Math.floor(columnDigits.reduce((sum, digit) => sum + digit, carry) / 10);
  }
  return digits.map((number) => number.reverse().join(''));
}

/** Minuend and subtrahend (minuend longest, no borrow out of the top) with the wanted borrows. */
function differenceOperands(random: Random, lengths: [number, number], borrowDensity: number): string[] {
  const [minuendLength, subtrahendLength] = lengths[0] >= lengths[1] ? lengths : [lengths[1], lengths[0]];
  const minuend: number[] = [];
  const subtrahend: number[] = [];
  let borrow = 0;
  for (let column = 0; column < minuendLength; column++) {
    const isTop = column === minuendLength - 1;
    const wantBorrow = !isTop && random.bool(borrowDensity);
    let top = 0;
    let bottom = 0;
    for (let attempt = 0; attempt < MAX_COLUMN_TRIES; attempt++) {
      top = randomDigit(random, minuendLength > 1 && isTop);
      bottom = column < subtrahendLength ? randomDigit(random, subtrahendLength > 1 && column === subtrahendLength - 1) : 0;
      const borrows = top - bottom - borrow < 0;
      if (isTop ? !borrows : borrows === wantBorrow) break;
    }
    if (isTop && top - bottom - borrow < 0) {
      top = Math.min(9, bottom + borrow);
      bottom = top - borrow;
    }
    minuend.push(top);
    if (column < subtrahendLength) subtrahend.push(bottom);
    borrow = top - bottom - borrow < 0 ? 1 : 0;
  }
  return [minuend.reverse().join(''), subtrahend.reverse().join('')];
}

function generate(seed: number, difficulty: number): Problem {
  const random = generationRandom(addition.name, seed, difficulty);
  const density = realKnob(knobNamed(knobs, 'carryDensity'), difficulty);
  const operation = random.bool(realKnob(knobNamed(knobs, 'subtractionShare'), difficulty)) ? '-' : '+';
  const count = operation === '-' ? 2 : integerKnob(knobNamed(knobs, 'operands'), difficulty, random);
  const lengths = Array.from({ length: count }, () => digitCount(random, difficulty));
  const operands =
    operation === '-' ? differenceOperands(random, [lengths[0]!, lengths[1]!], density) : sumOperands(random, lengths, density);
  const expression = operands.join(operation);
  const answer = evaluate({ operation, operands }).toString();
  return generatedProblem({
    family: addition.name,
    seed,
    difficulty,
    prompt: `Compute ${operands.join(` ${operation} `)}. ${ANSWER_FORMAT}`,
    answer,
    compactPrompt: `${expression}=`,
    verifier: 'math',
    parameters: { operation, operands } satisfies AdditionParameters,
  });
}

function evaluate({ operation, operands }: AdditionParameters): bigint {
  const values = operands.map((operand) => BigInt(operand));
  return operation === '+' ? values.reduce((sum, value) => sum + value, 0n) : values[0]! - values[1]!;
}

interface ColumnWork {
  /** `2+9=11,1+3+1=5` for 12+39; `12-7=5,5-1-1=3` for 52-17 (units first). */
  trace: string;
  carries: number;
}

/** The schoolbook column work from the units up. */
function columnWork({ operation, operands }: AdditionParameters): ColumnWork {
  const width = Math.max(...operands.map((operand) => operand.length));
  const digitAt = (operand: string, column: number) =>
    column < operand.length ? Number(operand[operand.length - 1 - column]) : undefined;
  const steps: string[] = [];
  let carries = 0;
  let carry = 0;
  for (let column = 0; column < width; column++) {
    if (operation === '+') {
      const present = operands.map((operand) => digitAt(operand, column)).filter((digit) => digit !== undefined);
      const terms = carry ? [...present, carry] : present;
      const total = terms.reduce((sum, digit) => sum + digit, 0);
      steps.push(`${terms.join('+')}=${total}`);
      carry = Math.floor(total / 10);
    } else {
      const top = digitAt(operands[0]!, column)!;
      const bottom = digitAt(operands[1]!, column) ?? 0;
      const borrows = top - bottom - carry < 0;
      const lead = borrows ? top + 10 : top;
      steps.push(`${lead}-${bottom}${carry ? '-1' : ''}=${lead - bottom - carry}`);
      carry = borrows ? 1 : 0;
    }
    carries += carry;
  }
  return { trace: steps.join(','), carries };
}

function solve(problem: Problem) {
  const parameters = parametersOf<AdditionParameters>(problem);
  const answer = evaluate(parameters).toString();
  const isSingleColumn = parameters.operands.every((operand) => operand.length === 1);
  return referenceSolution(answer, isSingleColumn ? undefined : columnWork(parameters).trace);
}

/** A slip in one column: the answer off by a power of ten (a dropped or extra carry), or by one. */
function wrongResponse(problem: Problem, random: Random): string {
  const answer = BigInt(solve(problem).answer);
  const places = answer.toString().replace('-', '').length;
  const slip = random.bool(0.5) ? 1n : 10n ** BigInt(random.int(0, places - 1));
  return answerResponse((random.bool(0.5) ? answer + slip : answer - slip).toString());
}

/** Digits to process plus carries to propagate. */
function referenceMeasure(problem: Problem): number {
  const parameters = parametersOf<AdditionParameters>(problem);
  const digits = parameters.operands.reduce((sum, operand) => sum + operand.length, 0);
  return digits + columnWork(parameters).carries;
}

export const addition: TaskFamily = {
  name: 'addition',
  description: 'Multi-digit addition and subtraction with carries and borrows.',
  skill: 'arithmetic',
  verifier: 'math',
  knobs,
  generate,
  solve,
  wrongResponse,
  referenceMeasure,
};
