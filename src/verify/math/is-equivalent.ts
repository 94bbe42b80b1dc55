import { compact, compareEquations, compareScalars, type ScalarComparison, type ScalarOptions } from './compare-scalars.js';
import type { AnswerNode, RelationOperator } from './structure.js';

export interface Equivalence {
  equal: boolean;
  /** The rule that decided, e.g. `exact-rational`, `random-points`, `set`, `structure-mismatch`. */
  method: string;
}

/** Decides what the in-process rules leave `undecided` or `unparseable` (the computer-algebra worker). */
export type ScalarFallback = (expected: string, actual: string) => Promise<ScalarComparison>;

export interface EquivalenceOptions extends ScalarOptions {
  fallback?: ScalarFallback;
}

/**
 * Structural equivalence of a ground truth and an answer: sets and unordered lists match in any
 * order, tuples, intervals and matrices position by position (bracket kinds must agree),
 * relations side by side after turning `>` into `<`. Scalars go to compareScalars, then the
 * fallback.
 */
export async function isEquivalent(expected: AnswerNode, actual: AnswerNode, options: EquivalenceOptions): Promise<Equivalence> {
  if (expected.kind === 'scalar' && actual.kind === 'scalar') return compareScalarTexts(expected.text, actual.text, options);
  if (expected.kind === 'text' || actual.kind === 'text') {
    const equal = expected.kind === 'text' && actual.kind === 'text' && compact(expected.text) === compact(actual.text);
    return { equal, method: 'text' };
  }
  if (isUnordered(expected) && isUnordered(actual)) return compareUnordered(expected.items, actual.items, options, 'unordered');
  if (expected.kind === 'union' && actual.kind === 'union') return compareUnordered(expected.items, actual.items, options, 'union');
  if (expected.kind === 'sequence' && actual.kind === 'sequence') {
    if (expected.open !== actual.open || expected.close !== actual.close) return { equal: false, method: 'brackets' };
    return compareOrdered(expected.items, actual.items, options, 'sequence');
  }
  if (expected.kind === 'matrix' && actual.kind === 'matrix') {
    if (expected.rows.length !== actual.rows.length || expected.rows.some((row, index) => row.length !== actual.rows[index]!.length)) {
      return { equal: false, method: 'matrix-shape' };
    }
    return compareOrdered(expected.rows.flat(), actual.rows.flat(), options, 'matrix');
  }
  if (expected.kind === 'relation' && actual.kind === 'relation') return compareRelations(expected, actual, options);
  const expectedValue = assignedValue(expected);
  if (expectedValue) return isEquivalent(expectedValue, actual, options);
  const actualValue = assignedValue(actual);
  if (actualValue) return isEquivalent(expected, actualValue, options);
  const expectedInterval = relationAsInterval(expected);
  if (expectedInterval) return isEquivalent(expectedInterval, actual, options);
  const actualInterval = relationAsInterval(actual);
  if (actualInterval) return isEquivalent(expected, actualInterval, options);
  return { equal: false, method: 'structure-mismatch' };
}

async function compareScalarTexts(expected: string, actual: string, options: EquivalenceOptions): Promise<Equivalence> {
  const result = compareScalars(expected, actual, options);
  if ((result.method === 'undecided' || result.method === 'unparseable') && options.fallback) return options.fallback(expected, actual);
  return result;
}

const isUnordered = (node: AnswerNode): node is Extract<AnswerNode, { kind: 'set' | 'list' }> => node.kind === 'set' || node.kind === 'list';

async function compareOrdered(expected: AnswerNode[], actual: AnswerNode[], options: EquivalenceOptions, method: string): Promise<Equivalence> {
  if (expected.length !== actual.length) return { equal: false, method: `${method}-length` };
  for (let index = 0; index < expected.length; index++) {
    const item = await isEquivalent(expected[index]!, actual[index]!, options);
    if (!item.equal) return { equal: false, method: `${method}:${item.method}` };
  }
  return { equal: true, method };
}

