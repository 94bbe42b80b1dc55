import type { Problem } from '../core/problem.js';
import type { Random } from '../core/random.js';
import type { DifficultyKnob, TaskFamily } from '../core/task-family.js';
import { ANSWER_FORMAT, generatedProblem, generationRandom, parametersOf } from './generated-problem.js';
import { integerKnob, knobNamed } from './knobs.js';
import { answerResponse, referenceSolution } from './reference-solution.js';

/** Modular sums, products, powers and inverses; the generator uses fast algorithms, the solver naive loops. */
const OPERATIONS = ['add', 'mul', 'pow', 'inv'] as const;
type Operation = (typeof OPERATIONS)[number];

const knobs: readonly DifficultyKnob[] = [
  { name: 'modulusDigits', description: 'digits of the modulus', atEasiest: 1, atHardest: 3 },
  { name: 'operandDigits', description: 'digits of the operands of sums and products', atEasiest: 1, atHardest: 4 },
  { name: 'maxExponent', description: 'largest exponent', atEasiest: 3, atHardest: 200 },
  { name: 'operations', description: `how many of the operations ${OPERATIONS.join(', ')} may be asked`, atEasiest: 2, atHardest: 4 },
];

interface ModularParameters {
  operation: Operation;
  /** The base or first operand. */
  a: number;
  /** The second operand or the exponent (absent for inverses). */
  b?: number;
  modulus: number;
}

const SYMBOLS: Record<Exclude<Operation, 'inv'>, string> = { add: '+', mul: '*', pow: '^' };

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let divisor = 2; divisor * divisor <= n; divisor++) if (n % divisor === 0) return false;
  return true;
}

function randomPrime(random: Random, lowest: number, highest: number): number {
  const primes = Array.from({ length: highest - lowest + 1 }, (_, index) => lowest + index).filter(isPrime);
  return random.pick(primes);
}

function modularPower(base: number, exponent: number, modulus: number): number {
  let result = 1n;
  let square = BigInt(base) % BigInt(modulus);
  for (let rest = exponent; rest > 0; rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) result = (result * square) % BigInt(modulus);
    square = (square * square) % BigInt(modulus);
  }
  return Number(result % BigInt(modulus));
}

/** Extended Euclid. */
function modularInverse(a: number, modulus: number): number {
  let [oldRemainder, remainder] = [a, modulus];
  let [oldCoefficient, coefficient] = [1, 0];
  while (remainder !== 0) {
    const quotient = Math.floor(oldRemainder / remainder);
    [oldRemainder, remainder] = [remainder, oldRemainder - quotient * remainder];
    [oldCoefficient, coefficient] = [coefficient, oldCoefficient - quotient * coefficient];
  }
  return ((oldCoefficient % modulus) + modulus) % modulus;
}

function fastAnswer({ operation, a, b, modulus }: ModularParameters): number {
  if (operation === 'add') return (a + b!) % modulus;
  if (operation === 'mul') return Number((BigInt(a) * BigInt(b!)) % BigInt(modulus));
  if (operation === 'pow') return modularPower(a, b!, modulus);
  return modularInverse(a, modulus);
}

function describe({ operation, a, b, modulus }: ModularParameters): { prompt: string; compact: string } {
  if (operation === 'inv') {
    return {
      prompt: `Find the inverse of ${a} modulo ${modulus}: the number x in 0..${modulus - 1} with ${a}·x ≡ 1 (mod ${modulus}).`,
      compact: `${a}^-1%${modulus}=`,
    };
  }
  const written = operation === 'pow' ? `${a}^${b}` : `${a} ${SYMBOLS[operation]} ${b}`;
  return { prompt: `Compute (${written}) mod ${modulus}, as a number in 0..${modulus - 1}.`, compact: `${a}${SYMBOLS[operation]}${b}%${modulus}=` };
}

