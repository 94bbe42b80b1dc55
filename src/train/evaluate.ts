import type { Problem } from '../core/problem.js';
import { Random } from '../core/random.js';
import { generate } from '../policy/embedded/generate.js';
import type { TransformerModel } from '../policy/embedded/model.js';
import type { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { compactPromptTokens } from './compact-format.js';
import type { VerifierPool } from './verifier-pool.js';

export type Band = [number, number];

export interface BandResult {
  band: Band;
  n: number;
  /** Mean success over `samples` completions per problem at the sampling temperature (the RLVR pass@1). */
  passAt1: number;
  /** One temperature-0 completion per problem. */
  greedyPassAt1: number;
  /** Share of problems with at least one success among the `samples` completions. */
  passAtK: number;
}

export interface EvaluationOptions {
  maxTokens: number;
  /** Sampled completions per problem for pass@1 and pass@k (default 8). */
  samples?: number;
  /** Sampling temperature of those completions (default 1, the training temperature). */
  temperature?: number;
  /** Seed of the sampled completions, so an evaluation replays. */
  seed?: number;
  /** Prompts per generation call (bounds memory). */
  batchSize?: number;
}

/**
 * Held-out scores per difficulty band, each checked by the problem's real verifier: pass@1 as
 * the mean success of `samples` sampled completions per problem (DeepSeek-R1's estimate), pass@k
 * over the same samples, and greedy pass@1 beside them. A problem belongs to the band [lo, hi)
 * holding its difficulty (the last band also holds hi).
 */
export async function evaluateBands(
  model: TransformerModel,
  tokenizer: CharTokenizer,
  problems: readonly Problem[],
  bands: readonly Band[],
  verifiers: VerifierPool,
  options: EvaluationOptions,
): Promise<BandResult[]> {
  const samples = options.samples ?? 8;
  const greedy = await passes(model, tokenizer, problems, verifiers, options, 0, 1);
  const sampled = await passes(model, tokenizer, problems, verifiers, options, options.temperature ?? 1, samples);
  return bands.map((band, index) => {
    const isLast = index === bands.length - 1;
    const members = problems.flatMap((problem, position) =>
      problem.difficulty >= band[0] && (problem.difficulty < band[1] || (isLast && problem.difficulty === band[1])) ? [position] : [],
    );
    const n = members.length;
    const share = (count: (position: number) => number) => (n ? members.reduce((sum, position) => sum + count(position), 0) / n : 0);
    return {
      band,
      n,
      passAt1: share((position) => sampled[position]!.filter(Boolean).length / samples),
      greedyPassAt1: share((position) => (greedy[position]![0] ? 1 : 0)),
      passAtK: share((position) => (sampled[position]!.some(Boolean) ? 1 : 0)),
    };
  });
}

/** Whether each problem's greedy completion passes its verifier. */
export async function greedyPass(
  model: TransformerModel,
  tokenizer: CharTokenizer,
  problems: readonly Problem[],
  verifiers: VerifierPool,
  options: EvaluationOptions,
): Promise<boolean[]> {
  return (await passes(model, tokenizer, problems, verifiers, options, 0, 1)).map((results) => results[0]!);
}

/** For each problem, whether each of its `samples` completions at `temperature` passes. */
async function passes(
  model: TransformerModel,
  tokenizer: CharTokenizer,
  problems: readonly Problem[],
  verifiers: VerifierPool,
  options: EvaluationOptions,
  temperature: number,
  samples: number,
): Promise<boolean[][]> {
  const batchSize = Math.max(1, Math.floor((options.batchSize ?? 256) / samples));
  const random = new Random(options.seed ?? 0).fork('evaluation');
  const passed: boolean[][] = [];
  for (let start = 0; start < problems.length; start += batchSize) {
    const chunk = problems.slice(start, start + batchSize);
    const prompts = chunk.flatMap((problem) => Array.from({ length: samples }, () => compactPromptTokens(problem, tokenizer)));
    const generated = await generate(model, prompts, { maxTokens: options.maxTokens, temperature, stopTokens: [tokenizer.special.eos], random });
    const verdicts = await Promise.all(prompts.map((_, index) => verifiers.verify(chunk[Math.floor(index / samples)]!, tokenizer.decode(generated.tokens[index]!))));
    chunk.forEach((_, problem) => passed.push(verdicts.slice(problem * samples, (problem + 1) * samples).map((verdict) => verdict.passed)));
  }
  return passed;
}
