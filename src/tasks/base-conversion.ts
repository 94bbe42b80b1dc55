import type { Problem } from '../core/problem.js';
import type { Random } from '../core/random.js';
import type { DifficultyKnob, TaskFamily } from '../core/task-family.js';
import { ANSWER_FORMAT, generatedProblem, generationRandom, parametersOf } from './generated-problem.js';
import { integerKnob, knobNamed } from './knobs.js';
import { answerResponse, referenceSolution } from './reference-solution.js';

/**
 * Converting integers between decimal and another base: `to2:13>` → `1101`, `from16:ff>` → `255`.
 * Conversions to binary, the first skill, come with the repeated-division trace.
 */
const CONVERSIONS = ['to2', 'from2', 'to16', 'from16', 'toN', 'fromN'] as const;
type Conversion = (typeof CONVERSIONS)[number];

const knobs: readonly DifficultyKnob[] = [
  { name: 'bits', description: 'bits of the largest value', atEasiest: 4, atHardest: 16 },
  { name: 'conversions', description: `how many of the conversions ${CONVERSIONS.join(', ')} may be asked`, atEasiest: 1, atHardest: CONVERSIONS.length },
];

interface BaseConversionParameters {
  value: number;
  base: number;
  /** True when the value is given in decimal and asked in `base`. */
  toBase: boolean;
}

const DIGITS = '0123456789abcdef';
const TRACE_MAX_DIGITS = 6;

function baseOf(conversion: Conversion, random: Random): number {
  if (conversion === 'to2' || conversion === 'from2') return 2;
  if (conversion === 'to16' || conversion === 'from16') return 16;
  return random.int(3, 9);
}

/** Repeated division, the schoolbook method; independent of Number.prototype.toString. */
function divisions(value: number, base: number): { digits: string; steps: string[] } {
  const steps: string[] = [];
  let digits = '';
  let rest = value;
  do {
    const quotient = Math.floor(rest / base);
    const remainder = rest - quotient * base;
    steps.push(`${rest}/${base}=${quotient}r${DIGITS[remainder]}`);
    digits = DIGITS[remainder] + digits;
    rest = quotient;
  } while (rest > 0);
  return { digits, steps };
}

/** Horner's rule. */
function valueOf(digits: string, base: number): number {
  return [...digits].reduce((value, digit) => value * base + DIGITS.indexOf(digit), 0);
}

function describe({ value, base, toBase }: BaseConversionParameters): { prompt: string; compact: string } {
  const name = base === 2 ? 'binary' : base === 16 ? 'hexadecimal' : `base ${base}`;
  const written = value.toString(base);
  if (toBase) {
    const digitsNote = base === 16 ? ' (digits 0-9 and a-f)' : '';
    return { prompt: `Write the decimal number ${value} in ${name}${digitsNote}, without a prefix.`, compact: `to${base}:${value}>` };
  }
  return { prompt: `The number ${written} is written in ${name}. What is it in decimal?`, compact: `from${base}:${written}>` };
}

function generate(seed: number, difficulty: number): Problem {
  const random = generationRandom(baseConversion.name, seed, difficulty);
  const conversion = CONVERSIONS[random.int(0, integerKnob(knobNamed(knobs, 'conversions'), difficulty, random) - 1)]!;
  const bits = integerKnob(knobNamed(knobs, 'bits'), difficulty, random);
  const value = random.int(2, 2 ** bits - 1);
  const parameters: BaseConversionParameters = { value, base: baseOf(conversion, random), toBase: conversion.startsWith('to') };
  const { prompt, compact } = describe(parameters);
  const answer = parameters.toBase ? value.toString(parameters.base) : String(value);
  return generatedProblem({
    family: baseConversion.name,
    seed,
    difficulty,
    prompt: `${prompt} ${ANSWER_FORMAT}`,
    answer,
    compactPrompt: compact,
    verifier: baseConversion.verifier,
    verifierConfig: answerConfig(answer, parameters),
    parameters: { ...parameters },
  });
}

/** Leading zeros and a 0b/0x prefix are accepted; hexadecimal digits in either case. */
function answerConfig(answer: string, { base, toBase }: BaseConversionParameters): Record<string, unknown> {
  if (!toBase) return { mode: 'exact' };
  const prefix = base === 2 ? '(?:0b)?' : base === 16 ? '(?:0x)?' : '';
  return { mode: 'regex', pattern: `${prefix}0*${answer}`, flags: base === 16 ? 'i' : '', timeoutMs: 1000 };
}

function solve(problem: Problem) {
  const { value, base, toBase } = parametersOf<BaseConversionParameters>(problem);
  if (!toBase) return referenceSolution(String(valueOf(value.toString(base), base)));
  const { digits, steps } = divisions(value, base);
  return referenceSolution(digits, digits.length <= TRACE_MAX_DIGITS ? steps.join(',') : undefined);
}

/** One digit wrong, or the digits reversed (the classic slip of repeated division). */
function wrongResponse(problem: Problem, random: Random): string {
  const { base, toBase } = parametersOf<BaseConversionParameters>(problem);
  const answer = solve(problem).answer;
  const reversed = [...answer].reverse().join('').replace(/^0+(?=.)/, '');
  if (toBase && reversed !== answer && random.bool(0.5)) return answerResponse(reversed);
  const index = random.int(0, answer.length - 1);
  const radix = toBase ? base : 10;
  const digit = DIGITS[(DIGITS.indexOf(answer[index]!) + 1 + (index === 0 ? 0 : random.int(0, radix - 2))) % radix]!;
  const changed = answer.slice(0, index) + (index === 0 && digit === '0' ? DIGITS[1] : digit) + answer.slice(index + 1);
  return answerResponse(changed === answer ? answer + '1' : changed);
}

/** Digits read plus digits written. */
function referenceMeasure(problem: Problem): number {
  const { value, base } = parametersOf<BaseConversionParameters>(problem);
  return String(value).length + value.toString(base).length;
}

export const baseConversion: TaskFamily = {
  name: 'base-conversion',
  description: 'Convert integers between decimal and binary, hexadecimal or another base.',
  skill: 'number-representation',
  verifier: 'match',
  knobs,
  generate,
  solve,
  wrongResponse,
  referenceMeasure,
};
