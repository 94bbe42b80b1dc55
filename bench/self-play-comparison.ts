/**
 * Item 6 of issue 6: does growing the corpus by self-play beat the same solver budget on the fixed
 * corpus? Per seed: one tiny embedded model is warmed up (proposal format + solving the seed
 * corpus), copied into two arms that run the same number of solver RL steps on the same number
 * of problems per step — one arm also proposes (admitted problems join the corpus and are trained
 * on first), the other trains on the fixed corpus only — then both are scored greedily on
 * held-out sums that are in neither corpus. Run: EXPAND_BENCH=self-play npm run bench:expand
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Problem } from '../src/core/problem.js';
import { buildNearDuplicateIndex } from '../src/corpus/build-near-duplicate-index.js';
import { generateProblems } from '../src/corpus/generate-problems.js';
import { normalizedHash } from '../src/corpus/normalize-text.js';
import { openCorpus } from '../src/corpus/sqlite-corpus.js';
import { runSelfPlay, warmUpProposalFormat } from '../src/expand/self-play.js';
import { initBackend } from '../src/policy/embedded/index.js';
import { TransformerModel } from '../src/policy/embedded/model.js';
import { CharTokenizer } from '../src/policy/embedded/tokenizer.js';
import { addition } from '../src/tasks/addition.js';
import { parseTrainerConfig } from '../src/train/config.js';
import { greedyPass } from '../src/train/evaluate.js';
import { VerifierPool } from '../src/train/verifier-pool.js';
import { VerifierSet } from '../src/verify/verifier-set.js';

const SEEDS = (process.env.EXPAND_BENCH_SEEDS ?? '1,2,3').split(',').map(Number);
const STEPS = Number(process.env.EXPAND_BENCH_STEPS ?? 20);

function heldOutProblems(exclude: ReadonlySet<string>): Problem[] {
  return generateProblems(addition, { count: 200, minDifficulty: 0, maxDifficulty: 0.1, seed: 99, split: 'heldout' }).filter((problem) => !exclude.has(normalizedHash(problem.prompt)));
}

async function arm(seed: number, selfPlay: boolean, initial: TransformerModel, tokenizer: CharTokenizer, corpus: Problem[], heldOut: Problem[]) {
  const directory = mkdtempSync(join(tmpdir(), 'rlvr-self-play-'));
  const store = openCorpus(join(directory, 'corpus.db'));
  const verifiers = new VerifierSet();
  const pool = new VerifierPool();
  try {
    store.addProblems(corpus);
    const model = TransformerModel.create(initial.config, seed);
    model.variables.forEach((variable, index) => variable.assign(initial.variables[index]!));
    const history = await runSelfPlay({
      model, tokenizer, store, nearDuplicates: buildNearDuplicateIndex(store), verifiers,
      trainer: parseTrainerConfig({ lossType: 'grpo', groupSize: 8, maxCompletionTokens: 16, optimizer: { learningRate: 1e-3 } }),
      steps: STEPS, proposalsPerStep: selfPlay ? 16 : 0, solverSamples: 8, solverProblemsPerStep: 8, repetitionWeight: 0.5, band: [0.1, 0.9], seed,
    });
    const passed = await greedyPass(model, tokenizer, heldOut, pool, { maxTokens: 16 });
    return { heldOutPassRate: passed.filter(Boolean).length / passed.length, corpusSize: store.countProblems(), admitted: history.reduce((sum, step) => sum + step.admitted, 0) };
  } finally {
    store.close();
    await verifiers.close();
    await pool.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

export async function compareSelfPlay() {
  await initBackend();
  const rows = [];
  for (const seed of SEEDS) {
    const tokenizer = new CharTokenizer();
    const corpus = generateProblems(addition, { count: 40, minDifficulty: 0, maxDifficulty: 0.02, seed, split: 'train' });
    const heldOut = heldOutProblems(new Set(corpus.map((problem) => normalizedHash(problem.prompt))));
    const initial = TransformerModel.create({ layers: 1, width: 48, heads: 4, contextLength: 56, vocabSize: tokenizer.vocabSize }, seed);
    warmUpProposalFormat(initial, tokenizer, { steps: 300, batchSize: 24, learningRate: 1e-2, seed, parents: corpus.map((problem) => ({ problem, passRate: 0.5 })) });
    const verifierPool = new VerifierPool();
    const start = (await greedyPass(initial, tokenizer, heldOut, verifierPool, { maxTokens: 16 })).filter(Boolean).length / heldOut.length;
    await verifierPool.close();
    const fixed = await arm(seed, false, initial, tokenizer, corpus, heldOut);
    const grown = await arm(seed, true, initial, tokenizer, corpus, heldOut);
    const row = { seed, heldOut: heldOut.length, start, fixed, selfPlay: grown };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const spread = (values: number[]) => Math.sqrt(mean(values.map((value) => (value - mean(values)) ** 2)));
  const fixedRates = rows.map((row) => row.fixed.heldOutPassRate);
  const selfPlayRates = rows.map((row) => row.selfPlay.heldOutPassRate);
  const summary = { steps: STEPS, seeds: SEEDS, fixedMean: mean(fixedRates), fixedStd: spread(fixedRates), selfPlayMean: mean(selfPlayRates), selfPlayStd: spread(selfPlayRates), selfPlayWins: rows.filter((row) => row.selfPlay.heldOutPassRate > row.fixed.heldOutPassRate).length };
  console.log(JSON.stringify(summary));
  return { rows, summary };
}
