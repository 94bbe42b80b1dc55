import type { CodeTests, Problem } from '../core/problem.js';
import type { Random } from '../core/random.js';
import type { DifficultyKnob, TaskFamily } from '../core/task-family.js';
import { generatedProblem, generationRandom, parametersOf } from './generated-problem.js';
import { integerKnob, knobNamed, realKnob } from './knobs.js';

/**
 * Write a JavaScript function `f(xs)` for a described pipeline over an array of integers (map,
 * filter, reorder, slice, then maybe a reduction). Hidden tests are computed by interpreting the
 * pipeline in TypeScript; the reference solution is JavaScript source built from the same steps,
 * so the conformance test checks the two against each other through the real code verifier.
 */
type Step =
  /** `amount` is unused by square and abs. */
  | { kind: 'map'; operation: 'times' | 'plus' | 'minus' | 'square' | 'abs'; amount: number }
  /** `amount` is unused by even, odd and positive. */
  | { kind: 'filter'; predicate: 'even' | 'odd' | 'positive' | 'above' | 'below' | 'divisible'; amount: number }
  | { kind: 'reorder'; order: 'reverse' | 'ascending' | 'descending' }
  | { kind: 'slice'; part: 'first' | 'drop'; count: number }
  | { kind: 'reduce'; reduction: 'sum' | 'max' | 'min' | 'count' };

type StepKind = Step['kind'];

/** Step kinds in the order they become available as difficulty rises. */
const STEP_KINDS: readonly Exclude<StepKind, 'reduce'>[] = ['map', 'filter', 'reorder', 'slice'];

const knobs: readonly DifficultyKnob[] = [
  { name: 'steps', description: 'steps in the pipeline before any reduction', atEasiest: 1, atHardest: 4 },
  { name: 'stepKinds', description: `how many of the step kinds ${STEP_KINDS.join(', ')} may appear`, atEasiest: 2, atHardest: STEP_KINDS.length },
  { name: 'reduceShare', description: 'probability that the pipeline ends in a reduction to one number', atEasiest: 0, atHardest: 0.6 },
];

interface JsFunctionParameters {
  steps: Step[];
  /** Inputs of the hidden tests. */
  inputs: number[][];
}

const TEST_CASES = 8;
const MAX_TRIES = 200;
const EXAMPLE_INPUT = [3, -2, 8, 5, 0, 12, -7, 4];

function randomStep(random: Random, kinds: readonly Exclude<StepKind, 'reduce'>[]): Step {
  const kind = random.pick(kinds);
  switch (kind) {
    case 'map': {
      const operation = random.pick(['times', 'plus', 'minus', 'square', 'abs'] as const);
      return { kind, operation, amount: operation === 'square' || operation === 'abs' ? 0 : random.int(2, 9) };
    }
    case 'filter': {
      const predicate = random.pick(['even', 'odd', 'positive', 'above', 'below', 'divisible'] as const);
      const amount = predicate === 'divisible' ? random.int(2, 5) : predicate === 'above' || predicate === 'below' ? random.int(-5, 10) : 0;
      return { kind, predicate, amount };
    }
    case 'reorder':
      return { kind, order: random.pick(['reverse', 'ascending', 'descending'] as const) };
    case 'slice':
      return { kind, part: random.pick(['first', 'drop'] as const), count: random.int(1, 4) };
  }
}

function describeStep(step: Step): string {
  switch (step.kind) {
    case 'map':
      if (step.operation === 'square') return 'square every number';
      if (step.operation === 'abs') return 'replace every number by its absolute value';
      if (step.operation === 'times') return `multiply every number by ${step.amount}`;
      return step.operation === 'plus' ? `add ${step.amount} to every number` : `subtract ${step.amount} from every number`;
    case 'filter':
      if (step.predicate === 'even' || step.predicate === 'odd') return `keep only the ${step.predicate} numbers`;
      if (step.predicate === 'positive') return 'keep only the numbers greater than 0';
      if (step.predicate === 'divisible') return `keep only the numbers divisible by ${step.amount}`;
      return `keep only the numbers ${step.predicate === 'above' ? 'greater' : 'less'} than ${step.amount}`;
    case 'reorder':
      return step.order === 'reverse' ? 'reverse the order' : `sort in ${step.order} order`;
    case 'slice':
      return step.part === 'first' ? `keep only the first ${step.count} numbers (all of them if there are fewer)` : `drop the first ${step.count} numbers (leaving an empty array if there are fewer)`;
    case 'reduce':
      if (step.reduction === 'count') return 'return how many numbers remain';
      if (step.reduction === 'sum') return 'return their sum (0 for an empty array)';
      return `return the ${step.reduction === 'max' ? 'largest' : 'smallest'} number (null for an empty array)`;
  }
}

