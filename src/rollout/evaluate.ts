import type { Attempt, CorpusStore } from '../core/corpus.js';
import type { Policy, TokenPolicy } from '../core/policy.js';
import type { Problem } from '../core/problem.js';
import { Semaphore } from '../core/semaphore.js';
import { runVerifier, type Verifier } from '../core/verifier.js';
import type { Tool } from '../tools/tool.js';
import { runChatEpisode } from './chat-episode.js';
import type { Episode, EpisodeLimits } from './episode.js';
import type { VerifiedGroup } from './episode-records.js';
import { passAtK } from './pass-at-k.js';
import { runTokenEpisodes } from './token-episodes.js';

/** What is evaluated: a chat policy (servers) or a token policy (the embedded model, batched). */
export type EvaluationTarget =
  | { kind: 'chat'; policy: Policy; maxConcurrentEpisodes?: number }
  | { kind: 'tokens'; policy: TokenPolicy; maxSequenceTokens: number; batchSize?: number };

export interface EvaluationOptions {
  target: EvaluationTarget;
  problems: readonly Problem[];
  /** Samples per problem (k of pass@k). */
  samples: number;
  verifierFor(problem: Problem): Promise<Verifier>;
  tools?: readonly Tool[];
  limits?: Partial<EpisodeLimits>;
  temperature: number;
  bands?: number;
  verifyTimeoutMs?: number;
  /** Attempts are recorded here, so the corpus's difficulty estimates reflect this policy. */
  store?: CorpusStore;
  /** What might help on a family where nothing passes (tools, easier rungs). */
  adviceFor?(family: string, lowestDifficulty: number): string;
  /** Receives each problem's verified episodes (to save them as a rollout dataset, for example). */
  onGroup?(group: VerifiedGroup): void | Promise<void>;
}

export interface PassRates {
  problems: number;
  passAt1: number;
  passAtK: number;
}

export interface EvaluationReport {
  policy: string;
  samples: number;
  overall: PassRates;
  byBand: Array<PassRates & { band: [number, number] }>;
  byFamily: Array<PassRates & { family: string }>;
  tools: { calls: number; errors: number; byName: Record<string, { calls: number; errors: number }> };
  tokens: { completionMean: number };
  latency: { meanMs: number; p99Ms: number };
  episodesEndedBy: Record<string, number>;
  /** One plain sentence per family where pass@k is zero: RL has no reward to start from there. */
  baseCapability: string[];
}

interface Scored {
  problem: Problem;
  passed: number;
}

/** Samples k episodes per problem, verifies them, records attempts and aggregates pass@1 and pass@k. */
export async function evaluatePolicy(options: EvaluationOptions): Promise<EvaluationReport> {
  const groups = await runEpisodes(options);
  const verified = await Promise.all(
    options.problems.map(async (problem, index) => {
      const verifier = await options.verifierFor(problem);
      const group = groups[index]!;
      const verdicts = await Promise.all(group.map(({ episode }) => runVerifier(verifier, verifyInputOf(problem, episode), { timeoutMs: options.verifyTimeoutMs })));
      await options.onGroup?.({ problem, episodes: group.map(({ episode }) => episode), verdicts });
      const attempts: Attempt[] = verdicts.map((verdict, sample) => ({
        problemId: problem.id,
        policyVersion: options.target.policy.version,
        reward: verdict.reward,
        score: verdict.score,
        tokens: group[sample]!.episode.completionTokens,
        ms: group[sample]!.ms,
      }));
      return { scored: { problem, passed: verdicts.filter((verdict) => verdict.passed).length }, attempts };
    }),
  );
  const store = options.store;
  if (store) store.recordAttempts(verified.flatMap(({ attempts }) => attempts).filter((attempt) => store.getProblem(attempt.problemId)));
  return summarize(options, verified.map(({ scored }) => scored), groups.flat());
}

function verifyInputOf(problem: Problem, episode: Episode) {
  return { response: episode.response, answer: problem.answer, tests: problem.tests, config: problem.verifierConfig, problem };
}

interface TimedEpisode {
  episode: Episode;
  /** Wall time until this episode's result was available. */
  ms: number;
}

