import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../core/random.js';
import { MASKED } from './model.js';
import type { LayerCache, TransformerModel } from './model.js';
import { sampleToken } from './sampling.js';
import type { SamplingOptions } from './sampling.js';

export interface GenerateOptions {
  /** Completion tokens per prompt at most (fewer when the prompt nearly fills the context). */
  maxTokens: number;
  /** 0 = greedy. */
  temperature: number;
  /** Nucleus sampling threshold in (0, 1]; default 1 (off). */
  topP?: number;
  /** A row finishes when it samples one of these; the stop token is kept in its output. */
  stopTokens?: readonly number[];
  random: Random;
  signal?: AbortSignal;
}

export type GenerateFinishReason = 'stop' | 'length';

export interface GenerateResult {
  /** Completion ids only (no prompt), including the stop token when one was hit. */
  tokens: number[][];
  /**
   * log π(token | prefix) of each completion token under the UNTEMPERED model (temperature 1,
   * no top-p), i.e. exactly what `model.tokenLogprobs` gives on prompt + completion: the
   * trainer's log π_old for the importance ratio. Temperature and topP only shape the draw.
   */
  logprobs: number[][];
  finishReasons: GenerateFinishReason[];
}

/**
 * Samples completions for a batch of prompts of different lengths. Prompts are left-padded to
 * a common length; each row gets its own positions (counting from its first real token) and an
 * attention mask hiding its padding, so a row's tokens match what it would get alone. A
 * key/value cache makes each step cost one position; one download of the batch's logits per step
 * feeds sampling on the JS side.
 */
export async function generate(model: TransformerModel, prompts: readonly number[][], options: GenerateOptions): Promise<GenerateResult> {
  const run = new GenerationRun(model, prompts, options);
  if (run.finished()) return run.result();
  const { vocabSize } = model.config;
  const prefill = run.prefillInputs();
  let { logits, caches } = model.forwardCached(prefill.ids, prefill.positions, prefill.mask);
  tf.dispose([prefill.ids, prefill.positions, prefill.mask]);
  try {
    for (;;) {
      // One synchronous download per step: an awaited read would yield to the event loop each token.
      const values = logits.dataSync() as Float32Array;
      logits.dispose();
      run.record(values, vocabSize);
      if (run.finished()) break;
      options.signal?.throwIfAborted();
      const step = run.stepInputs();
      const next: { logits: tf.Tensor2D; caches: LayerCache[] } = model.forwardCached(step.ids, step.positions, step.mask, caches);
      tf.dispose([step.ids, step.positions, step.mask]);
      disposeCaches(caches);
      ({ logits, caches } = next);
    }
  } finally {
    if (!logits.isDisposed) logits.dispose();
    disposeCaches(caches);
  }
  return run.result();
}

/**
 * The same sampling without a key/value cache: every step reruns the whole (re-padded) batch.
 * Slow; the reference that `generate` is tested against.
 */
export async function generateWithoutCache(
  model: TransformerModel,
  prompts: readonly number[][],
  options: GenerateOptions,
): Promise<GenerateResult> {
  const run = new GenerationRun(model, prompts, options);
  while (!run.finished()) {
    options.signal?.throwIfAborted();
    const inputs = run.fullInputs();
    const { logits, caches } = model.forwardCached(inputs.ids, inputs.positions, inputs.mask);
    tf.dispose([inputs.ids, inputs.positions, inputs.mask]);
    disposeCaches(caches);
    const values = logits.dataSync() as Float32Array;
    logits.dispose();
    run.record(values, model.config.vocabSize);
  }
  return run.result();
}

function disposeCaches(caches: readonly LayerCache[]): void {
  for (const cache of caches) tf.dispose([cache.keys, cache.values]);
}

interface StepInputs {
  ids: tf.Tensor2D;
  positions: tf.Tensor2D;
  /** Additive [B, columns]: MASKED on each row's left padding. */
  mask: tf.Tensor2D;
}

/** Book-keeping of one batched generation: budgets, outputs, and the padded inputs of each step. */
class GenerationRun {
  private readonly prompts: readonly number[][];
  private readonly budgets: number[];
  private readonly promptLength: number;
  private readonly tokens: number[][];
  private readonly logprobs: number[][];
  private readonly finishReasons: (GenerateFinishReason | undefined)[];
  private readonly stopTokens: ReadonlySet<number>;
  private readonly sampling: SamplingOptions;
  private readonly random: Random;
  private readonly scratch: Float64Array;
  private lastTokens: number[];
  private steps = 0;
  private readonly lastPosition: number;

