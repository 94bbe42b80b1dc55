import type { Problem } from '../core/problem.js';
import { Semaphore } from '../core/semaphore.js';
import { runChatEpisode } from '../rollout/chat-episode.js';
import type { EvaluationTarget } from '../rollout/evaluate.js';
import type { Episode } from '../rollout/episode.js';
import { runTokenEpisodes } from '../rollout/token-episodes.js';

export interface SolverSettings {
  target: EvaluationTarget;
  /** Rollouts per problem (k). */
  samples: number;
  temperature: number;
  maxTokens: number;
}

export interface SolverResponses {
  responses: string[];
  completionTokens: number[];
  ms: number;
}

/**
 * k independent responses per problem. The embedded model is driven in one batch over every
 * problem (its compact prompt); chat policies get each problem's prompt, requests bounded by the
 * target's concurrency.
 */
export async function sampleSolver(problems: readonly Problem[], settings: SolverSettings): Promise<SolverResponses[]> {
  const { target, samples } = settings;
  const started = performance.now();
  if (target.kind === 'tokens') {
    const prompts = problems.flatMap((problem) => Array.from({ length: samples }, () => compactPromptOf(problem)));
    const batchSize = target.batchSize ?? 64;
    const episodes: Episode[] = [];
    for (let start = 0; start < prompts.length; start += batchSize) {
      episodes.push(
        ...(await runTokenEpisodes(target.policy, prompts.slice(start, start + batchSize), {
          temperature: settings.temperature,
          maxSequenceTokens: target.maxSequenceTokens,
          limits: { maxTokensPerTurn: settings.maxTokens, maxTurns: 1 },
        })),
      );
    }
    const ms = (performance.now() - started) / Math.max(1, problems.length);
    return problems.map((_problem, index) => {
      const group = episodes.slice(index * samples, (index + 1) * samples);
      return { responses: group.map((episode) => episode.response), completionTokens: group.map((episode) => episode.completionTokens), ms };
    });
  }
  const limiter = new Semaphore(target.maxConcurrentEpisodes ?? 16);
  return Promise.all(
    problems.map(async (problem) => {
      const began = performance.now();
      const episodes = await Promise.all(
        Array.from({ length: samples }, () =>
          limiter.run(() =>
            runChatEpisode(target.policy, [{ role: 'user', content: problem.prompt }], {
              temperature: settings.temperature,
              limits: { maxTokensPerTurn: settings.maxTokens, maxTurns: 1 },
            }),
          ),
        ),
      );
      return { responses: episodes.map((episode) => episode.response), completionTokens: episodes.map((episode) => episode.completionTokens), ms: performance.now() - began };
    }),
  );
}

export function compactPromptOf(problem: Problem): string {
  const compact = problem.metadata['compactPrompt'];
  return typeof compact === 'string' ? compact : problem.prompt;
}
