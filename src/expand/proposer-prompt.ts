import type { ChatMessage } from '../core/policy.js';
import type { Problem } from '../core/problem.js';
import { compactPromptOf } from './solver-rollouts.js';

/** A parent shown to the proposer: a problem at the solver's boundary and how often the solver solves it. */
export interface ParentExample {
  problem: Problem;
  passRate: number;
}

const FORMAT = `Answer with exactly one JSON object, in a \`\`\`json fence:
{"statement": "the problem as the solver will read it",
 "answer": "the single final answer (for problems with one)",
 "tests": {"language": "python" | "javascript", "cases": [{"input": "stdin", "output": "expected stdout"}], "asserts": ["assert f(1) == 2"]},
 "solution": "a reference program that passes the tests (required with tests)",
 "family": "optional: the family of the examples"}
Give "answer" for problems with one final answer, or "tests" + "solution" for programming problems.
The statement must ask for the final answer inside <answer></answer>. Code may not read files, the network,
the clock or random numbers: two runs must print the same output.`;

/**
 * The chat prompt of a proposer: problems the solver solves sometimes (its boundary), with their
 * pass rates, and a request for one new problem of similar difficulty that is not a copy.
 */
export function proposerMessages(parents: readonly ParentExample[]): ChatMessage[] {
  const examples = parents
    .map(({ problem, passRate }, index) => {
      const answer = problem.answer !== undefined ? `\nAnswer: ${problem.answer}` : problem.tests ? `\nTests: ${JSON.stringify(problem.tests)}` : '';
      return `Example ${index + 1} (family ${problem.family}, solved ${(100 * passRate).toFixed(0)}% of the time):\n${problem.prompt}${answer}`;
    })
    .join('\n\n');
  return [
    { role: 'system', content: `You write new practice problems for a student model. ${FORMAT}` },
    {
      role: 'user',
      content: `${examples}\n\nWrite one NEW problem the student would solve about half of the time: the same skill, different content (not a rewording of an example). Check your answer carefully.`,
    },
  ];
}

/**
 * The embedded model's proposer prompt: compact parents then `?`, answered in the tagged form
 * `<problem>12+39=</problem><answer>51</answer>`.
 */
export function compactProposerPrompt(parents: readonly ParentExample[]): string {
  return `propose:${parents.map(({ problem }) => `${compactPromptOf(problem)}${problem.answer ?? ''}`).join(';')}?`;
}

/** The document-extraction prompt: a page of text in, a JSON array of proposals out. */
export function documentExtractionMessages(document: string, text: string, maxProblems: number): ChatMessage[] {
  return [
    { role: 'system', content: `You turn reference documents into practice problems with verifiable answers. For each problem: ${FORMAT}\nHere, answer with ONE JSON array of such objects in a \`\`\`json fence.` },
    {
      role: 'user',
      content: `Document ${document}:\n"""\n${text}\n"""\n\nExtract up to ${maxProblems} self-contained problems that this text lets one answer exactly (a number, a short expression or a word), each with its answer. Do not ask about the document itself.`,
    },
  ];
}
