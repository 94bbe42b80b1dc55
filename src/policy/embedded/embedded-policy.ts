import { createHash } from 'node:crypto';
import type { ChatMessage, Policy, Sample, SampleRequest } from '../../core/policy.js';
import { Random } from '../../core/random.js';
import { generate } from './generate.js';
import type { TransformerModel } from './model.js';
import type { CharTokenizer } from './tokenizer.js';

export interface EmbeddedPolicyOptions {
  model: TransformerModel;
  tokenizer: CharTokenizer;
  /** Seed or stream for sampling; each `sample` call forks its own stream from it. */
  random: Random | number | string;
  id?: string;
  /**
   * Identifies the weights in attempt records: a fixed string, a function read at every call
   * (e.g. the trainer's step counter), or, by default, a hash of the current weights.
   */
  version?: string | (() => string);
}

/**
 * The embedded transformer as a `Policy`. Prompt rendering for the tiny model: BOS followed by
 * the content of the LAST user message (callers pass the problem's compact prompt there, e.g.
 * `12+39=`); system, assistant and tool messages are ignored. A completion ends at EOS, at a
 * token of any `stop` string that is a single token (such as `</answer>`), or at maxTokens.
 * `text` is the decoded completion including a stop marker's text (EOS decodes to nothing);
 * `tokenIds` and `logprobs` are the completion's ids and their untempered log-probabilities.
 */
export class EmbeddedPolicy implements Policy {
  readonly id: string;
  private readonly model: TransformerModel;
  private readonly tokenizer: CharTokenizer;
  private readonly random: Random;
  private readonly versionSource: string | (() => string) | undefined;

  constructor(options: EmbeddedPolicyOptions) {
    this.model = options.model;
    this.tokenizer = options.tokenizer;
    this.random = options.random instanceof Random ? options.random : new Random(options.random);
    this.id = options.id ?? `embedded:${describe(options.model)}`;
    this.versionSource = options.version;
  }

  get version(): string {
    if (typeof this.versionSource === 'string') return this.versionSource;
    if (typeof this.versionSource === 'function') return this.versionSource();
    return weightsHash(this.model);
  }

  /** The prompt token ids for these messages (see the class comment for the rendering). */
  renderPrompt(messages: readonly ChatMessage[]): number[] {
    const lastUser = [...messages].reverse().find((message) => message.role === 'user');
    if (lastUser === undefined) throw new RangeError('EmbeddedPolicy: the request has no user message to use as the prompt');
    return [this.tokenizer.special.bos, ...this.tokenizer.encode(lastUser.content)];
  }

  async sample(request: SampleRequest): Promise<Sample[]> {
    const count = request.n ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`EmbeddedPolicy: n must be a positive integer, received ${count}`);
    const prompt = this.renderPrompt(request.messages);
    const { tokens, logprobs, finishReasons } = await generate(
      this.model,
      Array.from({ length: count }, () => prompt),
      {
        maxTokens: request.maxTokens,
        temperature: request.temperature,
        topP: request.topP,
        stopTokens: this.stopTokens(request.stop),
        random: this.random.fork('sample'),
        signal: request.signal,
      },
    );
    return tokens.map((ids, index) => ({
      text: this.tokenizer.decode(ids),
      finishReason: finishReasons[index]!,
      tokenIds: ids,
      logprobs: logprobs[index]!,
      promptTokens: prompt.length,
      completionTokens: ids.length,
    }));
  }

  /** EOS plus every stop string that is one token; longer stop strings cannot be honoured here. */
  private stopTokens(stop: readonly string[] | undefined): number[] {
    const ids = new Set([this.tokenizer.special.eos]);
    for (const text of stop ?? []) {
      const encoded = this.tokenizer.encode(text);
      if (encoded.length !== 1) {
        throw new RangeError(`EmbeddedPolicy: stop string ${JSON.stringify(text)} is ${encoded.length} tokens; only single-token stops are supported`);
      }
      ids.add(encoded[0]!);
    }
    return [...ids];
  }
}

function describe(model: TransformerModel): string {
  const { layers, width, heads, contextLength } = model.config;
  return `L${layers}-W${width}-H${heads}-C${contextLength}`;
}

/** A short hash of every weight's bytes: changes whenever any weight does. */
export function weightsHash(model: TransformerModel): string {
  const hash = createHash('sha256');
  for (const variable of model.variables) {
    const values = variable.dataSync() as Float32Array;
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}
