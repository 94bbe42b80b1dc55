import { Random } from '../../core/random.js';
import * as C from './complex.js';
import type { Complex } from './complex.js';
import { evaluate, type Point } from './evaluate.js';
import { type Expression, ExpressionSyntaxError, freeVariables, hasDecimalLiteral, parseExpression } from './expression.js';
import { checkExpressionLimits } from './limits.js';
import { equalRationals, evaluateExact, type Rational } from './rational.js';

/** Which rule decided a comparison, reported as `details.method`. */
export type ScalarMethod =
  | 'exact-string'
  | 'exact-rational'
  | 'tolerance'
  | 'numeric'
  | 'random-points'
  | 'free-variable'
  | 'infinity'
  | 'unparseable'
  | 'undecided';

export interface ScalarComparison {
  equal: boolean;
  method: ScalarMethod | (string & {});
}

export interface ScalarOptions {
  /** Relative tolerance for values written with a decimal point and for floating-point checks. */
  tolerance: number;
  /** Evaluation points for expressions with free variables. */
  randomPoints: number;
  /** Seed of the evaluation points, so a verdict replays. */
  seed: string;
}

/** Below this, a floating-point difference is rounding noise (`\sin\pi` is 1.2e-16, not 0). */
const ABSOLUTE_FLOOR = 1e-12;
/** Random-point values pass through more operations, so their noise floor is higher. */
const POINT_ABSOLUTE_FLOOR = 1e-9;
const MINIMUM_VALID_POINTS = 3;
/** Relative tolerance between expressions written without decimals: floating-point noise only. */
const EXACT_TOLERANCE = 1e-10;

/**
 * Compares two single values in-process, without computer algebra: string identity, exact
 * rational arithmetic, tolerance for decimals, a floating-point value, then seeded random points
 * for free variables. Returns `undecided` (for the computer-algebra fallback) when the grammar
 * does not cover an input or every evaluation overflowed. Throws AbsurdAnswerError for inputs
 * that break the limits.
 */
export function compareScalars(expectedText: string, actualText: string, options: ScalarOptions): ScalarComparison {
  if (compact(expectedText) === compact(actualText)) return { equal: true, method: 'exact-string' };
  const expected = tryParse(expectedText);
  const actual = tryParse(actualText);
  if (!expected || !actual) return { equal: false, method: 'unparseable' };
  checkExpressionLimits(actual);
  checkExpressionLimits(expected);
  return compareExpressions(expected, actual, options);
}

export const compact = (text: string): string => text.replace(/\s+/g, '');

function tryParse(text: string): Expression | undefined {
  try {
    return parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError || error instanceof RangeError) return undefined;
    throw error;
  }
}

export function compareExpressions(expected: Expression, actual: Expression, options: ScalarOptions): ScalarComparison {
  const expectedVariables = freeVariables(expected);
  const actualVariables = freeVariables(actual);
  if (actualVariables.some((name) => !expectedVariables.includes(name))) return { equal: false, method: 'free-variable' };
  if (expectedVariables.length === 0 && actualVariables.length === 0) return compareConstants(expected, actual, options);
  return compareAtRandomPoints(expected, actual, expectedVariables, options);
}

function compareConstants(expected: Expression, actual: Expression, options: ScalarOptions): ScalarComparison {
  const exactExpected = evaluateExact(expected);
  const exactActual = exactExpected && evaluateExact(actual);
  if (exactExpected && exactActual) {
    if (equalRationals(exactExpected, exactActual)) return { equal: true, method: 'exact-rational' };
    if (!roundingAllowed(expected, exactExpected, actual)) return { equal: false, method: 'exact-rational' };
  }
  const approximate = hasDecimalLiteral(expected) || hasDecimalLiteral(actual);
  const expectedValue = evaluate(expected);
  const actualValue = evaluate(actual);
  if (C.isFinite(expectedValue) && C.isFinite(actualValue)) {
    const tolerance = effectiveTolerance(expected, actual, options);
    return { equal: closeEnough(expectedValue, actualValue, tolerance, ABSOLUTE_FLOOR), method: approximate ? 'tolerance' : 'numeric' };
  }
  if (mentionsInfinity(expected) && mentionsInfinity(actual)) {
    const same = expectedValue.re === actualValue.re && expectedValue.im === 0 && actualValue.im === 0;
    return { equal: same, method: 'infinity' };
  }
  return { equal: false, method: 'undecided' };
}

/**
 * The configured tolerance is for rounded values. When neither side is written with a decimal
 * point, only floating-point noise separates equal values, so the check is much tighter:
 * `\frac{355}{113}` is not π.
 */
function effectiveTolerance(expected: Expression, actual: Expression, options: ScalarOptions): number {
  return hasDecimalLiteral(expected) || hasDecimalLiteral(actual) ? options.tolerance : Math.min(options.tolerance, EXACT_TOLERANCE);
}

