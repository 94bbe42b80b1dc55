import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildNearDuplicateIndex } from '../../corpus/build-near-duplicate-index.js';
import { resolveDatabasePath } from '../../corpus/database-path.js';
import { openCorpus } from '../../corpus/sqlite-corpus.js';
import { runSelfPlay, warmUpProposalFormat } from '../../expand/self-play.js';
import { initBackend, loadCheckpoint, saveCheckpoint } from '../../policy/embedded/index.js';
import { parseTrainerConfig } from '../../train/config.js';
import { VerifierSet } from '../../verify/verifier-set.js';
import { UsageError } from '../usage-error.js';

export interface SelfPlayOptions {
  init?: string;
  runDir?: string;
  db?: string;
  steps: number;
  proposalsPerStep: number;
  problemsPerStep: number;
  groupSize: number;
  repetitionWeight: number;
  band: [number, number];
  families?: string[];
  lr: number;
  maxTokens: number;
  warmUpSteps: number;
  seed: number;
  json?: boolean;
}

/**
 * `rlvr train --self-play`: one embedded model proposes problems at its boundary and solves them
 * (Absolute Zero reward, R-Zero repetition penalty); admitted problems enter the corpus with their
 * provenance. Writes the final policy and the per-step history to the run folder.
 */
export async function runSelfPlayAction(options: SelfPlayOptions): Promise<void> {
  if (!options.init) throw new UsageError('rlvr train --self-play needs --init CHECKPOINT (e.g. from rlvr sft)');
  await initBackend();
  const runDir = options.runDir ?? path.join('runs', `self-play-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`);
  const { model, tokenizer } = await loadCheckpoint(options.init);
  const store = openCorpus(resolveDatabasePath(options.db));
  const verifiers = new VerifierSet();
  try {
    const parents = store.listProblems({ split: 'train', ...(options.families ? { family: options.families } : {}), limit: 256 });
    if (parents.length === 0) throw new UsageError('the corpus has no training problems to propose from; run rlvr corpus generate first');
    if (options.warmUpSteps > 0) {
      warmUpProposalFormat(model, tokenizer, { steps: options.warmUpSteps, batchSize: 24, learningRate: options.lr * 10, seed: options.seed, parents: parents.map((problem) => ({ problem, passRate: 0.5 })) });
    }
    const history = await runSelfPlay({
      model,
      tokenizer,
      store,
      nearDuplicates: buildNearDuplicateIndex(store),
      verifiers,
      trainer: parseTrainerConfig({ lossType: 'grpo', groupSize: options.groupSize, maxCompletionTokens: options.maxTokens, optimizer: { learningRate: options.lr } }),
      steps: options.steps,
      proposalsPerStep: options.proposalsPerStep,
      solverSamples: options.groupSize,
      solverProblemsPerStep: options.problemsPerStep,
      repetitionWeight: options.repetitionWeight,
      band: options.band,
      family: options.families,
      seed: options.seed,
      onStep: (metrics) => {
        if (!options.json) process.stderr.write(`step ${metrics.step}: ${metrics.admitted}/${metrics.proposals} admitted, proposer reward ${metrics.meanProposerReward.toFixed(3)}, solver reward ${metrics.meanSolverReward.toFixed(3)}\n`);
      },
    });
    await mkdir(runDir, { recursive: true });
    await saveCheckpoint(path.join(runDir, 'checkpoint'), model, tokenizer, { selfPlaySteps: options.steps });
    await writeFile(path.join(runDir, 'self-play.jsonl'), history.map((step) => JSON.stringify(step)).join('\n') + '\n');
    const admitted = history.reduce((sum, step) => sum + step.admitted, 0);
    process.stdout.write(options.json ? `${JSON.stringify({ runDir, steps: history.length, admitted, history })}\n` : `run ${runDir}: ${history.length} self-play steps, ${admitted} problems admitted\n`);
  } finally {
    store.close();
    await verifiers.close();
    model.dispose();
  }
}