/** The pipeline interpreted directly (the hidden tests' source of truth). */
function interpret(steps: readonly Step[], input: readonly number[]): number[] | number | null {
  let values = [...input];
  for (const step of steps) {
    switch (step.kind) {
      case 'map':
        values = values.map((x) =>
          step.operation === 'square' ? x * x : step.operation === 'abs' ? Math.abs(x) : step.operation === 'times' ? x * step.amount : step.operation === 'plus' ? x + step.amount : x - step.amount,
        );
        break;
      case 'filter':
        values = values.filter((x) => {
          switch (step.predicate) {
            case 'even':
              return x % 2 === 0;
            case 'odd':
              return Math.abs(x % 2) === 1;
            case 'positive':
              return x > 0;
            case 'above':
              return x > step.amount;
            case 'below':
              return x < step.amount;
            case 'divisible':
              return x % step.amount === 0;
          }
        });
        break;
      case 'reorder':
        if (step.order === 'reverse') values.reverse();
        else values.sort((a, b) => (step.order === 'ascending' ? a - b : b - a));
        break;
      case 'slice':
        values = step.part === 'first' ? values.slice(0, step.count) : values.slice(step.count);
        break;
      case 'reduce':
        if (step.reduction === 'count') return values.length;
        if (step.reduction === 'sum') return values.reduce((sum, x) => sum + x, 0);
        if (values.length === 0) return null;
        return step.reduction === 'max' ? Math.max(...values) : Math.min(...values);
    }
  }
  return values;
}

/** The reference solution: the pipeline written as JavaScript array methods. */
function stepCode(step: Step): string {
  switch (step.kind) {
    case 'map':
      if (step.operation === 'square') return '.map((x) => x * x)';
      if (step.operation === 'abs') return '.map((x) => Math.abs(x))';
      return `.map((x) => x ${{ times: '*', plus: '+', minus: '-' }[step.operation]} ${step.amount})`;
    case 'filter': {
      const test = {
        even: 'x % 2 === 0',
        odd: 'x % 2 !== 0',
        positive: 'x > 0',
        above: `x > ${step.amount}`,
        below: `x < ${step.amount}`,
        divisible: `x % ${step.amount} === 0`,
      }[step.predicate];
      return `.filter((x) => ${test})`;
    }
    case 'reorder':
      return step.order === 'reverse' ? '.reverse()' : `.sort((a, b) => ${step.order === 'ascending' ? 'a - b' : 'b - a'})`;
    case 'slice':
      return step.part === 'first' ? `.slice(0, ${step.count})` : `.slice(${step.count})`;
    case 'reduce':
      throw new Error('reductions are written by referenceProgram');
  }
}

function referenceProgram(steps: readonly Step[]): string {
  const last = steps.at(-1);
  const chain = steps.filter((step) => step.kind !== 'reduce').map(stepCode).join('');
  const lines = [`function f(xs) {`, `  const values = [...xs]${chain};`];
  if (last?.kind === 'reduce') {
    const returned = {
      count: 'values.length',
      sum: 'values.reduce((sum, x) => sum + x, 0)',
      max: 'values.length === 0 ? null : Math.max(...values)',
      min: 'values.length === 0 ? null : Math.min(...values)',
    }[last.reduction];
    lines.push(`  return ${returned};`);
  } else {
    lines.push('  return values;');
  }
  lines.push('}');
  return lines.join('\n');
}

function randomSteps(random: Random, difficulty: number): Step[] {
  const count = integerKnob(knobNamed(knobs, 'steps'), difficulty, random);
  const kinds = STEP_KINDS.slice(0, integerKnob(knobNamed(knobs, 'stepKinds'), difficulty, random));
  const steps = Array.from({ length: count }, () => randomStep(random, kinds));
  if (random.bool(realKnob(knobNamed(knobs, 'reduceShare'), difficulty))) {
    steps.push({ kind: 'reduce', reduction: random.pick(['sum', 'max', 'min', 'count'] as const) });
  }
  return steps;
}

function testInputs(random: Random): number[][] {
  const inputs = [[], [7], EXAMPLE_INPUT];
  while (inputs.length < TEST_CASES) inputs.push(Array.from({ length: random.int(2, 10) }, () => random.int(-9, 20)));
  return inputs;
}

function outputsOn(steps: readonly Step[], inputs: readonly number[][]): string {
  return JSON.stringify(inputs.map((input) => interpret(steps, input)));
}

/**
 * Every step must change what the tests see (no `sort` before `rsort`, no filter that empties
 * everything) and the outputs must vary, so the tests pin the described function down.
 */
function isInformative(steps: readonly Step[], inputs: readonly number[][]): boolean {
  const outputs = inputs.map((input) => JSON.stringify(interpret(steps, input)));
  if (new Set(outputs.slice(1)).size < 3) return false;
  const expected = outputsOn(steps, inputs);
  return steps.every((_, index) => outputsOn(steps.filter((__, other) => other !== index), inputs) !== expected);
}

/**
 * Hidden tests: asserts (run by the code verifier as statements with a Node-like `assert`) that
 * compare JSON texts, exact for arrays of integers and null, plus one that the argument is left
 * unmodified. Comparing texts keeps the check independent of the sandbox's deep equality.
 */
