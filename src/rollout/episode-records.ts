import type { Problem } from '../core/problem.js';
import type { Verdict } from '../core/verdict.js';
import type { Episode } from './episode.js';

/** The k verified episodes of one problem, as an evaluation or a rollout run produced them. */
export interface VerifiedGroup {
  problem: Problem;
  episodes: Episode[];
  verdicts: Verdict[];
}

/**
 * One line of a rollout dataset for trainers outside rlvr (veRL, OpenRLHF, TRL, a custom loop):
 * the episode as chat messages, and — for token-level policies — its token ids with the loss mask
 * (1 only where the policy wrote) and the sampling log-probabilities, next to the verifier's reward.
 */
export interface EpisodeRecord {
  problemId: string;
  family: string;
  difficulty: number;
  /** Index of this sample within its problem's group. */
  sample: number;
  reward: number;
  score: number;
  passed: boolean;
  reason: string;
  /** Reward minus the group's mean reward (Dr. GRPO's advantage, without std scaling). */
  advantage: number;
  finish: Episode['finish'];
  messages: Episode['messages'];
  toolCalls: Array<{ name: string; ok: boolean; ms: number }>;
  completionTokens: number;
  tokens?: Episode['tokens'];
}

export function episodeRecords(group: VerifiedGroup): EpisodeRecord[] {
  const meanReward = group.verdicts.reduce((sum, verdict) => sum + verdict.reward, 0) / Math.max(1, group.verdicts.length);
  return group.episodes.map((episode, sample) => {
    const verdict = group.verdicts[sample]!;
    return {
      problemId: group.problem.id,
      family: group.problem.family,
      difficulty: group.problem.difficulty,
      sample,
      reward: verdict.reward,
      score: verdict.score,
      passed: verdict.passed,
      reason: verdict.reason,
      advantage: verdict.reward - meanReward,
      finish: episode.finish,
      messages: episode.messages,
      toolCalls: episode.toolCalls.map(({ name, ok, ms }) => ({ name, ok, ms })),
      completionTokens: episode.completionTokens,
      ...(episode.tokens ? { tokens: episode.tokens } : {}),
    };
  });
}