/** Every expected item is matched by a distinct answer item (equality is transitive, so greedy suffices). */
async function compareUnordered(expected: AnswerNode[], actual: AnswerNode[], options: EquivalenceOptions, method: string): Promise<Equivalence> {
  if (expected.length !== actual.length) return { equal: false, method: `${method}-size` };
  const unmatched = [...actual];
  for (const item of expected) {
    let found = -1;
    for (let index = 0; index < unmatched.length && found < 0; index++) {
      if ((await isEquivalent(item, unmatched[index]!, options)).equal) found = index;
    }
    if (found < 0) return { equal: false, method };
    unmatched.splice(found, 1);
  }
  return { equal: true, method };
}

type Relation = Extract<AnswerNode, { kind: 'relation' }>;

/** Same operators and sides; `=` and `≠` are symmetric, so `1 = x` matches `x = 1`. */
async function compareRelations(expected: Relation, actual: Relation, options: EquivalenceOptions): Promise<Equivalence> {
  if (expected.operators.join() !== actual.operators.join()) return { equal: false, method: 'relation-operator' };
  const sideBySide = await compareOrdered(expected.parts, actual.parts, options, 'relation');
  if (sideBySide.equal || !isSymmetric(expected.operators)) return sideBySide;
  const swapped = await compareOrdered(expected.parts, [...actual.parts].reverse(), options, 'relation');
  if (swapped.equal || expected.operators[0] !== '=') return swapped;
  const expectedSides = scalarSides(expected);
  const actualSides = scalarSides(actual);
  return expectedSides && actualSides ? compareEquations(expectedSides, actualSides, options) : swapped;
}

function scalarSides(relation: Relation): [string, string] | undefined {
  const [left, right] = relation.parts as [AnswerNode, AnswerNode];
  return left.kind === 'scalar' && right.kind === 'scalar' ? [left.text, right.text] : undefined;
}

const isSymmetric = (operators: RelationOperator[]): boolean => operators.length === 1 && (operators[0] === '=' || operators[0] === '≠');

/** `x = 5` (or `5 = x`) read as its value 5: a single variable on one side only, one `=`. */
function assignedValue(node: AnswerNode): AnswerNode | undefined {
  if (node.kind !== 'relation' || node.operators.length !== 1 || node.operators[0] !== '=') return undefined;
  const [left, right] = node.parts as [AnswerNode, AnswerNode];
  if (isVariable(left) === isVariable(right)) return undefined;
  return isVariable(left) ? right : left;
}

const isVariable = (node: AnswerNode): boolean => node.kind === 'scalar' && /^(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?\w+\}?)?$/.test(node.text) && node.text !== '\\pi' && node.text !== 'e' && node.text !== 'i';

const INFINITY: AnswerNode = { kind: 'scalar', text: '\\infty' };
const MINUS_INFINITY: AnswerNode = { kind: 'scalar', text: '-\\infty' };

/** `x < 3` ≡ `(-\infty, 3)`, `2 \le x < 5` ≡ `[2, 5)`. */
function relationAsInterval(node: AnswerNode): AnswerNode | undefined {
  if (node.kind !== 'relation' || node.operators.some((operator) => operator !== '<' && operator !== '≤')) return undefined;
  const bracket = (operator: RelationOperator, side: 'open' | 'close') => (operator === '<' ? (side === 'open' ? '(' : ')') : side === 'open' ? '[' : ']');
  if (node.parts.length === 3 && isVariable(node.parts[1]!)) {
    const [low, , high] = node.parts as [AnswerNode, AnswerNode, AnswerNode];
    return { kind: 'sequence', open: bracket(node.operators[0]!, 'open') as '(' | '[', close: bracket(node.operators[1]!, 'close') as ')' | ']', items: [low, high] };
  }
  if (node.parts.length !== 2) return undefined;
  const [left, right] = node.parts as [AnswerNode, AnswerNode];
  const operator = node.operators[0]!;
  if (isVariable(left)) return { kind: 'sequence', open: '(', close: bracket(operator, 'close') as ')' | ']', items: [MINUS_INFINITY, right] };
  if (isVariable(right)) return { kind: 'sequence', open: bracket(operator, 'open') as '(' | '[', close: ')', items: [left, INFINITY] };
  return undefined;
}
