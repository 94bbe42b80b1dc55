import type { Problem } from '../core/problem.js';
import type { Random } from '../core/random.js';
import type { DifficultyKnob, TaskFamily } from '../core/task-family.js';
import { ANSWER_FORMAT, generatedProblem, generationRandom, parametersOf } from './generated-problem.js';
import { integerKnob, knobNamed, realKnob } from './knobs.js';
import { answerResponse, referenceSolution } from './reference-solution.js';

/**
 * Linear equations with an integer solution, from `x+3=7` through `3x+2=14` and `3x+2=5x-6` to
 * 2×2 systems (answered as the pair `(x,y)`). The solver searches integers rather than rearranging.
 */
const FORMS = ['shift', 'scale', 'both-sides', 'system'] as const;
type Form = (typeof FORMS)[number];

const knobs: readonly DifficultyKnob[] = [
  { name: 'form', description: `index of the hardest form asked among ${FORMS.join(', ')}`, atEasiest: 0, atHardest: FORMS.length - 1 },
  { name: 'maxCoefficient', description: 'largest coefficient', atEasiest: 5, atHardest: 20 },
  { name: 'maxSolution', description: 'largest |x|', atEasiest: 9, atHardest: 60 },
  { name: 'negativeShare', description: 'probability of negative solutions and coefficients', atEasiest: 0, atHardest: 0.5 },
];

/** Each equation is `left·x + leftConstant (+ leftY·y) = right·x + rightConstant`, in integers. */
interface Equation {
  x: number;
  y: number;
  constant: number;
  rightX: number;
  rightConstant: number;
}

interface LinearParameters {
  form: Form;
  equations: Equation[];
}

const SEARCH_LIMIT = 200;

function term(coefficient: number, variable: string, isFirst: boolean): string {
  if (coefficient === 0) return '';
  const sign = coefficient < 0 ? '-' : isFirst ? '' : '+';
  const size = Math.abs(coefficient);
  return `${sign}${size === 1 && variable ? '' : size}${variable}`;
}

function side(terms: [number, string][]): string {
  const written = terms.filter(([coefficient]) => coefficient !== 0);
  if (written.length === 0) return '0';
  return written.map(([coefficient, variable], index) => term(coefficient, variable, index === 0)).join('');
}

function format(equation: Equation): string {
  const left = side([[equation.x, 'x'], [equation.y, 'y'], [equation.constant, '']]);
  const right = side([[equation.rightX, 'x'], [equation.rightConstant, '']]);
  return `${left}=${right}`;
}

function spaced(equation: string): string {
  return equation.replace(/([=+]|(?<=[\dxy])-)/g, ' $1 ');
}

function signed(random: Random, size: number, negativeShare: number): number {
  return random.bool(negativeShare) ? -size : size;
}

function randomEquations(random: Random, form: Form, difficulty: number): Equation[] {
  const maxCoefficient = integerKnob(knobNamed(knobs, 'maxCoefficient'), difficulty, random);
  const maxSolution = integerKnob(knobNamed(knobs, 'maxSolution'), difficulty, random);
  const negativeShare = realKnob(knobNamed(knobs, 'negativeShare'), difficulty);
  const coefficient = () => signed(random, random.int(2, maxCoefficient), negativeShare);
  const constant = () => signed(random, random.int(1, maxSolution), negativeShare);
  const x = signed(random, random.int(form === 'shift' ? 0 : 1, maxSolution), negativeShare);
  if (form === 'shift' || form === 'scale') {
    const a = form === 'shift' ? 1 : coefficient();
    const b = constant();
    return [{ x: a, y: 0, constant: b, rightX: 0, rightConstant: a * x + b }];
  }
  if (form === 'both-sides') {
    const a = coefficient();
    let c = coefficient();
    while (c === a) c = coefficient();
    const b = constant();
    return [{ x: a, y: 0, constant: b, rightX: c, rightConstant: a * x + b - c * x }];
  }
  const y = signed(random, random.int(1, maxSolution), negativeShare);
  for (;;) {
    const [a, b, c, d] = [coefficient(), coefficient(), coefficient(), coefficient()].map((value) => (random.bool(0.3) ? Math.sign(value) : value));
    if (a! * d! - b! * c! === 0) continue;
    return [
      { x: a!, y: b!, constant: 0, rightX: 0, rightConstant: a! * x + b! * y },
      { x: c!, y: d!, constant: 0, rightX: 0, rightConstant: c! * x + d! * y },
    ];
  }
}

