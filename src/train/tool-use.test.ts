import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblems } from '../corpus/generate-problems.js';
import { openCorpus } from '../corpus/sqlite-corpus.js';
import { initBackend } from '../policy/embedded/backend.js';
import { TransformerModel } from '../policy/embedded/model.js';
import { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { getFamily } from '../tasks/registry.js';
import { startRlRun } from './rl-loop.js';
import { buildTokenBatch } from './token-batch.js';
import { calculatorDemonstration } from './tool-use.js';

const tokenizer = new CharTokenizer();
const product = getFamily('multiplication').generate(4, 0.3);
let directory: string;

beforeAll(async () => {
  await initBackend('cpu');
  directory = mkdtempSync(path.join(tmpdir(), 'rlvr-tool-train-'));
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('calculatorDemonstration', () => {
  it('trains on the call and the answer, never on the tool output', () => {
    const { completion, completionMask } = calculatorDemonstration(product, product.answer!, tokenizer);
    const trained = tokenizer.decode(completion.filter((_id, index) => completionMask![index] === 1));
    const masked = tokenizer.decode(completion.filter((_id, index) => completionMask![index] === 0));
    const expression = String(product.metadata.compactPrompt).replace(/=$/, '');
    expect(trained).toBe(`<tool_call>calculator ${expression}</tool_call><answer>${product.answer}</answer>`);
    expect(masked).toBe(`<tool_result>${product.answer}</tool_result>`);
  });

  it('carries its mask into the training batch', () => {
    const prompt = [tokenizer.special.bos, ...tokenizer.encode(String(product.metadata.compactPrompt))];
    const demonstration = calculatorDemonstration(product, product.answer!, tokenizer);
    const batch = buildTokenBatch([{ prompt, ...demonstration }], tokenizer.special.pad);
    const expected = [...Array(prompt.length - 1).fill(0), ...demonstration.completionMask!];
    expect(Array.from(batch.lossMask).slice(0, expected.length)).toEqual(expected);
  });
});

describe('RL with tools', () => {
  it('runs steps with the calculator offered and keeps the tools in the run config for --resume', { timeout: 120_000 }, async () => {
    const database = path.join(directory, 'corpus.db');
    const store = openCorpus(database);
    store.addProblems(generateProblems(getFamily('multiplication'), { count: 12, minDifficulty: 0, maxDifficulty: 0.3, seed: 2, split: 'train' }));
    store.addProblems(generateProblems(getFamily('multiplication'), { count: 4, minDifficulty: 0, maxDifficulty: 0.3, seed: 3, split: 'heldout' }));
    store.close();
    const model = TransformerModel.create({ vocabSize: tokenizer.vocabSize, layers: 1, width: 16, heads: 2, contextLength: 48 }, 1);
    const runDir = path.join(directory, 'run');
    const result = await startRlRun(
      runDir,
      {
        database,
        trainer: { lossType: 'grpo', groupSize: 2, maxCompletionTokens: 12, optimizer: { learningRate: 0.001 } },
        sampler: 'uniform',
        problemsPerStep: 2,
        steps: 2,
        seed: 1,
        checkpointEvery: 1,
        bands: [[0, 0.3]],
        tools: ['calculator'],
      },
      { model, tokenizer },
    );
    expect(result.steps).toBe(2);
    expect(JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8'))).toMatchObject({ tools: ['calculator'] });
    result.model.dispose();
  });
});
