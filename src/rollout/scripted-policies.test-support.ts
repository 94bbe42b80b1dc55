import type { Policy, Sample, SampleRequest, TokenPolicy, TokenSample, TokenSampleOptions } from '../core/policy.js';

const MARKERS = ['<eos>', '<tool_call>', '</tool_call>', '<tool_result>', '</tool_result>'];
const END_OF_SEQUENCE = 1000;

/**
 * A token-level policy that plays back scripted turns, character-tokenized with one token per
 * marker: it lets the engine's bookkeeping be checked exactly. It records every prefix it is given.
 */
export class ScriptedTokenPolicy implements TokenPolicy {
  readonly id = 'scripted';
  readonly version = '1';
  readonly prefixes: number[][][] = [];
  readonly endOfSequence = END_OF_SEQUENCE;
  private turn = 0;

  constructor(private readonly turns: readonly string[][]) {}

  encode(text: string): number[] {
    const ids: number[] = [];
    for (let index = 0; index < text.length; ) {
      const marker = MARKERS.findIndex((candidate) => text.startsWith(candidate, index));
      if (marker >= 0) {
        ids.push(1000 + marker);
        index += MARKERS[marker]!.length;
      } else {
        ids.push(text.codePointAt(index)!);
        index++;
      }
    }
    return ids;
  }

  /** Scripts write `<eos>` for the end of sequence; like a real tokenizer, it decodes to nothing. */
  encodePrompt(text: string): number[] {
    return this.encode(text);
  }

  decode(tokenIds: readonly number[]): string {
    return tokenIds.map((id) => (id === END_OF_SEQUENCE ? '' : id > 1000 ? MARKERS[id - 1000] : String.fromCodePoint(id))).join('');
  }

  tokenOf(marker: string): number | undefined {
    const index = MARKERS.indexOf(marker);
    return index >= 0 ? 1000 + index : undefined;
  }

  async continue(prefixes: readonly number[][], options: TokenSampleOptions): Promise<TokenSample[]> {
    this.prefixes.push(prefixes.map((prefix) => [...prefix]));
    const turn = this.turn++;
    return prefixes.map((_prefix, row) => {
      const text = this.turns[row]?.[turn] ?? '<eos>';
      const all = this.encode(text);
      const tokenIds = all.slice(0, options.maxTokens);
      const stopped = options.stopTokens?.includes(tokenIds.at(-1) ?? -1) ?? false;
      return { tokenIds, logprobs: tokenIds.map(() => -0.5), finishReason: stopped ? 'stop' : 'length' };
    });
  }
}

/** A chat policy that plays back scripted samples and records the requests it received. */
export class ScriptedChatPolicy implements Policy {
  readonly id = 'scripted-chat';
  readonly version = '1';
  readonly requests: SampleRequest[] = [];

  constructor(private readonly samples: Array<Partial<Sample> | Error>) {}

  async sample(request: SampleRequest): Promise<Sample[]> {
    this.requests.push(structuredClone({ ...request, signal: undefined }));
    const next = this.samples.shift() ?? { text: 'done' };
    if (next instanceof Error) throw next;
    return [{ text: '', finishReason: 'stop', promptTokens: 0, completionTokens: 1, ...next }];
  }
}