  constructor(model: TransformerModel, prompts: readonly number[][], options: GenerateOptions) {
    const { contextLength, vocabSize } = model.config;
    validateOptions(options);
    prompts.forEach((prompt, row) => validatePrompt(prompt, row, contextLength, vocabSize));
    this.prompts = prompts;
    this.budgets = prompts.map((prompt) => Math.min(options.maxTokens, contextLength - prompt.length));
    this.promptLength = Math.max(0, ...prompts.map((prompt) => prompt.length));
    this.tokens = prompts.map(() => []);
    this.logprobs = prompts.map(() => []);
    this.finishReasons = this.budgets.map((budget) => (budget === 0 ? 'length' : undefined));
    this.stopTokens = new Set(options.stopTokens ?? []);
    this.sampling = { temperature: options.temperature, topP: options.topP ?? 1 };
    this.random = options.random;
    this.scratch = new Float64Array(vocabSize);
    this.lastTokens = prompts.map(() => 0);
    this.lastPosition = contextLength - 1;
  }

  finished(): boolean {
    return this.finishReasons.every((reason) => reason !== undefined);
  }

  /** Samples the next token of every unfinished row from the batch's logits [B, vocabSize]. */
  record(logits: Float32Array, vocabSize: number): void {
    this.steps++;
    this.lastTokens = this.prompts.map((_, row) => {
      if (this.finishReasons[row] !== undefined) return 0;
      const { token, logprob } = sampleToken(logits, row * vocabSize, vocabSize, this.sampling, this.random, this.scratch);
      this.tokens[row]!.push(token);
      this.logprobs[row]!.push(logprob);
      if (this.stopTokens.has(token)) this.finishReasons[row] = 'stop';
      else if (this.tokens[row]!.length >= this.budgets[row]!) this.finishReasons[row] = 'length';
      return token;
    });
  }

  result(): GenerateResult {
    return { tokens: this.tokens, logprobs: this.logprobs, finishReasons: this.finishReasons as GenerateFinishReason[] };
  }

  /** The left-padded prompts: ids, positions and padding mask, all [B, L]. */
  prefillInputs(): StepInputs {
    return paddedInputs(this.prompts);
  }

  /** The last sampled token of each row at its own next position, seeing every earlier real column. */
  stepInputs(): StepInputs {
    const batch = this.prompts.length;
    const columns = this.promptLength + this.steps;
    const positions = new Int32Array(batch);
    const mask = new Float32Array(batch * columns);
    this.prompts.forEach((prompt, row) => {
      // A finished row is still fed (its output is ignored) while others go on; its position
      // must stay inside the position table even when a longer row keeps the batch running.
      positions[row] = Math.min(prompt.length + this.steps - 1, this.lastPosition);
      mask.fill(MASKED, row * columns, row * columns + this.promptLength - prompt.length);
    });
    return {
      ids: tf.tensor2d(Int32Array.from(this.lastTokens), [batch, 1], 'int32'),
      positions: tf.tensor2d(positions, [batch, 1], 'int32'),
      mask: tf.tensor2d(mask, [batch, columns]),
    };
  }

  /** Prompt + completion so far of every row, re-padded (the cache-free reference path). */
  fullInputs(): StepInputs {
    return paddedInputs(this.prompts.map((prompt, row) => [...prompt, ...this.tokens[row]!]));
  }
}

function paddedInputs(sequences: readonly number[][]): StepInputs {
  const batch = sequences.length;
  const length = Math.max(...sequences.map((sequence) => sequence.length));
  const ids = new Int32Array(batch * length);
  const positions = new Int32Array(batch * length);
  const mask = new Float32Array(batch * length);
  sequences.forEach((sequence, row) => {
    const padding = length - sequence.length;
    ids.set(sequence, row * length + padding);
    mask.fill(MASKED, row * length, row * length + padding);
    for (let column = padding; column < length; column++) positions[row * length + column] = column - padding;
  });
  return {
    ids: tf.tensor2d(ids, [batch, length], 'int32'),
    positions: tf.tensor2d(positions, [batch, length], 'int32'),
    mask: tf.tensor2d(mask, [batch, length]),
  };
}

function validateOptions(options: GenerateOptions): void {
  if (!Number.isInteger(options.maxTokens) || options.maxTokens < 0) {
    throw new RangeError(`generate: maxTokens must be a non-negative integer, received ${options.maxTokens}`);
  }
  if (!(options.temperature >= 0) || !Number.isFinite(options.temperature)) {
    throw new RangeError(`generate: temperature must be a finite number >= 0, received ${options.temperature}`);
  }
  if (options.topP !== undefined && !(options.topP > 0 && options.topP <= 1)) {
    throw new RangeError(`generate: topP must be in (0, 1], received ${options.topP}`);
  }
}

function validatePrompt(prompt: readonly number[], row: number, contextLength: number, vocabSize: number): void {
  if (prompt.length === 0) throw new RangeError(`generate: prompt ${row} is empty (start prompts with BOS)`);
  if (prompt.length > contextLength) {
    throw new RangeError(`generate: prompt ${row} has ${prompt.length} tokens, more than the model's contextLength ${contextLength}`);
  }
  for (const id of prompt) {
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new RangeError(`generate: prompt ${row} holds token id ${id}, outside the vocabulary [0, ${vocabSize})`);
    }
  }
}