function generate(seed: number, difficulty: number): Problem {
  const random = generationRandom(linearEquation.name, seed, difficulty);
  const form = FORMS[random.int(0, integerKnob(knobNamed(knobs, 'form'), difficulty, random))]!;
  const equations = randomEquations(random, form, difficulty);
  const written = equations.map(format);
  const question =
    form === 'system'
      ? `Solve the system ${written.map(spaced).join(' and ')} for x and y. Give the pair (x, y).`
      : `Solve ${spaced(written[0]!)} for x.`;
  return generatedProblem({
    family: linearEquation.name,
    seed,
    difficulty,
    prompt: `${question} ${ANSWER_FORMAT}`,
    answer: answerOf({ form, equations }, searchSolution({ form, equations })),
    compactPrompt: `${written.join(';')}>`,
    verifier: 'math',
    parameters: { form, equations } satisfies LinearParameters,
  });
}

function answerOf({ form }: LinearParameters, { x, y }: { x: number; y: number }): string {
  return form === 'system' ? `(${x},${y})` : String(x);
}

function holds(equation: Equation, x: number, y: number): boolean {
  return equation.x * x + equation.y * y + equation.constant === equation.rightX * x + equation.rightConstant;
}

/** Brute force over integers: the generator guarantees an integer solution in range. */
function searchSolution({ form, equations }: LinearParameters): { x: number; y: number } {
  const ys = form === 'system' ? Array.from({ length: 2 * SEARCH_LIMIT + 1 }, (_, index) => index - SEARCH_LIMIT) : [0];
  for (let x = -SEARCH_LIMIT; x <= SEARCH_LIMIT; x++) {
    for (const y of ys) if (equations.every((equation) => holds(equation, x, y))) return { x, y };
  }
  throw new Error(`no integer solution within ±${SEARCH_LIMIT} for ${equations.map(format).join('; ')}`);
}

/** `3x=12,x=4`; both sides: `-2x=-8,x=4`; systems by Cramer's rule: `D=-3,Dx=-6,Dy=3,x=2,y=-1`. */
function reasoningFor({ form, equations }: LinearParameters, { x, y }: { x: number; y: number }): string | undefined {
  if (form === 'shift') return undefined;
  if (form === 'system') {
    const [first, second] = [equations[0]!, equations[1]!];
    const determinant = first.x * second.y - first.y * second.x;
    const determinantX = first.rightConstant * second.y - first.y * second.rightConstant;
    const determinantY = first.x * second.rightConstant - first.rightConstant * second.x;
    return `D=${determinant},Dx=${determinantX},Dy=${determinantY},x=${x},y=${y}`;
  }
  const equation = equations[0]!;
  const coefficient = equation.x - equation.rightX;
  return `${term(coefficient, 'x', true)}=${equation.rightConstant - equation.constant},x=${x}`;
}

function solve(problem: Problem) {
  const parameters = parametersOf<LinearParameters>(problem);
  const solution = searchSolution(parameters);
  return referenceSolution(answerOf(parameters, solution), reasoningFor(parameters, solution));
}

/** A sign slip, or the off-by-one of a careless division (in x; y is kept). */
function wrongResponse(problem: Problem, random: Random): string {
  const parameters = parametersOf<LinearParameters>(problem);
  const { x, y } = searchSolution(parameters);
  return answerResponse(answerOf(parameters, { x: x !== 0 && random.bool(0.5) ? -x : x + 1, y }));
}

/** Terms to move plus unknowns to eliminate, plus the size of the numbers. */
function referenceMeasure(problem: Problem): number {
  const { form, equations } = parametersOf<LinearParameters>(problem);
  const digits = equations.map(format).join('').replace(/\D/g, '').length;
  return 3 * FORMS.indexOf(form) + digits;
}

export const linearEquation: TaskFamily = {
  name: 'linear-equation',
  description: 'Solve a linear equation for x (a 2×2 system for (x, y) at the hardest).',
  skill: 'algebra',
  verifier: 'math',
  knobs,
  generate,
  solve,
  wrongResponse,
  referenceMeasure,
};
