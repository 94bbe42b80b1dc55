import type { TokenPolicy, TokenSample, TokenSampleOptions } from '../core/policy.js';
import { Random } from '../core/random.js';
import { generate } from './embedded/generate.js';
import type { TransformerModel } from './embedded/model.js';
import type { CharTokenizer } from './embedded/tokenizer.js';

/**
 * The embedded model at the token level, for multi-turn episodes with tools and for the HTTP
 * server: continuations of exact token sequences, capped by the model's context.
 */
export class EmbeddedTokenPolicy implements TokenPolicy {
  readonly id: string;
  readonly endOfSequence: number;
  private readonly random: Random;
  private readonly versionOf: () => string;

  constructor(
    private readonly model: TransformerModel,
    private readonly tokenizer: CharTokenizer,
    options: { random: Random | number; version: string | (() => string); id?: string },
  ) {
    this.id = options.id ?? 'embedded';
    this.endOfSequence = tokenizer.special.eos;
    this.random = options.random instanceof Random ? options.random : new Random(options.random);
    this.versionOf = typeof options.version === 'string' ? () => options.version as string : options.version;
  }

  get version(): string {
    return this.versionOf();
  }

  get contextLength(): number {
    return this.model.config.contextLength;
  }

  encode(text: string): number[] {
    return this.tokenizer.encode(text);
  }

  encodePrompt(text: string): number[] {
    return [this.tokenizer.special.bos, ...this.tokenizer.encode(text)];
  }

  decode(tokenIds: readonly number[]): string {
    return this.tokenizer.decode(tokenIds);
  }

  tokenOf(marker: string): number | undefined {
    const ids = this.tokenizer.encode(marker);
    return ids.length === 1 && ids[0] !== this.tokenizer.special.unk && marker.length > 1 ? ids[0] : undefined;
  }

  /** Each row stops at the model's context by itself; a row already at the context gets nothing. */
  async continue(prefixes: readonly number[][], options: TokenSampleOptions): Promise<TokenSample[]> {
    const full: TokenSample = { tokenIds: [], logprobs: [], finishReason: 'length' };
    const open = prefixes.flatMap((prefix, row) => (prefix.length < this.contextLength ? [row] : []));
    if (open.length === 0) return prefixes.map(() => full);
    const result = await generate(this.model, open.map((row) => prefixes[row]!), {
      maxTokens: options.maxTokens,
      temperature: options.temperature,
      topP: options.topP,
      stopTokens: options.stopTokens,
      random: this.random,
      signal: options.signal,
    });
    const samples = prefixes.map(() => full);
    open.forEach((row, index) => (samples[row] = { tokenIds: result.tokens[index]!, logprobs: result.logprobs[index]!, finishReason: result.finishReasons[index]! }));
    return samples;
  }
}
