import type { Problem } from '../core/problem.js';
import { ANSWER_FORMAT } from '../tasks/generated-problem.js';
import { getFamily } from '../tasks/registry.js';

/** A proposal recognised as an instance of a procedural family, with the parameters its solver reads. */
export interface StructuredStatement {
  family: string;
  prompt: string;
  compactPrompt: string;
  parameters: Record<string, unknown>;
}

const NUMBER = '(0|[1-9][0-9]{0,17})';
const SUM = new RegExp(`^${NUMBER}(?:\\+${NUMBER}){1,2}=$`);
const DIFFERENCE = new RegExp(`^${NUMBER}-${NUMBER}=$`);
const PRODUCT = new RegExp(`^${NUMBER}\\*${NUMBER}=$`);

/**
 * Recognises statements in a family's compact form (`12+39=`, `52-17=`, `123*45=`) so the
 * family's own reference solver can check the proposed answer, and the problem gets the family's
 * natural-language prompt (which also makes exact duplicates of generated problems visible).
 * Statements of other shapes return undefined; their answers are checked by solver agreement.
 */
export function recognizeStatement(statement: string): StructuredStatement | undefined {
  const compact = statement.replace(/\s+/g, '');
  if (SUM.test(compact)) {
    const operands = compact.slice(0, -1).split('+');
    return { family: 'addition', prompt: `Compute ${operands.join(' + ')}. ${ANSWER_FORMAT}`, compactPrompt: compact, parameters: { operation: '+', operands } };
  }
  if (DIFFERENCE.test(compact)) {
    const operands = compact.slice(0, -1).split('-');
    return { family: 'addition', prompt: `Compute ${operands.join(' - ')}. ${ANSWER_FORMAT}`, compactPrompt: compact, parameters: { operation: '-', operands } };
  }
  if (PRODUCT.test(compact)) {
    const factors = compact.slice(0, -1).split('*');
    return { family: 'multiplication', prompt: `Compute ${factors.join(' × ')}. ${ANSWER_FORMAT}`, compactPrompt: compact, parameters: { factors } };
  }
  return undefined;
}

/** The family's reference answer to a recognised problem. */
export function familyAnswer(problem: Problem): string {
  return getFamily(problem.family).solve(problem).answer;
}
