import type { ComputeEngine } from '@cortex-js/compute-engine';
import { Random } from '../../core/random.js';
import * as C from './complex.js';
import type { Complex } from './complex.js';
import { closeEnough, randomPoint } from './compare-scalars.js';
import type { CasRequest, CasResponse } from './cas-protocol.js';

/** The package's own `BoxedExpression` type does not resolve from its entry point; derive it. */
type BoxedExpression = ReturnType<ComputeEngine['parse']>;

/**
 * The computer-algebra comparison, run inside a worker thread: symbolic equality by the compute
 * engine, then numeric values, then seeded random points for free variables. Anything the engine
 * cannot read leaves the comparison undecided (the verdict is then `wrong`).
 */
export function compareWithEngine(engine: ComputeEngine, request: CasRequest): CasResponse {
  const { id } = request;
  const expected = engine.parse(request.expected);
  const actual = engine.parse(request.actual);
  if (!expected.isValid || !actual.isValid) return { id, method: 'cas-unparseable' };
  if (actual.unknowns.some((name: string) => !expected.unknowns.includes(name))) return { id, equal: false, method: 'cas-free-variable' };
  if (expected.isEqual(actual) === true) return { id, equal: true, method: 'cas-symbolic' };
  if (expected.unknowns.length === 0) {
    const expectedValue = numericValue(expected.N());
    const actualValue = numericValue(actual.N());
    if (!expectedValue || !actualValue) return { id, method: 'cas-undecided' };
    return { id, equal: closeEnough(expectedValue, actualValue, request.tolerance, 1e-12), method: 'cas-numeric' };
  }
  return compareAtPoints(expected, actual, request);
}

function compareAtPoints(expected: BoxedExpression, actual: BoxedExpression, request: CasRequest): CasResponse {
  const variables = [...expected.unknowns];
  const random = new Random(`${request.seed}:${variables.join(',')}`);
  let validPoints = 0;
  for (let attempt = 0; attempt < request.randomPoints; attempt++) {
    const substitution = Object.fromEntries(randomPoint(variables, random));
    const expectedValue = numericValue(expected.subs(substitution).N());
    const actualValue = numericValue(actual.subs(substitution).N());
    if (!expectedValue || !actualValue) continue;
    if (!closeEnough(expectedValue, actualValue, request.tolerance, 1e-9)) return { id: request.id, equal: false, method: 'cas-random-points' };
    validPoints++;
  }
  return validPoints >= Math.min(3, request.randomPoints) ? { id: request.id, equal: true, method: 'cas-random-points' } : { id: request.id, method: 'cas-undecided' };
}

function numericValue(expression: BoxedExpression): Complex | undefined {
  if (!expression.isNumberLiteral) return undefined;
  const value = C.complex(expression.re, expression.im);
  return C.isFinite(value) ? value : undefined;
}
