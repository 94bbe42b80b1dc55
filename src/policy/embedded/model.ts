import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../core/random.js';
import { parseTransformerConfig } from './model-config.js';
import { registerGradients } from './register-gradients.js';
import { decodeAttention, decodeMask, prefillAttention, prefillMask } from './cached-attention.js';
import type { LayerCache } from './cached-attention.js';
import { causalAttention, layerNorm, layerNormInference, targetLogprobs } from './fused-ops.js';
import { embed, linear, projectOntoRows } from './linear.js';
import type { TransformerConfig, TransformerConfigInput } from './model-config.js';

export type { TransformerConfig, TransformerConfigInput } from './model-config.js';
export type { LayerCache } from './cached-attention.js';

interface LayerWeights {
  attentionNormScale: tf.Variable;
  attentionNormBias: tf.Variable;
  qkvWeight: tf.Variable;
  qkvBias: tf.Variable;
  outputWeight: tf.Variable;
  outputBias: tf.Variable;
  mlpNormScale: tf.Variable;
  mlpNormBias: tf.Variable;
  upWeight: tf.Variable;
  upBias: tf.Variable;
  downWeight: tf.Variable;
  downBias: tf.Variable;
}

/** Additive attention mask value: large enough to zero a softmax weight, finite so fully masked rows stay NaN-free. */
export const MASKED = -1e9;

let modelCount = 0;

/** Shapes of every parameter, by checkpoint name, in a fixed order. */
export function parameterShapes(config: TransformerConfig): Map<string, number[]> {
  const { vocabSize, width, contextLength, mlpRatio } = config;
  const shapes = new Map<string, number[]>([
    ['token_embedding', [vocabSize, width]],
    ['position_embedding', [contextLength, width]],
  ]);
  for (let layer = 0; layer < config.layers; layer++) {
    const prefix = `layers.${layer}`;
    shapes.set(`${prefix}.attention_norm.scale`, [width]);
    shapes.set(`${prefix}.attention_norm.bias`, [width]);
    shapes.set(`${prefix}.attention.qkv.weight`, [width, 3 * width]);
    shapes.set(`${prefix}.attention.qkv.bias`, [3 * width]);
    shapes.set(`${prefix}.attention.output.weight`, [width, width]);
    shapes.set(`${prefix}.attention.output.bias`, [width]);
    shapes.set(`${prefix}.mlp_norm.scale`, [width]);
    shapes.set(`${prefix}.mlp_norm.bias`, [width]);
    shapes.set(`${prefix}.mlp.up.weight`, [width, mlpRatio * width]);
    shapes.set(`${prefix}.mlp.up.bias`, [mlpRatio * width]);
    shapes.set(`${prefix}.mlp.down.weight`, [mlpRatio * width, width]);
    shapes.set(`${prefix}.mlp.down.bias`, [width]);
  }
  shapes.set('final_norm.scale', [width]);
  shapes.set('final_norm.bias', [width]);
  return shapes;
}

/**
 * GPT-2 style initialization: weights ~ N(0, initStd), residual output projections scaled by
 * 1/sqrt(2·layers) (Radford et al. 2019, §2.3), biases 0, norm scales 1. Each parameter draws
 * from its own stream forked by name, so the values do not depend on creation order.
 */
function initialValue(name: string, shape: number[], config: TransformerConfig, random: Random): Float32Array {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  const values = new Float32Array(size);
  if (name.endsWith('.scale')) return values.fill(1);
  if (name.endsWith('.bias')) return values;
  const residualOutput = name.endsWith('attention.output.weight') || name.endsWith('mlp.down.weight');
  const std = residualOutput ? config.initStd / Math.sqrt(2 * config.layers) : config.initStd;
  const stream = random.fork(name);
  for (let index = 0; index < size; index++) values[index] = stream.normal() * std;
  return values;
}

/**
 * A decoder-only transformer (GPT-2 layout): token + learned position embeddings, pre-LayerNorm
 * blocks of causal multi-head attention (one fused QKV matmul) and a ReLU MLP, a final
 * LayerNorm, and output logits tied to the token embedding.
 */