function generate(seed: number, difficulty: number): Problem {
  const random = generationRandom(modular.name, seed, difficulty);
  const operation = OPERATIONS[random.int(0, integerKnob(knobNamed(knobs, 'operations'), difficulty, random) - 1)]!;
  const maxModulus = 10 ** integerKnob(knobNamed(knobs, 'modulusDigits'), difficulty, random) - 1;
  let parameters: ModularParameters;
  if (operation === 'inv') {
    const modulus = randomPrime(random, 5, Math.max(7, maxModulus));
    parameters = { operation, a: random.int(2, modulus - 1), modulus };
  } else if (operation === 'pow') {
    const modulus = random.int(5, Math.max(7, maxModulus));
    const exponent = random.int(2, Math.max(3, integerKnob(knobNamed(knobs, 'maxExponent'), difficulty, random)));
    parameters = { operation, a: random.int(2, Math.max(3, modulus - 1)), b: exponent, modulus };
  } else {
    const modulus = random.int(3, Math.max(7, maxModulus));
    const maxOperand = Math.max(modulus, 10 ** integerKnob(knobNamed(knobs, 'operandDigits'), difficulty, random) - 1);
    parameters = { operation, a: random.int(1, maxOperand), b: random.int(1, maxOperand), modulus };
  }
  const { prompt, compact } = describe(parameters);
  return generatedProblem({
    family: modular.name,
    seed,
    difficulty,
    prompt: `${prompt} ${ANSWER_FORMAT}`,
    answer: String(fastAnswer(parameters)),
    compactPrompt: compact,
    verifier: 'math',
    parameters: { ...parameters },
  });
}

/** Naive: repeated multiplication, and trial of every residue for inverses. */
function naiveAnswer({ operation, a, b, modulus }: ModularParameters): { answer: number; reasoning?: string } {
  if (operation === 'inv') {
    for (let x = 1; x < modulus; x++) if ((a * x) % modulus === 1) return { answer: x };
    throw new Error(`${a} has no inverse modulo ${modulus}`);
  }
  if (operation === 'pow') {
    const powers = [a % modulus];
    for (let step = 1; step < b!; step++) powers.push((powers.at(-1)! * a) % modulus);
    return { answer: powers.at(-1)!, ...(b! <= 12 ? { reasoning: powers.join(',') } : {}) };
  }
  const raw = operation === 'add' ? BigInt(a) + BigInt(b!) : BigInt(a) * BigInt(b!);
  const answer = Number(raw % BigInt(modulus));
  return { answer, ...(raw >= BigInt(modulus) ? { reasoning: `${a}${SYMBOLS[operation]}${b}=${raw},${raw}%${modulus}=${answer}` } : {}) };
}

function solve(problem: Problem) {
  const { answer, reasoning } = naiveAnswer(parametersOf<ModularParameters>(problem));
  return referenceSolution(String(answer), reasoning);
}

/** The unreduced value, or a residue off by one. */
function wrongResponse(problem: Problem, random: Random): string {
  const parameters = parametersOf<ModularParameters>(problem);
  const answer = Number(solve(problem).answer);
  const offByOne = (answer + 1) % parameters.modulus;
  return answerResponse(String(random.bool(0.5) ? offByOne : (answer + parameters.modulus - 1) % parameters.modulus));
}

/** Digits of the modulus and operands, plus the squarings a power needs. */
function referenceMeasure(problem: Problem): number {
  const { operation, a, b, modulus } = parametersOf<ModularParameters>(problem);
  const digits = (n: number) => String(n).length;
  const work = operation === 'pow' ? Math.log2(b!) + 2 : operation === 'inv' ? 2 * digits(modulus) : digits(b!);
  return digits(modulus) + digits(a) + work;
}

export const modular: TaskFamily = {
  name: 'modular',
  description: 'Modular arithmetic: sums, products, powers and inverses modulo m.',
  skill: 'arithmetic',
  verifier: 'math',
  knobs,
  generate,
  solve,
  wrongResponse,
  referenceMeasure,
};
