import type { Problem } from '../core/problem.js';
import type { TaskFamily } from '../core/task-family.js';
import type { CharTokenizer } from '../policy/embedded/tokenizer.js';

/**
 * The embedded model's view of a problem: BOS, then the family's compact prompt (`12+39=`),
 * never the natural-language one. Problems without a compact prompt cannot train the embedded model.
 */
export function compactPromptTokens(problem: Problem, tokenizer: CharTokenizer): number[] {
  const compact = problem.metadata['compactPrompt'];
  if (typeof compact !== 'string' || compact.length === 0) {
    throw new Error(`problem ${problem.id} has no metadata.compactPrompt; only procedural families can train the embedded model`);
  }
  return [tokenizer.special.bos, ...tokenizer.encode(compact)];
}

/** The answer the compact model should give: `metadata.compactAnswer` when the family set one. */
export function compactAnswer(problem: Problem, family: TaskFamily): string {
  const override = problem.metadata['compactAnswer'];
  return typeof override === 'string' ? override : family.solve(problem).answer;
}

/**
 * How the supervised completion is written before `<answer>…</answer>` and EOS:
 * - `answer`: nothing, the answer alone (shortest);
 * - `reasoning`: the family's own `<think>` trace (its reference solution);
 * - `reversed`: `<think>` holding the answer's digits least significant first. Small transformers
 *   learn arithmetic far faster when they produce digits in the order carries flow (Lee et al.
 *   2023, "Teaching Arithmetic to Small Transformers", arXiv:2307.03381); the answer then only
 *   copies them back in reading order.
 */
export type TargetStyle = 'answer' | 'reasoning' | 'reversed';
export const TARGET_STYLES: readonly TargetStyle[] = ['answer', 'reasoning', 'reversed'];

export function referenceCompletionTokens(problem: Problem, family: TaskFamily, tokenizer: CharTokenizer, style: TargetStyle): number[] {
  const answer = compactAnswer(problem, family);
  return [...tokenizer.encode(`${thinkingFor(problem, family, answer, style)}<answer>${answer}</answer>`), tokenizer.special.eos];
}

function thinkingFor(problem: Problem, family: TaskFamily, answer: string, style: TargetStyle): string {
  switch (style) {
    case 'answer':
      return '';
    case 'reasoning': {
      const reasoning = family.solve(problem).reasoning;
      return reasoning ? `<think>${reasoning}</think>` : '';
    }
    case 'reversed':
      return `<think>${[...answer].reverse().join('')}</think>`;
  }
}