export class TransformerModel {
  readonly config: TransformerConfig;
  /** Every trainable weight, in checkpoint order. */
  readonly variables: tf.Variable[];
  /** The same weights by checkpoint name (e.g. `layers.0.attention.qkv.weight`). */
  readonly parameters: ReadonlyMap<string, tf.Variable>;
  private readonly tokenEmbedding: tf.Variable;
  private readonly positionEmbedding: tf.Variable;
  private readonly layerWeights: LayerWeights[];
  private readonly finalNormScale: tf.Variable;
  private readonly finalNormBias: tf.Variable;
  private readonly causalMasks = new Map<number, tf.Tensor2D>();
  private disposed = false;

  private constructor(config: TransformerConfig, values: (name: string, shape: number[]) => Float32Array) {
    registerGradients();
    this.config = config;
    const scope = `transformer${++modelCount}`;
    const parameters = new Map<string, tf.Variable>();
    for (const [name, shape] of parameterShapes(config)) {
      parameters.set(name, tf.variable(tf.tensor(values(name, shape), shape, 'float32'), true, `${scope}/${name}`));
    }
    this.parameters = parameters;
    this.variables = [...parameters.values()];
    const get = (name: string) => parameters.get(name)!;
    this.tokenEmbedding = get('token_embedding');
    this.positionEmbedding = get('position_embedding');
    this.layerWeights = Array.from({ length: config.layers }, (_, layer) => {
      const prefix = `layers.${layer}`;
      return {
        attentionNormScale: get(`${prefix}.attention_norm.scale`),
        attentionNormBias: get(`${prefix}.attention_norm.bias`),
        qkvWeight: get(`${prefix}.attention.qkv.weight`),
        qkvBias: get(`${prefix}.attention.qkv.bias`),
        outputWeight: get(`${prefix}.attention.output.weight`),
        outputBias: get(`${prefix}.attention.output.bias`),
        mlpNormScale: get(`${prefix}.mlp_norm.scale`),
        mlpNormBias: get(`${prefix}.mlp_norm.bias`),
        upWeight: get(`${prefix}.mlp.up.weight`),
        upBias: get(`${prefix}.mlp.up.bias`),
        downWeight: get(`${prefix}.mlp.down.weight`),
        downBias: get(`${prefix}.mlp.down.bias`),
      };
    });
    this.finalNormScale = get('final_norm.scale');
    this.finalNormBias = get('final_norm.bias');
  }

  /** A freshly initialized model; the same config and seed give the same weights. */
  static create(config: TransformerConfigInput, seed: number | string | Random): TransformerModel {
    const parsed = parseTransformerConfig(config);
    const random = seed instanceof Random ? seed : new Random(seed);
    return new TransformerModel(parsed, (name, shape) => initialValue(name, shape, parsed, random));
  }

  /** A model with the given weights (by checkpoint name); every parameter must be present with its exact size. */
  static fromWeights(config: TransformerConfigInput, weights: ReadonlyMap<string, Float32Array>): TransformerModel {
    const parsed = parseTransformerConfig(config);
    return new TransformerModel(parsed, (name, shape) => {
      const values = weights.get(name);
      if (values === undefined) throw new RangeError(`missing weight "${name}"`);
      const size = shape.reduce((product, dimension) => product * dimension, 1);
      if (values.length !== size) {
        throw new RangeError(`weight "${name}" has ${values.length} values, expected ${size} for shape [${shape.join(', ')}]`);
      }
      return values;
    });
  }

  /** Next-token logits at every position: ids int32 [B, T] → [B, T, vocabSize]. */
  logits(ids: tf.Tensor2D): tf.Tensor3D {
    const [batch, time] = ids.shape;
    return tf.tidy(() => {
      const hidden = this.finalNorm(this.hiddenStates(ids));
      return tf.reshape(this.project(hidden), [batch, time, this.config.vocabSize]);
    });
  }