async function runEpisodes(options: EvaluationOptions): Promise<TimedEpisode[][]> {
  const { target, problems, samples } = options;
  const common = { tools: options.tools, limits: options.limits, temperature: options.temperature };
  if (target.kind === 'tokens') {
    const prompts = problems.flatMap((problem) => Array.from({ length: samples }, () => compactPromptOf(problem)));
    const batchSize = target.batchSize ?? 64;
    const flat: TimedEpisode[] = [];
    for (let start = 0; start < prompts.length; start += batchSize) {
      const began = performance.now();
      const episodes = await runTokenEpisodes(target.policy, prompts.slice(start, start + batchSize), { ...common, maxSequenceTokens: target.maxSequenceTokens });
      const ms = performance.now() - began;
      flat.push(...episodes.map((episode) => ({ episode, ms })));
    }
    return problems.map((_problem, index) => flat.slice(index * samples, (index + 1) * samples));
  }
  const limiter = new Semaphore(target.maxConcurrentEpisodes ?? 64);
  return Promise.all(
    problems.map((problem) =>
      Promise.all(
        Array.from({ length: samples }, () =>
          limiter.run(async () => {
            const began = performance.now();
            const episode = await runChatEpisode(target.policy, [{ role: 'user', content: problem.prompt }], common);
            return { episode, ms: performance.now() - began };
          }),
        ),
      ),
    ),
  );
}

function compactPromptOf(problem: Problem): string {
  const compact = problem.metadata.compactPrompt;
  return typeof compact === 'string' ? compact : problem.prompt;
}

function rates(group: readonly Scored[], samples: number): PassRates {
  const mean = (values: number[]) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0);
  return {
    problems: group.length,
    passAt1: mean(group.map((entry) => passAtK(samples, entry.passed, 1))),
    passAtK: mean(group.map((entry) => passAtK(samples, entry.passed, samples))),
  };
}

function summarize(options: EvaluationOptions, scored: Scored[], timed: TimedEpisode[]): EvaluationReport {
  const episodes = timed.map((entry) => entry.episode);
  const bands = options.bands ?? 5;
  const byBand = Array.from({ length: bands }, (_unused, band) => {
    const range: [number, number] = [band / bands, (band + 1) / bands];
    const members = scored.filter((entry) => bandOf(entry.problem.difficulty, bands) === band);
    return { band: range, ...rates(members, options.samples) };
  }).filter((entry) => entry.problems > 0);
  const families = [...new Set(scored.map((entry) => entry.problem.family))].sort();
  const byFamily = families.map((family) => ({ family, ...rates(scored.filter((entry) => entry.problem.family === family), options.samples) }));
  const byName: EvaluationReport['tools']['byName'] = {};
  for (const call of episodes.flatMap((episode) => episode.toolCalls)) {
    const entry = (byName[call.name || '(malformed)'] ??= { calls: 0, errors: 0 });
    entry.calls++;
    if (!call.ok) entry.errors++;
  }
  const sortedLatencies = timed.map((entry) => entry.ms).sort((a, b) => a - b);
  const episodesEndedBy: Record<string, number> = {};
  for (const episode of episodes) episodesEndedBy[episode.finish] = (episodesEndedBy[episode.finish] ?? 0) + 1;
  return {
    policy: options.target.policy.id,
    samples: options.samples,
    overall: rates(scored, options.samples),
    byBand,
    byFamily,
    tools: {
      calls: Object.values(byName).reduce((sum, entry) => sum + entry.calls, 0),
      errors: Object.values(byName).reduce((sum, entry) => sum + entry.errors, 0),
      byName,
    },
    tokens: { completionMean: episodes.length ? episodes.reduce((sum, episode) => sum + episode.completionTokens, 0) / episodes.length : 0 },
    latency: {
      meanMs: sortedLatencies.length ? sortedLatencies.reduce((sum, value) => sum + value, 0) / sortedLatencies.length : 0,
      p99Ms: sortedLatencies[Math.min(sortedLatencies.length - 1, Math.floor(sortedLatencies.length * 0.99))] ?? 0,
    },
    episodesEndedBy,
    baseCapability: byFamily
      .filter((entry) => entry.passAtK === 0)
      .map((entry) => {
        const lowest = Math.min(...scored.filter((item) => item.problem.family === entry.family).map((item) => item.problem.difficulty));
        const advice = options.adviceFor?.(entry.family, lowest) ?? `try easier rungs (below difficulty ${lowest.toFixed(2)}) or a tool`;
        return `${entry.family}: pass@${options.samples} is 0 on ${entry.problems} problems, so RL cannot start there (no sample earns a reward); ${advice}.`;
      }),
  };
}

function bandOf(difficulty: number, bands: number): number {
  return Math.min(bands - 1, Math.max(0, Math.floor(difficulty * bands)));
}
