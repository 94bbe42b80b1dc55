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
  passAt1: number;
}

export interface EvaluationOptions {
  maxTokens: number;
  /** Prompts per generation call (bounds memory). */
  batchSize?: number;
}

/**
 * Greedy pass@1 per difficulty band: one temperature-0 completion per problem, checked by the
 * problem's real verifier. A problem belongs to the band [lo, hi) holding its difficulty (the
 * last band also holds hi).
 */
export async function evaluateBands(
  model: TransformerModel,
  tokenizer: CharTokenizer,
  problems: readonly Problem[],
  bands: readonly Band[],
  verifiers: VerifierPool,
  options: EvaluationOptions,
): Promise<BandResult[]> {
  const passed = await greedyPass(model, tokenizer, problems, verifiers, options);
  return bands.map((band, index) => {
    const isLast = index === bands.length - 1;
    const inBand = problems.flatMap((problem, position) =>
      problem.difficulty >= band[0] && (problem.difficulty < band[1] || (isLast && problem.difficulty === band[1])) ? [passed[position]!] : [],
    );
    const passes = inBand.filter(Boolean).length;
    return { band, n: inBand.length, passAt1: inBand.length ? passes / inBand.length : 0 };
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
  const batchSize = options.batchSize ?? 256;
  const passed: boolean[] = [];
  for (let start = 0; start < problems.length; start += batchSize) {
    const chunk = problems.slice(start, start + batchSize);
    const generated = await generate(
      model,
      chunk.map((problem) => compactPromptTokens(problem, tokenizer)),
      { maxTokens: options.maxTokens, temperature: 0, stopTokens: [tokenizer.special.eos], random: new Random(0) },
    );
    const verdicts = await Promise.all(chunk.map((problem, index) => verifiers.verify(problem, tokenizer.decode(generated.tokens[index]!))));
    passed.push(...verdicts.map((verdict) => verdict.passed));
  }
  return passed;
}