  /**
   * log p(ids[:, t+1] | ids[:, ≤t]) for t = 0..T-2: ids int32 [B, T] → [B, T-1]. Differentiable
   * with respect to `variables` on every backend (no gather gradient is needed). Rows of
   * different lengths must be RIGHT-padded (positions count from column 0); entries whose
   * target is padding are meaningless and must be masked out of a loss.
   */
  tokenLogprobs(ids: tf.Tensor2D): tf.Tensor2D {
    const [batch, time] = ids.shape;
    if (time < 2) throw new RangeError(`tokenLogprobs needs at least 2 tokens per row, received ${time}`);
    return tf.tidy(() => {
      // Every position is projected, the last one against no target (-1), and its column dropped
      // afterwards: cheaper on WASM than slicing [B, T, width] (a row-by-row copy) and padding its gradient.
      const logits = this.project(this.finalNorm(this.hiddenStates(ids)));
      const targets = tf.reshape(tf.concat([tf.slice(ids, [0, 1], [batch, time - 1]), tf.fill([batch, 1], -1, 'int32')], 1), [-1]) as tf.Tensor1D;
      return tf.slice(tf.reshape(targetLogprobs(logits, targets), [batch, time]), [0, 0], [batch, time - 1]) as tf.Tensor2D;
    });
  }

