import { describe, expect, it } from 'vitest';
import { CharTokenizer, MARKERS } from './tokenizer.js';

describe('CharTokenizer', () => {
  const tokenizer = new CharTokenizer();

  it('round-trips printable ASCII, newlines and every marker, one token per marker', () => {
    const text = `12+39=\n<think>carry 1</think><answer>51</answer><tool_call>{"x": 1}</tool_call><tool_result>~ok</tool_result>`;
    const ids = tokenizer.encode(text);
    expect(tokenizer.decode(ids)).toBe(text);
    for (const [name, marker] of Object.entries(MARKERS)) {
      expect(tokenizer.encode(marker)).toEqual([tokenizer.special[name as keyof typeof MARKERS]]);
    }
    expect(ids.filter((id) => id === tokenizer.special.answer)).toHaveLength(1);
  });

  it('has distinct special ids and a vocabulary of 4 controls + 8 markers + 96 characters', () => {
    const ids = Object.values(tokenizer.special);
    expect(new Set(ids).size).toBe(ids.length);
    expect(tokenizer.vocabSize).toBe(4 + 8 + 96);
  });

  it('encodes an unknown character as UNK and reports it', () => {
    const ids = tokenizer.encode('3×4');
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBe(tokenizer.special.unk);
    expect(tokenizer.unknownCharacters('3×4 <answer>é</answer>')).toEqual(['×', 'é']);
  });

  it('decodes BOS, EOS and PAD to nothing and rejects ids outside the vocabulary', () => {
    const { bos, eos, pad } = tokenizer.special;
    expect(tokenizer.decode([bos, ...tokenizer.encode('a<b'), eos, pad])).toBe('a<b');
    expect(() => tokenizer.decode([tokenizer.vocabSize])).toThrow(/outside the vocabulary/);
  });

  it('survives toJSON/fromJSON and rejects a malformed serialization', () => {
    const restored = CharTokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
    expect(restored.encode('<answer>7</answer>')).toEqual(tokenizer.encode('<answer>7</answer>'));
    expect(() => CharTokenizer.fromJSON({ type: 'char' })).toThrow(/alphabet/);
  });
});
