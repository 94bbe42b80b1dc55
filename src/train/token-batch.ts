import * as tf from '@tensorflow/tfjs-core';

/** One training sequence: the prompt's token ids (with BOS) and the completion's (with EOS when it stopped). */
export interface TokenSequence {
  prompt: readonly number[];
  completion: readonly number[];
  /**
   * Which completion tokens are trained on (1) and which are not (0: tool output, environment
   * text); all of them when absent.
   */
  completionMask?: readonly number[];
}

/**
 * Sequences right-padded to one length. The model is causal, so right padding never changes the
 * logprob of a real token. `lossMask` is aligned with `tokenLogprobs` ([B, T−1], entry t scores
 * token t+1): 1 exactly where that token belongs to a completion.
 */
export interface TokenBatch {
  size: number;
  length: number;
  ids: Int32Array;
  lossMask: Float32Array;
}

export function buildTokenBatch(sequences: readonly TokenSequence[], padId: number, length?: number): TokenBatch {
  const longest = Math.max(2, ...sequences.map((sequence) => sequence.prompt.length + sequence.completion.length));
  const width = length ?? longest;
  if (width < longest) throw new RangeError(`buildTokenBatch: length ${width} is shorter than the longest sequence (${longest})`);
  const ids = new Int32Array(sequences.length * width).fill(padId);
  const lossMask = new Float32Array(sequences.length * (width - 1));
  sequences.forEach((sequence, row) => {
    ids.set(sequence.prompt, row * width);
    ids.set(sequence.completion, row * width + sequence.prompt.length);
    const firstTarget = row * (width - 1) + sequence.prompt.length - 1;
    if (sequence.completionMask) lossMask.set(sequence.completionMask, firstTarget);
    else lossMask.fill(1, firstTarget, firstTarget + sequence.completion.length);
  });
  return { size: sequences.length, length: width, ids, lossMask };
}

/**
 * Per-completion-token values (e.g. the sampler's logprobs) laid out like `lossMask`; positions
 * outside completions are 0.
 */
export function alignCompletionValues(sequences: readonly TokenSequence[], values: readonly (readonly number[])[], length: number): Float32Array {
  const aligned = new Float32Array(sequences.length * (length - 1));
  sequences.forEach((sequence, row) => {
    const completionValues = values[row]!;
    if (completionValues.length !== sequence.completion.length) {
      throw new RangeError(`row ${row}: ${completionValues.length} values for ${sequence.completion.length} completion tokens`);
    }
    aligned.set(completionValues, row * (length - 1) + sequence.prompt.length - 1);
  });
  return aligned;
}

/** Rows `rows` of a batch as tensors: ids int32 [b, T] and the mask [b, T−1]. */
export function batchTensors(batch: TokenBatch, rows: readonly number[]): { ids: tf.Tensor2D; mask: tf.Tensor2D } {
  return {
    ids: tf.tensor2d(gatherRows(batch.ids, batch.length, rows), [rows.length, batch.length], 'int32'),
    mask: tf.tensor2d(gatherRows(batch.lossMask, batch.length - 1, rows), [rows.length, batch.length - 1]),
  };
}

export function gatherRows<T extends Int32Array | Float32Array>(values: T, width: number, rows: readonly number[]): T {
  const out = new (values.constructor as new (size: number) => T)(rows.length * width);
  rows.forEach((row, index) => out.set(values.subarray(row * width, (row + 1) * width), index * width));
  return out;
}
