import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../core/errors.js';
import { Random } from '../core/random.js';
import type { Problem } from '../core/problem.js';
import type { TaskFamily } from '../core/task-family.js';
import { TransformerModel, type TransformerConfigInput } from '../policy/embedded/model.js';
import { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { getFamily } from '../tasks/registry.js';
import { AdamW } from './adamw.js';
import { compactAnswer, compactPromptTokens, referenceCompletionTokens, type TargetStyle } from './compact-format.js';
import { learningRateAt } from './learning-rate.js';
import { maskedNegativeLogLikelihood } from './losses.js';
import { optimizerStep } from './optimizer-step.js';
import { batchTensors, buildTokenBatch, type TokenSequence } from './token-batch.js';
import { calculatorDemonstration, DEMONSTRATED_TOOLS } from './tool-use.js';

export interface SftOptions {
  families: string[];
  /** Problems are generated at difficulties drawn uniformly from this range. */
  difficulty: [number, number];
  steps: number;
  batchSize: number;
  learningRate: number;
  warmupSteps?: number;
  weightDecay?: number;
  /** How targets are written (see TargetStyle). */
  targetStyle: TargetStyle;
  seed: number;
  /** Size of a new model; ignored when `model` is given. */
  modelConfig?: Omit<TransformerConfigInput, 'vocabSize'>;
  /** Continue training this model instead of creating one. */
  model?: TransformerModel;
  tokenizer?: CharTokenizer;
  /** Compact prompts never to train on (those of held-out problems). */
  excludePrompts?: ReadonlySet<string>;
  /**
   * Train on worked tool calls instead of `targetStyle` targets (see DEMONSTRATED_TOOLS): the
   * call, the real tool output with loss mask 0 (as in RL with tools), then the answer.
   */
  tools?: readonly string[];
  onStep?: (progress: SftProgress) => void;
}

export interface SftProgress {
  step: number;
  steps: number;
  loss: number;
  tokens: number;
  tokensPerSecond: number;
}

export interface SftResult {
  model: TransformerModel;
  tokenizer: CharTokenizer;
  finalLoss: number;
  tokens: number;
  seconds: number;
}

/**
 * Supervised fine-tuning on reference solutions of procedural families: cross-entropy on the
 * completion tokens only (the prompt is context, not a target). Problems are fresh every step,
 * so there is no epoch and no overfitting to a fixed set.
 */
export async function runSft(options: SftOptions): Promise<SftResult> {
  const unknownTool = options.tools?.find((name) => !DEMONSTRATED_TOOLS.includes(name));
  if (unknownTool !== undefined) {
    throw new InputError(`no worked demonstrations for tool "${unknownTool}"; SFT can demonstrate ${DEMONSTRATED_TOOLS.join(', ')}`, { field: 'tools' });
  }
  const tokenizer = options.tokenizer ?? new CharTokenizer();
  const model =
    options.model ?? TransformerModel.create({ ...defaultModelConfig, ...options.modelConfig, vocabSize: tokenizer.vocabSize }, options.seed);
  const families = options.families.map(getFamily);
  const random = new Random(options.seed).fork('sft-data');
  const optimizer = new AdamW(model.variables, { beta1: 0.9, beta2: 0.99, epsilon: 1e-8, weightDecay: options.weightDecay ?? 0.01 });
  const schedule = { kind: 'cosine' as const, warmupSteps: options.warmupSteps ?? 20, totalSteps: options.steps, minRatio: 0.1 };
  const started = performance.now();
  let tokens = 0;
  let loss = Number.NaN;
  for (let step = 0; step < options.steps; step++) {
    const sequences = drawSequences(families, options, tokenizer, random, model.config.contextLength);
    const batch = buildTokenBatch(sequences, tokenizer.special.pad);
    const rows = sequences.map((_, index) => index);
    const { ids, mask } = batchTensors(batch, rows);
    const learningRate = learningRateAt(step, options.learningRate, schedule);
    loss = optimizerStep(model.variables, optimizer, () => maskedNegativeLogLikelihood(model.tokenLogprobs(ids), mask), {
      learningRate,
      maxGradNorm: 1,
    }).loss;
    tf.dispose([ids, mask]);
    tokens += batch.size * batch.length;
    options.onStep?.({ step: step + 1, steps: options.steps, loss, tokens, tokensPerSecond: tokens / ((performance.now() - started) / 1000) });
    // Let timers run (the progress bar redraws on one) between otherwise synchronous steps.
    await new Promise((resolve) => setImmediate(resolve));
  }
  optimizer.dispose();
  return { model, tokenizer, finalLoss: loss, tokens, seconds: (performance.now() - started) / 1000 };
}

export const defaultModelConfig: Omit<TransformerConfigInput, 'vocabSize'> = { layers: 2, width: 64, heads: 4, contextLength: 64 };

function drawSequences(
  families: readonly TaskFamily[],
  options: SftOptions,
  tokenizer: CharTokenizer,
  random: Random,
  contextLength: number,
): TokenSequence[] {
  const [low, high] = options.difficulty;
  const sequences: TokenSequence[] = [];
  while (sequences.length < options.batchSize) {
    const family = random.pick(families);
    const problem = family.generate(random.int(0, 2 ** 31 - 1), low + (high - low) * random.next());
    if (options.excludePrompts?.has(String(problem.metadata['compactPrompt']))) continue;
    const sequence = sftSequence(problem, family, tokenizer, options);
    if (sequence.prompt.length + sequence.completion.length > contextLength) continue;
    sequences.push(sequence);
  }
  return sequences;
}

/**
 * One supervised example: the compact prompt, then the reference completion in `targetStyle`, or
 * with `tools` a worked tool call whose tool output carries loss mask 0.
 */
export function sftSequence(problem: Problem, family: TaskFamily, tokenizer: CharTokenizer, options: Pick<SftOptions, 'targetStyle' | 'tools'>): TokenSequence {
  const prompt = compactPromptTokens(problem, tokenizer);
  return options.tools?.includes('calculator')
    ? { prompt, ...calculatorDemonstration(problem, compactAnswer(problem, family), tokenizer) }
    : { prompt, completion: referenceCompletionTokens(problem, family, tokenizer, options.targetStyle) };
}
