import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { buildNearDuplicateIndex, sampleStoredPrompts } from '../corpus/build-near-duplicate-index.js';
import { frequentShingles } from '../corpus/min-hash.js';
import { openCorpus, type SqliteCorpus } from '../corpus/sqlite-corpus.js';
import type { TransformerModel } from '../policy/embedded/model.js';
import type { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { parseTrainerConfig } from '../train/config.js';
import { renderSelfPlayReport } from '../train/report-html.js';
import { loadRunCheckpoint, saveRunCheckpoint, type TrainerState } from '../train/run-checkpoint.js';
import { VerifierSet } from '../verify/verifier-set.js';
import { corpusMarks, rollBackRun, type CorpusMarks } from './corpus-rollback.js';
import { selfPlayExpansion } from './expansion-report.js';
import { runSelfPlay, warmUpProposalFormat, type SelfPlayLoopState, type SelfPlayStepMetrics } from './self-play.js';

export const SELF_PLAY_CONFIG_FILE = 'self-play.json';
export const SELF_PLAY_HISTORY_FILE = 'self-play.jsonl';
export const REPORT_FILE = 'report.html';

export interface SelfPlayRunConfig {
  database: string;
  steps: number;
  proposalsPerStep: number;
  problemsPerStep: number;
  groupSize: number;
  repetitionWeight: number;
  band: [number, number];
  families?: string[];
  learningRate: number;
  maxTokens: number;
  warmUpSteps: number;
  checkpointEvery: number;
  seed: number;
}

/** Written once when the run starts; a resume reads everything from it. */
interface StoredRunConfig extends SelfPlayRunConfig {
  /**
   * Template shingles the near-duplicate index ignores, fixed at the start: recomputing them from
   * the grown corpus on resume could change which proposals count as near duplicates.
   */
  ignoredShingles: number[];
}

export interface SelfPlayRunResult {
  runDir: string;
  steps: number;
  /** Every step of the run, resumed sessions included. */
  history: SelfPlayStepMetrics[];
  wallSeconds: number;
  model: TransformerModel;
  tokenizer: CharTokenizer;
}

export interface SelfPlayCallbacks {
  onStep?(metrics: SelfPlayStepMetrics): void;
}

/** Starts a self-play run in `runDir` from a checkpoint (warm-up of the proposal format first). */
export async function startSelfPlayRun(
  runDir: string,
  config: SelfPlayRunConfig,
  initial: { model: TransformerModel; tokenizer: CharTokenizer },
  callbacks: SelfPlayCallbacks = {},
): Promise<SelfPlayRunResult> {
  const store = openCorpus(config.database);
  try {
    const parents = store.listProblems({ split: 'train', ...(config.families ? { family: config.families } : {}), limit: 256 });
    if (parents.length === 0) throw new InputError('the corpus has no training problems to propose from; run rlvr corpus generate first', { file: config.database });
    const stored: StoredRunConfig = { ...config, ignoredShingles: [...frequentShingles(sampleStoredPrompts(store))].sort((a, b) => a - b) };
    await mkdir(runDir, { recursive: true });
    await writeFile(path.join(runDir, SELF_PLAY_CONFIG_FILE), `${JSON.stringify(stored, null, 2)}\n`);
    writeFileSync(path.join(runDir, SELF_PLAY_HISTORY_FILE), '');
    if (config.warmUpSteps > 0) {
      const examples = parents.map((problem) => ({ problem, passRate: 0.5 }));
      warmUpProposalFormat(initial.model, initial.tokenizer, { steps: config.warmUpSteps, batchSize: 24, learningRate: config.learningRate * 10, seed: config.seed, parents: examples });
    }
    return await runLoop(runDir, stored, store, initial, undefined, [], callbacks);
  } finally {
    store.close();
  }
}

/**
 * Continues a self-play run from its last checkpoint: same weights, optimizer moments and random
 * streams, and the corpus rolled back to what it held at the checkpoint (problems admitted and
 * attempts recorded by the lost steps are removed), so the lost steps are redone as they were.
 */
export async function resumeSelfPlayRun(runDir: string, callbacks: SelfPlayCallbacks = {}, overrides: { steps?: number } = {}): Promise<SelfPlayRunResult> {
  const configFile = path.join(runDir, SELF_PLAY_CONFIG_FILE);
  const text = await readFile(configFile, 'utf8').catch(() => {
    throw new InputError(`not a self-play run directory (no ${SELF_PLAY_CONFIG_FILE})`, { file: configFile });
  });
  const config = { ...(JSON.parse(text) as StoredRunConfig), ...(overrides.steps !== undefined ? { steps: overrides.steps } : {}) };
  const loaded = await loadRunCheckpoint(runDir);
  const progress = loaded.state?.progress as { solverRandom?: SelfPlayLoopState['solverRandom']; corpus?: CorpusMarks } | undefined;
  if (!loaded.state || !loaded.optimizer || !progress?.solverRandom || !progress.corpus) {
    throw new InputError('the checkpoint has no self-play state; it was not written by rlvr train --self-play', { file: runDir });
  }
  const resumeFrom: SelfPlayLoopState = { step: loaded.state.step, random: loaded.state.random, solverRandom: progress.solverRandom, optimizer: loaded.optimizer };
  const store = openCorpus(config.database);
  try {
    rollBackRun(store, progress.corpus, runName(runDir));
    const history = truncateHistory(path.join(runDir, SELF_PLAY_HISTORY_FILE), resumeFrom.step);
    return await runLoop(runDir, config, store, loaded, resumeFrom, history, callbacks);
  } finally {
    store.close();
  }
}

async function runLoop(
  runDir: string,
  config: StoredRunConfig,
  store: SqliteCorpus,
  policy: { model: TransformerModel; tokenizer: CharTokenizer },
  resumeFrom: SelfPlayLoopState | undefined,
  history: SelfPlayStepMetrics[],
  callbacks: SelfPlayCallbacks,
): Promise<SelfPlayRunResult> {
  const started = performance.now();
  const verifiers = new VerifierSet();
  const historyFile = path.join(runDir, SELF_PLAY_HISTORY_FILE);
  const writeReport = () => writeFile(path.join(runDir, REPORT_FILE), selfPlayReport(runDir, config, history, (performance.now() - started) / 1000));
  try {
    await runSelfPlay({
      model: policy.model,
      tokenizer: policy.tokenizer,
      store,
      nearDuplicates: buildNearDuplicateIndex(store, { ignoredShingles: new Set(config.ignoredShingles) }),
      verifiers,
      trainer: parseTrainerConfig({ lossType: 'grpo', groupSize: config.groupSize, maxCompletionTokens: config.maxTokens, optimizer: { learningRate: config.learningRate } }),
      steps: config.steps,
      proposalsPerStep: config.proposalsPerStep,
      solverSamples: config.groupSize,
      solverProblemsPerStep: config.problemsPerStep,
      repetitionWeight: config.repetitionWeight,
      band: config.band,
      ...(config.families ? { family: config.families } : {}),
      seed: config.seed,
      runName: runName(runDir),
      ...(resumeFrom ? { resumeFrom } : {}),
      checkpointEvery: config.checkpointEvery,
      saveState: async (state) => {
        const trainerState: TrainerState = {
          step: state.step,
          random: state.random,
          sampler: null,
          samplerKey: '',
          progress: { solverRandom: state.solverRandom, corpus: corpusMarks(store) },
        };
        await saveRunCheckpoint(runDir, policy.model, policy.tokenizer, state.optimizer, trainerState);
        await writeReport();
      },
      onStep: (metrics) => {
        appendFileSync(historyFile, `${JSON.stringify(metrics)}\n`);
        history.push(metrics);
        callbacks.onStep?.(metrics);
      },
    });
    await writeReport();
    return { runDir, steps: history.at(-1)?.step ?? resumeFrom?.step ?? 0, history, wallSeconds: (performance.now() - started) / 1000, model: policy.model, tokenizer: policy.tokenizer };
  } finally {
    await verifiers.close();
  }
}

/** The run's name in the corpus (attempt and proposer versions): its folder's name. */
function runName(runDir: string): string {
  return path.basename(path.resolve(runDir));
}

function selfPlayReport(runDir: string, config: StoredRunConfig, history: readonly SelfPlayStepMetrics[], wallSeconds: number): string {
  const run = {
    runId: runName(runDir),
    seed: config.seed,
    steps: history.at(-1)?.step ?? 0,
    proposalsPerStep: config.proposalsPerStep,
    solverProblemsPerStep: config.problemsPerStep,
    groupSize: config.groupSize,
    wallSeconds,
  };
  const name = `embedded:self-play (${runName(runDir)})`;
  return renderSelfPlayReport(run, history, selfPlayExpansion(history, name, name));
}

/** Keeps the history lines of steps up to `step` (those after it are redone). */
function truncateHistory(file: string, step: number): SelfPlayStepMetrics[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // A run killed before its first step has no history yet.
  }
  const kept = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SelfPlayStepMetrics)
    .filter((metrics) => metrics.step <= step);
  writeFileSync(file, kept.map((metrics) => `${JSON.stringify(metrics)}\n`).join(''));
  return kept;
}
