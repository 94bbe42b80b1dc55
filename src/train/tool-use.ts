import { InputError } from '../core/errors.js';
import type { Problem } from '../core/problem.js';
import type { Random } from '../core/random.js';
import { EmbeddedTokenPolicy } from '../policy/embedded-token-policy.js';
import type { TransformerModel } from '../policy/embedded/model.js';
import type { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { compactFormat } from '../rollout/tool-call-format.js';
import { runTokenEpisodes } from '../rollout/token-episodes.js';
import { calculatorTool, evaluateArithmetic } from '../tools/calculator.js';
import { toToolSpec, type Tool } from '../tools/tool.js';
import type { Rollout, RolloutSettings } from './rollout.js';
import type { TokenSequence } from './token-batch.js';
import type { VerifierPool } from './verifier-pool.js';

/** Tools `rlvr sft --tools` can write worked demonstrations for. */
export const DEMONSTRATED_TOOLS: readonly string[] = ['calculator'];

/**
 * A worked example of solving with the calculator, for the SFT warm start of tool use: the call,
 * the tool's output (loss mask 0, exactly as RL masks it: the model must not learn to produce
 * tool output), the answer. The compact prompt without its `=` is the expression
 * (`1234*56=` → `calculator 1234*56`); the tool result is what the real calculator returns,
 * rendered in the compact tool-call format the rollouts use. A problem whose expression the
 * calculator does not evaluate to `answer` cannot be demonstrated (InputError).
 */
export function calculatorDemonstration(problem: Problem, answer: string, tokenizer: CharTokenizer): Omit<TokenSequence, 'prompt'> {
  const expression = String(problem.metadata['compactPrompt'] ?? '').replace(/=$/, '');
  const output = calculatorOutput(expression);
  if (output !== answer) {
    throw new InputError(
      `problem ${problem.id} (${problem.family}): the calculator gives "${output}" for "${expression}" but the answer is "${answer}"; ` +
        `only families whose compact prompt is the arithmetic expression of the answer (e.g. addition, multiplication) can be demonstrated with the calculator`,
      { field: 'tools' },
    );
  }
  const call = { id: 'call_0', name: calculatorTool.name, arguments: JSON.stringify({ expression }) };
  const parts: Array<[string, 0 | 1]> = [
    [`<tool_call>${calculatorTool.name} ${expression}</tool_call>`, 1],
    [compactFormat([toToolSpec(calculatorTool as Tool)]).renderResult(call, output), 0],
    [`<answer>${answer}</answer>`, 1],
  ];
  const completion: number[] = [];
  const completionMask: number[] = [];
  for (const [text, trained] of parts) {
    const ids = tokenizer.encode(text);
    completion.push(...ids);
    completionMask.push(...ids.map(() => trained));
  }
  completion.push(tokenizer.special.eos);
  completionMask.push(1);
  return { completion, completionMask };
}

function calculatorOutput(expression: string): string {
  try {
    return evaluateArithmetic(expression);
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

/**
 * Like `rolloutGroups`, but every completion is a multi-turn episode in which the model may call
 * the tools; tool output is part of the sequence with loss mask 0, so only what the model wrote
 * is trained on. The group's tokens only ever grow (see runTokenEpisodes).
 */
export async function toolRolloutGroups(
  problems: readonly Problem[],
  model: TransformerModel,
  tokenizer: CharTokenizer,
  verifiers: VerifierPool,
  settings: RolloutSettings & { tools: readonly Tool[] },
  random: Random,
): Promise<Rollout[][]> {
  const policy = new EmbeddedTokenPolicy(model, tokenizer, { random, version: 'rollout' });
  const prompts = problems.flatMap((problem) => Array.from({ length: settings.groupSize }, () => String(problem.metadata['compactPrompt'])));
  const episodes = await runTokenEpisodes(policy, prompts, {
    tools: settings.tools,
    temperature: settings.temperature,
    topP: settings.topP,
    maxSequenceTokens: model.config.contextLength,
    limits: { maxTokensPerTurn: settings.maxTokens, maxTurns: 4, maxToolCalls: 3 },
  });
  const rollouts = await Promise.all(
    episodes.map(async (episode, index) => {
      const problem = problems[Math.floor(index / settings.groupSize)]!;
      const { ids, lossMask, logprobs } = episode.tokens!;
      const promptLength = episode.spans[0]!.tokenIds!.length;
      const verdict = await verifiers.verify(problem, episode.response);
      return {
        problem,
        prompt: ids.slice(0, promptLength),
        completion: ids.slice(promptLength),
        completionMask: lossMask.slice(promptLength),
        logprobs: logprobs.slice(promptLength),
        text: tokenizer.decode(ids.slice(promptLength)),
        finishReason: episode.finish === 'length' ? 'length' : 'stop',
        verdict,
        reward: verdict.reward,
      } satisfies Rollout;
    }),
  );
  return problems.map((_, group) => rollouts.slice(group * settings.groupSize, (group + 1) * settings.groupSize));
}
