import type { Problem, ProblemSource } from '../core/problem.js';

export const PROBLEM_SOURCES: readonly ProblemSource[] = ['seed', 'generated', 'imported', 'proposed'];

/** What is wrong with a problem, by field, or undefined when it is fine. */
export interface ProblemIssue {
  field: string;
  message: string;
}

/** Checks the shape the store relies on; the first issue found is returned. */
export function findProblemIssue(problem: Problem): ProblemIssue | undefined {
  if (typeof problem !== 'object' || problem === null) return { field: '(record)', message: 'expected an object' };
  if (!isNonEmptyString(problem.id)) return { field: 'id', message: `expected a non-empty string, received ${describe(problem.id)}` };
  if (!isNonEmptyString(problem.family)) return { field: 'family', message: `expected a non-empty string, received ${describe(problem.family)}` };
  if (!isNonEmptyString(problem.prompt) || problem.prompt.trim() === '') {
    return { field: 'prompt', message: `expected a non-empty string, received ${describe(problem.prompt)}` };
  }
  if (problem.answer !== undefined && typeof problem.answer !== 'string') {
    return { field: 'answer', message: `expected a string, received ${describe(problem.answer)}` };
  }
  if (problem.tests !== undefined && !isPlainObject(problem.tests)) {
    return { field: 'tests', message: `expected an object, received ${describe(problem.tests)}` };
  }
  if (!isNonEmptyString(problem.verifier)) return { field: 'verifier', message: `expected a verifier name, received ${describe(problem.verifier)}` };
  if (problem.verifierConfig !== undefined && !isPlainObject(problem.verifierConfig)) {
    return { field: 'verifierConfig', message: `expected an object, received ${describe(problem.verifierConfig)}` };
  }
  if (typeof problem.difficulty !== 'number' || !(problem.difficulty >= 0 && problem.difficulty <= 1)) {
    return { field: 'difficulty', message: `expected a number in [0, 1], received ${describe(problem.difficulty)}` };
  }
  if (!PROBLEM_SOURCES.includes(problem.source)) {
    return { field: 'source', message: `expected one of ${PROBLEM_SOURCES.join(', ')}, received ${describe(problem.source)}` };
  }
  if (problem.parents !== undefined && !(Array.isArray(problem.parents) && problem.parents.every(isNonEmptyString))) {
    return { field: 'parents', message: `expected an array of problem ids, received ${describe(problem.parents)}` };
  }
  if (!isPlainObject(problem.metadata)) return { field: 'metadata', message: `expected an object, received ${describe(problem.metadata)}` };
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** A short rendering of a received value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
