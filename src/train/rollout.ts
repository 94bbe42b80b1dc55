import type { Problem } from '../core/problem.js';
import type { Random } from '../core/random.js';
import type { Verdict } from '../core/verdict.js';
import { generate } from '../policy/embedded/generate.js';
import type { TransformerModel } from '../policy/embedded/model.js';
import type { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { compactPromptTokens } from './compact-format.js';
import { overlongPenalty } from './overlong-penalty.js';
import type { VerifierPool } from './verifier-pool.js';

/** One sampled and verified completion. */
export interface Rollout {
  problem: Problem;
  prompt: number[];
  /** Completion ids, ending with EOS when the model stopped. */
  completion: number[];
  /** Per completion token: 1 if the model wrote it, 0 for tool output; absent when all are the model's. */
  completionMask?: number[];
  /** log π_old of each completion token (untempered). */
  logprobs: number[];
  text: string;
  finishReason: 'stop' | 'length';
  verdict: Verdict;
  /** What the advantage is computed from: the verdict's reward plus any length shaping. */
  reward: number;
}

export interface RolloutSettings {
  groupSize: number;
  maxTokens: number;
  temperature: number;
  topP: number;
  overlongShaping?: { cacheTokens: number; penalty: number };
}

/**
 * Samples `groupSize` completions for each problem in one batched generation, then verifies all
 * of them concurrently with the real verifiers. Returns one group per problem, in order.
 */
export async function rolloutGroups(
  problems: readonly Problem[],
  model: TransformerModel,
  tokenizer: CharTokenizer,
  verifiers: VerifierPool,
  settings: RolloutSettings,
  random: Random,
): Promise<Rollout[][]> {
  const prompts = problems.flatMap((problem) => Array.from({ length: settings.groupSize }, () => compactPromptTokens(problem, tokenizer)));
  const generated = await generate(model, prompts, {
    maxTokens: settings.maxTokens,
    temperature: settings.temperature,
    topP: settings.topP,
    stopTokens: [tokenizer.special.eos],
    random,
  });
  const rollouts = await Promise.all(
    prompts.map(async (prompt, index) => {
      const problem = problems[Math.floor(index / settings.groupSize)]!;
      const completion = generated.tokens[index]!;
      const text = tokenizer.decode(completion);
      const verdict = await verifiers.verify(problem, text);
      const shaping = settings.overlongShaping;
      const penalty = shaping ? overlongPenalty(completion.length, settings.maxTokens, shaping.cacheTokens, shaping.penalty) : 0;
      return {
        problem,
        prompt,
        completion,
        logprobs: generated.logprobs[index]!,
        text,
        finishReason: generated.finishReasons[index]!,
        verdict,
        reward: verdict.reward + penalty,
      } satisfies Rollout;
    }),
  );
  return problems.map((_, group) => rollouts.slice(group * settings.groupSize, (group + 1) * settings.groupSize));
}