function hiddenTests({ steps, inputs }: JsFunctionParameters): CodeTests {
  const json = (value: unknown) => JSON.stringify(value);
  const example = json(EXAMPLE_INPUT);
  return {
    language: 'javascript',
    asserts: [
      ...inputs.map((input) => `assert.strictEqual(JSON.stringify(f(${json(input)})), ${json(json(interpret(steps, input)))});`),
      `const xs = ${example}; f(xs); assert.strictEqual(JSON.stringify(xs), ${json(example)});`,
    ],
    timeoutMs: 2000,
  };
}

function generate(seed: number, difficulty: number): Problem {
  const random = generationRandom(jsFunction.name, seed, difficulty);
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const steps = randomSteps(random, difficulty);
    const inputs = testInputs(random);
    if (isInformative(steps, inputs)) return problemFor(seed, difficulty, { steps, inputs });
  }
  throw new Error(`js-function: no informative pipeline for seed ${seed} at difficulty ${difficulty} after ${MAX_TRIES} tries`);
}

function problemFor(seed: number, difficulty: number, parameters: JsFunctionParameters): Problem {
  const { steps } = parameters;
  const description = steps.map(describeStep).join(', then ');
  const returns = steps.at(-1)?.kind === 'reduce' ? '' : ', then return the resulting array';
  return generatedProblem({
    family: jsFunction.name,
    seed,
    difficulty,
    prompt:
      `Write a JavaScript function \`f(xs)\` that takes an array of integers and does the following: ${description}${returns}. ` +
      `It must not modify its argument. For example, f(${JSON.stringify(EXAMPLE_INPUT)}) returns ${JSON.stringify(interpret(steps, EXAMPLE_INPUT))}. ` +
      'Reply with the complete function in a ```javascript code block.',
    answer: referenceProgram(steps),
    compactPrompt: `js:${steps.map(compactStep).join('|')}>`,
    verifier: 'code',
    tests: hiddenTests(parameters),
    parameters: { ...parameters },
  });
}

function compactStep(step: Step): string {
  switch (step.kind) {
    case 'map':
      return { times: `*${step.amount}`, plus: `+${step.amount}`, minus: `-${step.amount}`, square: 'sq', abs: 'abs' }[step.operation];
    case 'filter':
      return { above: `>${step.amount}`, below: `<${step.amount}`, divisible: `%${step.amount}`, even: 'even', odd: 'odd', positive: 'pos' }[step.predicate];
    case 'reorder':
      return { reverse: 'rev', ascending: 'sort', descending: 'rsort' }[step.order];
    case 'slice':
      return `${step.part === 'first' ? 'take' : 'drop'}${step.count}`;
    case 'reduce':
      return step.reduction;
  }
}

function solve(problem: Problem) {
  const program = referenceProgram(parametersOf<JsFunctionParameters>(problem).steps);
  return { response: `\`\`\`javascript\n${program}\n\`\`\``, answer: program };
}

/** A plausible slip that the tests catch: a step left out, or the last step changed. */
function wrongResponse(problem: Problem, random: Random): string {
  const { steps, inputs } = parametersOf<JsFunctionParameters>(problem);
  const expected = outputsOn(steps, inputs);
  const slips = random.shuffle(steps.map((_, index) => steps.filter((__, other) => other !== index)));
  slips.push([...steps.slice(0, -1), flipped(steps.at(-1)!)]);
  const caught = slips.find((slip) => outputsOn(slip, inputs) !== expected) ?? [];
  return `\`\`\`javascript\n${referenceProgram(caught)}\n\`\`\``;
}

/** The step turned into a different step of the same kind. */
function flipped(step: Step): Step {
  switch (step.kind) {
    case 'map':
      return step.operation === 'square' || step.operation === 'abs' ? { kind: 'map', operation: 'times', amount: 3 } : { ...step, amount: step.amount + 1 };
    case 'filter':
      if (step.predicate === 'even' || step.predicate === 'odd') return { ...step, predicate: step.predicate === 'even' ? 'odd' : 'even' };
      return step.predicate === 'positive' ? { ...step, predicate: 'above', amount: 1 } : { ...step, amount: step.amount + 1 };
    case 'reorder':
      return { kind: 'reorder', order: step.order === 'ascending' ? 'descending' : 'ascending' };
    case 'slice':
      return { ...step, count: step.count + 1 };
    case 'reduce':
      return { kind: 'reduce', reduction: step.reduction === 'sum' ? 'count' : 'sum' };
  }
}

/** Steps in the pipeline, weighted by how much each one changes the data. */
function referenceMeasure(problem: Problem): number {
  const { steps } = parametersOf<JsFunctionParameters>(problem);
  const weights: Record<StepKind, number> = { map: 1, filter: 1, reorder: 1.5, slice: 1.5, reduce: 1 };
  return steps.reduce((sum, step) => sum + weights[step.kind], 0);
}

export const jsFunction: TaskFamily = {
  name: 'js-function',
  description: 'Write a JavaScript function for a described array pipeline; checked by hidden tests.',
  skill: 'code',
  verifier: 'code',
  knobs,
  generate,
  solve,
  wrongResponse,
  referenceMeasure,
};
