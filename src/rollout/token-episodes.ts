import type { TokenPolicy } from '../core/policy.js';
import { toToolSpec } from '../tools/tool.js';
import { DEFAULT_EPISODE_LIMITS, tokensOf, type Episode, type EpisodeLimits, type EpisodeOptions, type EpisodeSpan } from './episode.js';
import { compactFormat, type ToolCallFormat } from './tool-call-format.js';
import { ToolSession, toolMap } from './tool-session.js';

export interface TokenEpisodeOptions extends EpisodeOptions {
  /** Longest sequence the policy can attend to; an episode that reaches it ends with `length`. */
  maxSequenceTokens?: number;
}

interface Running {
  spans: EpisodeSpan[];
  session: ToolSession;
  turns: number;
  finish?: Episode['finish'];
  length: number;
}

/**
 * Runs many episodes at once against a token-level policy. Every turn, all unfinished episodes
 * are continued in one batched call; a turn that ends in `</tool_call>` has its calls run (tool
 * execution of one episode overlaps with the others' tools) and their results appended as
 * tokens with loss mask 0. Sequences only grow: earlier turns are never re-encoded.
 */
export async function runTokenEpisodes(policy: TokenPolicy, prompts: readonly string[], options: TokenEpisodeOptions): Promise<Episode[]> {
  const limits = { ...DEFAULT_EPISODE_LIMITS, ...options.limits };
  const tools = toolMap(options.tools ?? []);
  const format = options.format ?? compactFormat([...tools.values()].map(toToolSpec));
  const endToolCall = policy.tokenOf('</tool_call>');
  const stopTokens = [endToolCall, policy.endOfSequence].filter((id): id is number => id !== undefined);
  const maxSequence = options.maxSequenceTokens ?? Number.POSITIVE_INFINITY;

  const episodes: Running[] = prompts.map((prompt) => {
    const tokenIds = policy.encodePrompt(prompt);
    return { spans: [{ source: 'prompt', text: prompt, tokenIds }], session: new ToolSession(tools, limits, options.signal), turns: 0, length: tokenIds.length };
  });

  try {
    for (let active = episodes; active.length > 0; active = active.filter((episode) => !episode.finish)) {
      // One call serves the whole batch, so it asks for the most room any episode has; each
      // episode then keeps only what fits its own room.
      const room = active.map((episode) => Math.min(limits.maxTokensPerTurn, maxSequence - episode.length));
      const samples = await policy.continue(
        active.map((episode) => tokensOf(episode.spans).ids),
        { maxTokens: Math.max(1, ...room), temperature: options.temperature, topP: options.topP, stopTokens, signal: options.signal },
      );
      samples.forEach((sample, index) => {
        if (sample.tokenIds.length > room[index]!) samples[index] = { tokenIds: sample.tokenIds.slice(0, room[index]), logprobs: sample.logprobs.slice(0, room[index]), finishReason: 'length' };
      });
      await Promise.all(
        active.map((episode, index) => advance(episode, samples[index]!, { policy, format, limits, endToolCall, maxSequence })),
      );
    }
  } finally {
    await Promise.all(episodes.map((episode) => episode.session.close()));
  }
  return episodes.map(toEpisode);
}

async function advance(
  episode: Running,
  sample: { tokenIds: number[]; logprobs: number[]; finishReason: 'stop' | 'length' },
  context: { policy: TokenPolicy; format: ToolCallFormat; limits: EpisodeLimits; endToolCall?: number; maxSequence: number },
): Promise<void> {
  const text = context.policy.decode(sample.tokenIds);
  episode.spans.push({ source: 'policy', text, tokenIds: sample.tokenIds, logprobs: sample.logprobs });
  episode.length += sample.tokenIds.length;
  episode.turns++;

  const calledTool = sample.finishReason === 'stop' && sample.tokenIds.at(-1) === context.endToolCall;
  if (!calledTool) {
    episode.finish = sample.finishReason === 'length' ? 'length' : 'answer';
    return;
  }
  if (episode.session.budgetLeft <= 0) {
    episode.finish = 'max-tool-calls';
    return;
  }
  const calls = context.format.parseCalls(text);
  const results = await episode.session.run(calls.length > 0 ? calls : [{ id: 'call_0', name: '', arguments: '', error: 'empty tool call' }]);
  const resultText = results.map(({ call, output }) => context.format.renderResult(call, output)).join('');
  // Tool output never pushes the sequence past the context: what does not fit is cut off.
  const tokenIds = context.policy.encode(resultText).slice(0, Math.max(0, context.maxSequence - episode.length));
  episode.spans.push({ source: 'tool', text: context.policy.decode(tokenIds), tokenIds });
  episode.length += tokenIds.length;
  if (episode.length >= context.maxSequence) episode.finish = 'length';
  else if (episode.turns >= context.limits.maxTurns) episode.finish = 'max-turns';
}

function toEpisode(episode: Running): Episode {
  const tokens = tokensOf(episode.spans);
  const roles = { prompt: 'user', policy: 'assistant', tool: 'tool' } as const;
  return {
    messages: episode.spans.map((span) => ({ role: roles[span.source], content: span.text })),
    spans: episode.spans,
    tokens,
    toolCalls: episode.session.records,
    turns: episode.turns,
    finish: episode.finish ?? 'error',
    response: episode.spans.filter((span) => span.source === 'policy').map((span) => span.text).join(''),
    completionTokens: tokens.lossMask.reduce((sum, bit) => sum + bit, 0),
  };
}
