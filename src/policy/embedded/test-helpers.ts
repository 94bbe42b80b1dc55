import { CharTokenizer } from './tokenizer.js';
import { TransformerModel } from './model.js';

/** A model small enough for unit tests to run in milliseconds per step. */
export function tinyModel(seed = 1, contextLength = 32): { model: TransformerModel; tokenizer: CharTokenizer } {
  const tokenizer = new CharTokenizer();
  const model = TransformerModel.create({ vocabSize: tokenizer.vocabSize, layers: 2, width: 16, heads: 2, contextLength }, seed);
  return { model, tokenizer };
}
