import type { ReferenceSolution } from '../core/task-family.js';

/** A worked solution in the embedded model's format: optional <think> trace, then the answer. */
export function referenceSolution(answer: string, reasoning?: string): ReferenceSolution {
  const thinking = reasoning ? `<think>${reasoning}</think>` : '';
  return {
    response: `${thinking}<answer>${answer}</answer>`,
    answer,
    ...(reasoning ? { reasoning } : {}),
  };
}

/** A response carrying only an answer (wrong responses use it). */
export function answerResponse(answer: string): string {
  return `<answer>${answer}</answer>`;
}