  /**
   * Runs new positions through the model with a key/value cache, for generation. `ids` and
   * `positions` are int32 [B, T]; `keyMask` [B, past + T] is additive (0 for real tokens, MASKED
   * for left padding). Without `past` this is the prompt pass (causal over the T positions);
   * with `past`, T must be 1. Returns the logits of the last position ([B, vocabSize]) and the
   * extended caches. The caller owns (and must dispose) every returned tensor; `past` is left
   * untouched.
   */
  forwardCached(
    ids: tf.Tensor2D,
    positions: tf.Tensor2D,
    keyMask: tf.Tensor2D,
    past?: readonly LayerCache[],
  ): { logits: tf.Tensor2D; caches: LayerCache[] } {
    const [batch, time] = ids.shape;
    const { width, heads, layerNormEpsilon } = this.config;
    if (past && time !== 1) throw new RangeError(`forwardCached with a cache takes one position per row, received ${time}`);
    const [logits, ...cacheTensors] = tf.tidy(() => {
      const tokens = tf.gather(this.tokenEmbedding, tf.reshape(ids, [-1]));
      const placed = tf.gather(this.positionEmbedding, tf.reshape(positions, [-1]));
      const caches: LayerCache[] = [];
      const stepMask = past ? decodeMask(keyMask) : undefined;
      const promptMask = past ? undefined : prefillMask(keyMask, this.causalMask(time));
      let hidden = tf.add(tokens, placed) as tf.Tensor2D;
      this.layerWeights.forEach((weights, layer) => {
        const normed = layerNormInference(hidden, vector(weights.attentionNormScale), vector(weights.attentionNormBias), layerNormEpsilon);
        const qkv = tf.fused.matMul({ a: normed, b: matrix(weights.qkvWeight), bias: vector(weights.qkvBias) }) as tf.Tensor2D;
        const shape = { batch, time, heads };
        const pastCache = past?.[layer];
        const { merged, cache } = pastCache ? decodeAttention(qkv, stepMask!, pastCache, shape) : prefillAttention(qkv, promptMask!, shape);
        hidden = this.finishBlockInference(hidden, merged, weights);
        caches.push(cache);
      });
      const last = tf.reshape(tf.slice(tf.reshape(hidden, [batch, time, width]), [0, time - 1, 0], [batch, 1, width]), [batch, width]);
      const flatCaches = caches.flatMap((cache) => [cache.keys, cache.values]);
      const normedLast = layerNormInference(last as tf.Tensor2D, vector(this.finalNormScale), vector(this.finalNormBias), layerNormEpsilon);
      return [tf.matMul(normedLast, tf.transpose(matrix(this.tokenEmbedding))), ...flatCaches];
    });
    const caches: LayerCache[] = [];
    for (let index = 0; index < cacheTensors.length; index += 2) {
      caches.push({ keys: cacheTensors[index] as tf.Tensor3D, values: cacheTensors[index + 1] as tf.Tensor3D });
    }
    return { logits: logits as tf.Tensor2D, caches };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const variable of this.variables) variable.dispose();
    for (const mask of this.causalMasks.values()) mask.dispose();
    this.causalMasks.clear();
  }

  /** Residual stream after every block, before the final norm: [B·T, width]. */
  private hiddenStates(ids: tf.Tensor2D): tf.Tensor2D {
    const [batch, time] = ids.shape;
    const { width, contextLength } = this.config;
    if (time > contextLength) throw new RangeError(`sequence length ${time} exceeds the model's contextLength ${contextLength}`);
    const tokens = tf.reshape(embed(matrix(this.tokenEmbedding), tf.reshape(ids, [-1]) as tf.Tensor1D), [batch, time, width]);
    const placed = tf.slice(this.positionEmbedding, [0, 0], [time, width]);
    let hidden = tf.reshape(tf.add(tokens, placed), [batch * time, width]) as tf.Tensor2D;
    const mask = this.causalMask(time);
    for (const weights of this.layerWeights) hidden = this.block(hidden, batch, time, mask, weights);
    return hidden;
  }

  /** One transformer block on the whole sequence, with hand-written gradients (training path). */
  private block(input: tf.Tensor2D, batch: number, time: number, mask: tf.Tensor2D, weights: LayerWeights): tf.Tensor2D {
    const { heads, layerNormEpsilon } = this.config;
    const normed = layerNorm(input, vector(weights.attentionNormScale), vector(weights.attentionNormBias), layerNormEpsilon);
    const qkv = linear(normed, matrix(weights.qkvWeight), vector(weights.qkvBias));
    return this.finishBlock(input, causalAttention(qkv, mask, { batch, time, heads }), weights);
  }

  /** Attention output projection and residual, then the MLP and its residual. */
  private finishBlock(input: tf.Tensor2D, merged: tf.Tensor2D, weights: LayerWeights): tf.Tensor2D {
    const epsilon = this.config.layerNormEpsilon;
    const afterAttention = tf.add(input, linear(merged, matrix(weights.outputWeight), vector(weights.outputBias))) as tf.Tensor2D;
    const mlpInput = layerNorm(afterAttention, vector(weights.mlpNormScale), vector(weights.mlpNormBias), epsilon);
    const up = linear(mlpInput, matrix(weights.upWeight), vector(weights.upBias), 'relu');
    const down = linear(up, matrix(weights.downWeight), vector(weights.downBias));
    return tf.add(afterAttention, down) as tf.Tensor2D;
  }

  /** `finishBlock` with plain ops, no gradient bookkeeping (generation path). */
  private finishBlockInference(input: tf.Tensor2D, merged: tf.Tensor2D, weights: LayerWeights): tf.Tensor2D {
    const epsilon = this.config.layerNormEpsilon;
    const projected = tf.fused.matMul({ a: merged, b: matrix(weights.outputWeight), bias: vector(weights.outputBias) });
    const afterAttention = tf.add(input, projected) as tf.Tensor2D;
    const mlpInput = layerNormInference(afterAttention, vector(weights.mlpNormScale), vector(weights.mlpNormBias), epsilon);
    const up = tf.fused.matMul({ a: mlpInput, b: matrix(weights.upWeight), bias: vector(weights.upBias), activation: 'relu' });
    const down = tf.fused.matMul({ a: up, b: matrix(weights.downWeight), bias: vector(weights.downBias) });
    return tf.add(afterAttention, down) as tf.Tensor2D;
  }

  private finalNorm(hidden: tf.Tensor2D): tf.Tensor2D {
    return layerNorm(hidden, vector(this.finalNormScale), vector(this.finalNormBias), this.config.layerNormEpsilon);
  }

  /** Logits tied to the token embedding: [N, width] → [N, vocabSize]. */
  private project(hidden: tf.Tensor2D): tf.Tensor2D {
    return projectOntoRows(hidden, matrix(this.tokenEmbedding));
  }

  /** [T, T] additive mask, 0 on and below the diagonal; cached per length. */
  private causalMask(time: number): tf.Tensor2D {
    let mask = this.causalMasks.get(time);
    if (mask === undefined) {
      const values = new Float32Array(time * time);
      for (let row = 0; row < time; row++) values.fill(MASKED, row * time + row + 1, (row + 1) * time);
      mask = tf.keep(tf.tensor2d(values, [time, time]));
      this.causalMasks.set(time, mask);
    }
    return mask;
  }
}

function matrix(variable: tf.Variable): tf.Tensor2D {
  return variable as unknown as tf.Tensor2D;
}

function vector(variable: tf.Variable): tf.Tensor1D {
  return variable as unknown as tf.Tensor1D;
}
