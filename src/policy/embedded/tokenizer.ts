import { z } from 'zod';

/** Text markers of the embedded model's format; each is one token. */
export const MARKERS = {
  think: '<think>',
  endThink: '</think>',
  answer: '<answer>',
  endAnswer: '</answer>',
  toolCall: '<tool_call>',
  endToolCall: '</tool_call>',
  toolResult: '<tool_result>',
  endToolResult: '</tool_result>',
} as const;

export type MarkerName = keyof typeof MARKERS;

export interface SpecialTokens extends Record<MarkerName, number> {
  pad: number;
  bos: number;
  eos: number;
  unk: number;
}

/** Characters the tokenizer knows: newline plus printable ASCII (space to tilde). */
function defaultAlphabet(): string {
  let alphabet = '\n';
  for (let code = 32; code <= 126; code++) alphabet += String.fromCharCode(code);
  return alphabet;
}

const CONTROL_NAMES = ['pad', 'bos', 'eos', 'unk'] as const;
const MARKER_NAMES = Object.keys(MARKERS) as MarkerName[];

const serializedSchema = z.object({
  type: z.literal('char'),
  alphabet: z.string().min(1),
});
export type SerializedTokenizer = z.infer<typeof serializedSchema>;

/**
 * Character-level tokenizer. Ids: PAD=0, BOS=1, EOS=2, UNK=3, then the eight markers, then one
 * id per alphabet character. A character outside the alphabet encodes as UNK (and decodes as
 * U+FFFD) rather than throwing, so an odd prompt never stops a training run; `unknownCharacters`
 * lets a caller reject such text up front. BOS, EOS and PAD decode to nothing.
 */
export class CharTokenizer {
  readonly vocabSize: number;
  readonly special: SpecialTokens;
  readonly alphabet: string;
  private readonly characterIds = new Map<string, number>();
  private readonly pieces: string[];

  constructor(alphabet: string = defaultAlphabet()) {
    const characters = [...alphabet];
    if (new Set(characters).size !== characters.length) {
      throw new RangeError('CharTokenizer: the alphabet has a repeated character');
    }
    this.alphabet = alphabet;
    const special: Partial<SpecialTokens> = {};
    const pieces: string[] = [];
    for (const name of CONTROL_NAMES) {
      special[name] = pieces.length;
      pieces.push(name === 'unk' ? '\uFFFD' : '');
    }
    for (const name of MARKER_NAMES) {
      special[name] = pieces.length;
      pieces.push(MARKERS[name]);
    }
    for (const character of characters) {
      this.characterIds.set(character, pieces.length);
      pieces.push(character);
    }
    this.special = special as SpecialTokens;
    this.pieces = pieces;
    this.vocabSize = pieces.length;
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    let index = 0;
    while (index < text.length) {
      const marker = text[index] === '<' ? this.markerAt(text, index) : undefined;
      if (marker !== undefined) {
        ids.push(this.special[marker]);
        index += MARKERS[marker].length;
        continue;
      }
      const character = String.fromCodePoint(text.codePointAt(index)!);
      ids.push(this.characterIds.get(character) ?? this.special.unk);
      index += character.length;
    }
    return ids;
  }

  decode(ids: readonly number[]): string {
    let text = '';
    for (const id of ids) {
      const piece = this.pieces[id];
      if (piece === undefined) throw new RangeError(`CharTokenizer.decode: token id ${id} is outside the vocabulary (size ${this.vocabSize})`);
      text += piece;
    }
    return text;
  }

  /** The text one token stands for ('' for PAD, BOS and EOS). */
  piece(id: number): string {
    return this.decode([id]);
  }

  /** Distinct characters of `text` that would encode as UNK. */
  unknownCharacters(text: string): string[] {
    const unknown = new Set<string>();
    for (const character of text.replace(/<\/?(think|answer|tool_call|tool_result)>/g, '')) {
      if (!this.characterIds.has(character)) unknown.add(character);
    }
    return [...unknown];
  }

  toJSON(): SerializedTokenizer {
    return { type: 'char', alphabet: this.alphabet };
  }

  static fromJSON(value: unknown): CharTokenizer {
    const parsed = serializedSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new RangeError(`CharTokenizer.fromJSON: field "${issue.path.join('.')}": ${issue.message}`);
    }
    return new CharTokenizer(parsed.data.alphabet);
  }

  private markerAt(text: string, index: number): MarkerName | undefined {
    return MARKER_NAMES.find((name) => text.startsWith(MARKERS[name], index));
  }
}
