import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildNearDuplicateIndex } from '../corpus/build-near-duplicate-index.js';
import { generateProblems } from '../corpus/generate-problems.js';
import { openCorpus } from '../corpus/sqlite-corpus.js';
import { temporaryDirectory } from '../corpus/test-helpers.js';
import { initBackend } from '../policy/embedded/index.js';
import { TransformerModel } from '../policy/embedded/model.js';
import { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { addition } from '../tasks/addition.js';
import { parseTrainerConfig } from '../train/config.js';
import { VerifierSet } from '../verify/verifier-set.js';
import { runSelfPlay, warmUpProposalFormat } from './self-play.js';

let directory: ReturnType<typeof temporaryDirectory>;
beforeAll(async () => {
  await initBackend();
});
afterEach(() => directory?.cleanup());

describe('runSelfPlay', () => {
  it('seeded smoke run: a tiny embedded model proposes, admits at least one problem with provenance, and both roles are updated', async () => {
    directory = temporaryDirectory();
    const store = openCorpus(join(directory.dir, 'corpus.db'));
    const verifiers = new VerifierSet();
    try {
      store.addProblems(generateProblems(addition, { count: 40, minDifficulty: 0, maxDifficulty: 0.02, seed: 1, split: 'train' }));
      const tokenizer = new CharTokenizer();
      const model = TransformerModel.create({ layers: 1, width: 48, heads: 4, contextLength: 56, vocabSize: tokenizer.vocabSize }, 7);
      const parents = store.listProblems().map((problem) => ({ problem, passRate: 0.5 }));
      const loss = warmUpProposalFormat(model, tokenizer, { steps: 300, batchSize: 24, learningRate: 1e-2, seed: 2, parents });
      expect(loss).toBeLessThan(1);
      const before = model.variables.map((variable) => variable.dataSync().slice());
      const history = await runSelfPlay({
        model, tokenizer, store, nearDuplicates: buildNearDuplicateIndex(store), verifiers,
        trainer: parseTrainerConfig({ lossType: 'grpo', groupSize: 8, maxCompletionTokens: 16, optimizer: { learningRate: 1e-3 } }),
        steps: 2, proposalsPerStep: 16, solverSamples: 8, solverProblemsPerStep: 4, repetitionWeight: 0.5, band: [0, 1], seed: 3,
      });
      expect(history).toHaveLength(2);
      const admitted = history.reduce((sum, step) => sum + step.admitted, 0);
      expect(admitted).toBeGreaterThanOrEqual(1);
      const proposed = store.listProblems({ source: 'proposed' });
      expect(proposed).toHaveLength(admitted);
      expect(proposed[0]!.metadata['provenance']).toMatchObject({ origin: 'proposer', proposer: { id: 'embedded:self-play' } });
      expect(proposed[0]!.parents).toHaveLength(1);
      expect(model.variables.some((variable, index) => variable.dataSync().some((value, at) => value !== before[index]![at]))).toBe(true);
    } finally {
      store.close();
      await verifiers.close();
    }
  }, 120_000);
});
