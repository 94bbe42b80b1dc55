import type { ChatMessage } from '../core/policy.js';
import type { Tool } from '../tools/tool.js';
import type { ToolCallFormat } from './tool-call-format.js';

/** Where a stretch of an episode came from; only `policy` spans are trained on. */
export type SpanSource = 'prompt' | 'policy' | 'tool';

export interface EpisodeSpan {
  source: SpanSource;
  text: string;
  /** Present when the backend reported tokens (always for token-level episodes). */
  tokenIds?: number[];
  logprobs?: number[];
}

export interface ToolCallRecord {
  name: string;
  ok: boolean;
  ms: number;
  output: string;
}

export type EpisodeFinish = 'answer' | 'max-turns' | 'max-tool-calls' | 'length' | 'error';

/**
 * One rollout, kept two ways: as chat messages (for humans, judges and chat trainers) and as
 * token spans with a per-token loss mask (1 = written by the policy, 0 = prompt, tool or
 * environment), so a trainer only learns from what the model wrote.
 */
export interface Episode {
  messages: ChatMessage[];
  spans: EpisodeSpan[];
  /** The whole token sequence, for token-level episodes. */
  tokens?: { ids: number[]; lossMask: number[]; logprobs: number[] };
  toolCalls: ToolCallRecord[];
  turns: number;
  finish: EpisodeFinish;
  error?: string;
  /** Everything the policy wrote, in order: what a verifier checks. */
  response: string;
  completionTokens: number;
}

export interface EpisodeLimits {
  maxTurns: number;
  maxToolCalls: number;
  toolTimeoutMs: number;
  maxToolOutputChars: number;
  maxTokensPerTurn: number;
}

/** How episodes run, whatever the policy: tools offered, their call format, limits and sampling. */
export interface EpisodeOptions {
  tools?: readonly Tool[];
  /** Defaults: `openai` for chat policies, `compact` for token policies. */
  format?: ToolCallFormat;
  limits?: Partial<EpisodeLimits>;
  temperature: number;
  topP?: number;
  signal?: AbortSignal;
}

export const DEFAULT_EPISODE_LIMITS: EpisodeLimits = {
  maxTurns: 8,
  maxToolCalls: 8,
  toolTimeoutMs: 10_000,
  maxToolOutputChars: 2_000,
  maxTokensPerTurn: 1_024,
};

/** Flattens token spans into ids, mask and logprobs (zeros where the policy did not sample). */
export function tokensOf(spans: readonly EpisodeSpan[]): { ids: number[]; lossMask: number[]; logprobs: number[] } {
  const ids: number[] = [];
  const lossMask: number[] = [];
  const logprobs: number[] = [];
  for (const span of spans) {
    const spanIds = span.tokenIds ?? [];
    ids.push(...spanIds);
    const trained = span.source === 'policy' ? 1 : 0;
    for (let i = 0; i < spanIds.length; i++) {
      lossMask.push(trained);
      logprobs.push(trained ? (span.logprobs?.[i] ?? 0) : 0);
    }
  }
  return { ids, lossMask, logprobs };
}
