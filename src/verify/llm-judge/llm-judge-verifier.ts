import type { ChatMessage } from '../../core/policy.js';
import { failed, type Judgement } from '../../core/verdict.js';
import type { Verifier, VerifyContext, VerifyInput } from '../../core/verifier.js';
import { judgeMessages, parseJudgeVerdict, type JudgeVote } from './judge-prompt.js';

/**
 * One judge sample: the judge's final reply to these messages. A plain chat completion, or a whole
 * episode in which the judge calls tools to check a claim (run the code, look up a record) before
 * deciding — `finalReply` in src/rollout builds either from a policy.
 */
export type AskJudge = (messages: ChatMessage[], signal: AbortSignal) => Promise<string>;

export interface LlmJudgeOptions {
  ask: AskJudge;
  /** Judge samples; the response passes only with a strict majority of `correct` votes. */
  samples?: number;
}

/**
 * Kimi k1.5's chain-of-thought verifier: a judge model that knows the ground truth reasons step by
 * step and ends with a JSON verdict. Strict by default: an unparseable verdict counts against.
 */
export function createLlmJudgeVerifier(options: LlmJudgeOptions): Verifier {
  const samples = options.samples ?? 1;
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer, received ${samples}`);
  return {
    name: 'llm-judge',
    description: 'An LLM judge that knows the reference answer and returns a strict JSON verdict (majority over k samples).',
    async verify(input: VerifyInput, context: VerifyContext): Promise<Judgement> {
      if (input.answer === undefined) return failed('invalid', { message: 'llm-judge needs a reference answer' });
      const messages = judgeMessages(input.problem?.prompt ?? '(not given)', input.answer, input.response);
      const rationales = await Promise.all(Array.from({ length: samples }, () => options.ask(messages, context.signal)));
      const votes = rationales.map((rationale) => parseJudgeVerdict(rationale));
      const correct = votes.filter((vote) => vote === 'correct').length;
      const passed = correct * 2 > samples;
      const details = { votes, rationales };
      if (passed) return { reward: 1, score: 1, passed: true, reason: 'correct', details };
      return failed(votes.every((vote: JudgeVote) => vote === 'unparseable') ? 'invalid' : 'wrong', details);
    },
  };
}
