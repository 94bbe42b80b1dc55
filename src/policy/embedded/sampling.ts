import type { Random } from '../../core/random.js';

export interface SamplingOptions {
  /** 0 picks the most likely token (ties go to the lowest id). */
  temperature: number;
  /** Nucleus sampling: keep the smallest set of most likely tokens whose mass reaches topP (1 = off). */
  topP: number;
}

export interface SampledToken {
  token: number;
  /** log p(token) under the untempered distribution softmax(logits). */
  logprob: number;
}

/**
 * Draws one token from `logits[offset .. offset+vocabSize)` and reports its log-probability under
 * the model's own distribution (temperature 1, no nucleus cut), which is what the trainer's
 * importance ratio π_θ/π_old needs; temperature and topP only shape the draw.
 */
export function sampleToken(
  logits: Float32Array,
  offset: number,
  vocabSize: number,
  options: SamplingOptions,
  random: Random,
  scratch: Float64Array,
): SampledToken {
  let maximum = -Infinity;
  let best = 0;
  for (let id = 0; id < vocabSize; id++) {
    const value = logits[offset + id]!;
    if (value > maximum) {
      maximum = value;
      best = id;
    }
  }
  let total = 0;
  for (let id = 0; id < vocabSize; id++) total += Math.exp(logits[offset + id]! - maximum);
  const logNormalizer = maximum + Math.log(total);
  const token = options.temperature === 0 ? best : drawTempered(logits, offset, vocabSize, maximum, options, random, scratch);
  return { token, logprob: logits[offset + token]! - logNormalizer };
}

function drawTempered(
  logits: Float32Array,
  offset: number,
  vocabSize: number,
  maximum: number,
  { temperature, topP }: SamplingOptions,
  random: Random,
  weights: Float64Array,
): number {
  let total = 0;
  for (let id = 0; id < vocabSize; id++) {
    weights[id] = Math.exp((logits[offset + id]! - maximum) / temperature);
    total += weights[id]!;
  }
  if (topP < 1) return drawNucleus(weights, vocabSize, total, topP, random);
  let remaining = random.next() * total;
  for (let id = 0; id < vocabSize; id++) {
    remaining -= weights[id]!;
    if (remaining < 0) return id;
  }
  return lastPositive(weights, vocabSize);
}

/** Nucleus (top-p) sampling, Holtzman et al. 2020, "The Curious Case of Neural Text Degeneration". */
function drawNucleus(weights: Float64Array, vocabSize: number, total: number, topP: number, random: Random): number {
  const order = Array.from({ length: vocabSize }, (_, id) => id).sort((a, b) => weights[b]! - weights[a]! || a - b);
  let kept = 0;
  let keptMass = 0;
  while (kept < vocabSize && (kept === 0 || keptMass < topP * total)) keptMass += weights[order[kept++]!]!;
  let remaining = random.next() * keptMass;
  for (let rank = 0; rank < kept; rank++) {
    remaining -= weights[order[rank]!]!;
    if (remaining < 0) return order[rank]!;
  }
  return order[kept - 1]!;
}

function lastPositive(weights: Float64Array, vocabSize: number): number {
  for (let id = vocabSize - 1; id >= 0; id--) if (weights[id]! > 0) return id;
  return 0;
}