/**
 * Two exact values that differ may still match within tolerance when one is a rounding: the
 * ground truth is written as a decimal (it is itself rounded), or the answer is a decimal and
 * the ground truth has no finite decimal expansion (1/3 ≈ 0.333333). An answer of 2.0000001 for
 * a ground truth of 2 is wrong.
 */
function roundingAllowed(expected: Expression, expectedValue: Rational, actual: Expression): boolean {
  if (hasDecimalLiteral(expected)) return true;
  return hasDecimalLiteral(actual) && !hasFiniteDecimalExpansion(expectedValue);
}

function hasFiniteDecimalExpansion(value: Rational): boolean {
  let denominator = value.denominator;
  while (denominator % 2n === 0n) denominator /= 2n;
  while (denominator % 5n === 0n) denominator /= 5n;
  return denominator === 1n;
}

function compareAtRandomPoints(expected: Expression, actual: Expression, variables: string[], options: ScalarOptions): ScalarComparison {
  const random = new Random(`${options.seed}:${variables.join(',')}`);
  const tolerance = effectiveTolerance(expected, actual, options);
  let validPoints = 0;
  for (let attempt = 0; attempt < options.randomPoints * 2 && validPoints < options.randomPoints; attempt++) {
    const point = randomPoint(variables, random);
    const expectedValue = evaluate(expected, point);
    const actualValue = evaluate(actual, point);
    const expectedFinite = C.isFinite(expectedValue);
    if (expectedFinite !== C.isFinite(actualValue)) return { equal: false, method: 'random-points' };
    if (!expectedFinite) continue;
    if (!closeEnough(expectedValue, actualValue, tolerance, POINT_ABSOLUTE_FLOOR)) return { equal: false, method: 'random-points' };
    validPoints++;
  }
  return validPoints >= Math.min(MINIMUM_VALID_POINTS, options.randomPoints) ? { equal: true, method: 'random-points' } : { equal: false, method: 'undecided' };
}

/** Each variable uniform in ±[0.5, 2.5]: both signs (so `\sqrt{x^2}` ≠ `x`), away from the poles at 0. */
export function randomPoint(variables: readonly string[], random: Random): Point {
  return new Map(variables.map((name) => [name, (random.bool() ? 1 : -1) * (0.5 + 2 * random.next())]));
}

export function closeEnough(a: Complex, b: Complex, tolerance: number, absoluteFloor: number): boolean {
  const difference = Math.hypot(a.re - b.re, a.im - b.im);
  return difference <= tolerance * Math.max(C.magnitude(a), C.magnitude(b)) || difference <= absoluteFloor;
}

function mentionsInfinity(expression: Expression): boolean {
  if (expression.type === 'symbol') return expression.name === 'infinity';
  if (expression.type === 'negate') return mentionsInfinity(expression.operand);
  if (expression.type === 'binary') return mentionsInfinity(expression.left) || mentionsInfinity(expression.right);
  if (expression.type === 'call') return expression.args.some(mentionsInfinity);
  return false;
}

/**
 * Equations as rearrangements of each other: `y = 2x + 1` ≡ `y - 2x = 1` ≡ `2y = 4x + 2` when
 * (left − right) of one is a constant non-zero multiple of the other's at every random point.
 */
export function compareEquations(expected: [string, string], actual: [string, string], options: ScalarOptions): ScalarComparison {
  const parsed = [...expected, ...actual].map(tryParse);
  if (parsed.some((side) => side === undefined)) return { equal: false, method: 'unparseable' };
  const [expectedLeft, expectedRight, actualLeft, actualRight] = parsed as [Expression, Expression, Expression, Expression];
  parsed.forEach((side) => checkExpressionLimits(side!));
  const expectedDifference: Expression = { type: 'binary', operator: '-', left: expectedLeft, right: expectedRight };
  const actualDifference: Expression = { type: 'binary', operator: '-', left: actualLeft, right: actualRight };
  const variables = freeVariables(expectedDifference);
  if (freeVariables(actualDifference).some((name) => !variables.includes(name))) return { equal: false, method: 'free-variable' };
  const random = new Random(`${options.seed}:equation:${variables.join(',')}`);
  let ratio: Complex | undefined;
  let validPoints = 0;
  for (let attempt = 0; attempt < options.randomPoints * 2 && validPoints < options.randomPoints; attempt++) {
    const point = randomPoint(variables, random);
    const pointRatio = C.divide(evaluate(expectedDifference, point), evaluate(actualDifference, point));
    if (!C.isFinite(pointRatio)) continue;
    if (C.magnitude(pointRatio) < EXACT_TOLERANCE) return { equal: false, method: 'equation-rearranged' };
    if (ratio && !closeEnough(ratio, pointRatio, Math.max(EXACT_TOLERANCE, options.tolerance), 0)) return { equal: false, method: 'equation-rearranged' };
    ratio ??= pointRatio;
    validPoints++;
  }
  return { equal: validPoints >= Math.min(MINIMUM_VALID_POINTS, options.randomPoints), method: 'equation-rearranged' };
}
