import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openCorpus } from '../corpus/sqlite-corpus.js';
import { initBackend } from '../policy/embedded/backend.js';
import { loadCheckpoint, saveCheckpoint } from '../policy/embedded/checkpoint.js';
import { TransformerModel, type TransformerConfig } from '../policy/embedded/model.js';
import { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { getFamily } from '../tasks/registry.js';
import { evaluateBands, type BandResult, type EvaluationOptions } from './evaluate.js';
import { renderReport, type RunSummary } from './report-html.js';
import { buildPresetCorpus, type PresetCorpus } from './preset-corpus.js';
import type { StepMetrics } from './metrics-log.js';
import { ProgressDisplay } from './progress-display.js';
import { startRlRun } from './rl-loop.js';
import { runSft } from './sft.js';
import { startPreset, type StartPreset } from './start-preset.js';
import { VerifierPool } from './verifier-pool.js';

/** Held-out completions per problem for sampled pass@1 and pass@k, at the training temperature. */
const EVALUATION_SAMPLES = 8;

export interface StartOptions {
  seed: number;
  runsDir: string;
  preset?: StartPreset;
  /** No progress bar or rollouts (for --json and benchmarks). */
  quiet?: boolean;
  /** Forwarded lines for the caller to print (summary table, rollouts); defaults to stdout. */
  print?: (line: string) => void;
  /** Skip SFT: start RL from this checkpoint (e.g. another run's `sft/`), still building a fresh corpus. */
  sftCheckpoint?: string;
  /** Skip corpus, SFT and the first evaluation by reusing another run's (benchmarks compare samplers this way). */
  reuse?: PreparedStart;
}

/** What the RL phase starts from: a run's corpus (copied fresh), SFT weights and pre-RL evaluation. */
export interface PreparedStart {
  databaseTemplate: string;
  corpus: PresetCorpus;
  weights: Map<string, Float32Array>;
  modelConfig: TransformerConfig;
  evalBefore: BandResult[];
  phaseSeconds: Record<string, number>;
}

export interface StartResult {
  summary: RunSummary;
  runDir: string;
  prepared: PreparedStart;
  metrics: StepMetrics[];
}

/**
 * `rlvr start`: the whole loop on one small problem family, end to end — corpus (train and
 * held-out splits), SFT on easy problems, held-out evaluation, RL with a boundary-seeking
 * sampler, evaluation again — leaving `runs/<id>/` with summary.json, metrics.jsonl, the final
 * checkpoint and report.html.
 */
export async function runStart(options: StartOptions): Promise<StartResult> {
  const preset = options.preset ?? startPreset;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const started = performance.now();
  const phaseSeconds: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => Promise<T> | T): Promise<T> => {
    const phaseStarted = performance.now();
    const result = await work();
    phaseSeconds[phase] = (performance.now() - phaseStarted) / 1000;
    return result;
  };
  const samplerKind = preset.rl.sampler.split(':')[0];
  const runId = `${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}-seed${options.seed}-${samplerKind}`;
  const runDir = path.join(options.runsDir, runId);
  await mkdir(runDir, { recursive: true });
  await initBackend();
  const display = new ProgressDisplay(options.quiet ?? false);
  const database = path.join(runDir, 'corpus.db');

  const prepared = options.reuse
    ? await reusePrepared(options.reuse, database)
    : await prepare(preset, options.seed, runDir, display, timed, options.sftCheckpoint);
  Object.assign(phaseSeconds, prepared.phaseSeconds);
  const { corpus, evalBefore } = prepared;
  const sft = { model: TransformerModel.fromWeights(prepared.modelConfig, prepared.weights), tokenizer: new CharTokenizer() };
  const verifiers = new VerifierPool();
  const evaluate = (model: TransformerModel) => evaluateBands(model, sft.tokenizer, corpus.heldout, preset.bands, verifiers, evaluationOptions(preset, options.seed));

  display.startPhase('RL', preset.rl.steps);
  const rl = await timed('rl', () =>
    startRlRun(
      runDir,
      {
        database,
        trainer: preset.rl.trainer as Record<string, unknown>,
        sampler: preset.rl.sampler,
        families: [preset.family],
        problemsPerStep: preset.rl.problemsPerStep,
        steps: preset.rl.steps,
        seed: options.seed,
        checkpointEvery: preset.rl.checkpointEvery,
        evalEvery: preset.rl.evalEvery ?? 0,
        bands: preset.bands,
        showRolloutEvery: preset.rl.showRolloutEvery,
      },
      sft,
      {
        onStep: (metrics) =>
          display.update(metrics.step, {
            detail: `reward ${metrics.rewardMean.toFixed(2)} | pass ${(metrics.passRate * 100).toFixed(0)}%`,
            tokensPerSecond: metrics.tokensPerSecond,
          }),
        onRollout: (rollout, step) =>
          display.log(`step ${step}: ${String(rollout.problem.metadata['compactPrompt'])} → ${rollout.text} (${rollout.verdict.passed ? 'correct' : rollout.verdict.reason})`),
      },
    ),
  );
  display.endPhase();
  display.log(`RL: ${rl.steps} steps, training ${rl.trainTokensPerSecond.toFixed(0)} tokens/s, generation ${rl.genTokensPerSecond.toFixed(0)} tokens/s`);
  const evalAfter = await timed('evalAfter', () => evaluate(rl.model));
  await verifiers.close();
  display.stop();

  const boundaryIndex = boundaryBandIndex(evalBefore);
  const summary: RunSummary = {
    runId,
    preset: 'start (addition)',
    seed: options.seed,
    evalBefore,
    evalAfter,
    boundaryBand: evalBefore[boundaryIndex]!.band,
    boundaryGain: evalAfter[boundaryIndex]!.passAt1 - evalBefore[boundaryIndex]!.passAt1,
    steps: rl.steps,
    sftSteps: preset.sft.steps,
    wallSeconds: (performance.now() - started) / 1000,
    phaseSeconds,
    trainTokensPerSecond: rl.trainTokensPerSecond,
    genTokensPerSecond: rl.genTokensPerSecond,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  await writeFile(path.join(runDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(path.join(runDir, 'report.html'), renderReport(summary, rl.metrics));
  rl.model.dispose();
  if (!options.quiet) for (const line of summaryTable(summary, runDir)) print(line);
  return { summary, runDir, prepared, metrics: rl.metrics };
}

type Timer = <T>(phase: string, work: () => Promise<T> | T) => Promise<T>;

async function prepare(
  preset: StartPreset,
  seed: number,
  runDir: string,
  display: ProgressDisplay,
  timed: Timer,
  sftCheckpoint: string | undefined,
): Promise<PreparedStart> {
  const family = getFamily(preset.family);
  const database = path.join(runDir, 'corpus.db');
  const corpus = await timed('corpus', () => {
    const store = openCorpus(database);
    try {
      return buildPresetCorpus(store, family, { ...preset.corpus, bands: preset.bands, seed });
    } finally {
      store.close();
    }
  });
  display.log(`corpus: ${corpus.train} training problems, ${corpus.heldout.length} held-out problems (${preset.family})`);
  display.startPhase('SFT', preset.sft.steps);
  const sft = await timed('sft', async () =>
    sftCheckpoint !== undefined ? { ...(await loadCheckpoint(sftCheckpoint)), finalLoss: Number.NaN, tokens: 0, seconds: 1 } : runSft({
      families: [preset.family],
      ...preset.sft,
      seed,
      modelConfig: preset.model,
      excludePrompts: corpus.heldoutPrompts,
      onStep: (progress) => display.update(progress.step, { detail: `loss ${progress.loss.toFixed(3)}`, tokensPerSecond: progress.tokensPerSecond }),
    }),
  );
  display.endPhase();
  display.log(`SFT: ${sftCheckpoint ?? `${preset.sft.steps} steps, final loss ${sft.finalLoss.toFixed(3)}, ${(sft.tokens / sft.seconds).toFixed(0)} tokens/s`}`);
  await saveCheckpoint(path.join(runDir, 'sft'), sft.model, sft.tokenizer, { sft: { ...preset.sft, seed, from: sftCheckpoint } });
  const verifiers = new VerifierPool();
  const evalBefore = await timed('evalBefore', () => evaluateBands(sft.model, sft.tokenizer, corpus.heldout, preset.bands, verifiers, evaluationOptions(preset, seed)));
  await verifiers.close();
  display.log(`held-out pass@1 (mean of ${EVALUATION_SAMPLES} samples, T=1) after SFT: ${formatBands(evalBefore)}`);
  const weights = new Map([...sft.model.parameters].map(([name, variable]) => [name, variable.dataSync() as Float32Array]));
  const prepared = { databaseTemplate: `${database}.template`, corpus, weights, modelConfig: sft.model.config, evalBefore, phaseSeconds: {} };
  sft.model.dispose();
  await copyFile(database, prepared.databaseTemplate);
  return prepared;
}

/** Same seed before and after RL, so the two evaluations differ only by the weights. */
function evaluationOptions(preset: StartPreset, seed: number): EvaluationOptions {
  return { maxTokens: Number(preset.rl.trainer.maxCompletionTokens), samples: EVALUATION_SAMPLES, temperature: Number(preset.rl.trainer.temperature ?? 1), seed };
}

async function reusePrepared(prepared: PreparedStart, database: string): Promise<PreparedStart> {
  await copyFile(prepared.databaseTemplate, database);
  return { ...prepared, phaseSeconds: { ...prepared.phaseSeconds, reused: 0 } };
}

/**
 * The band at the SFT model's boundary: the one whose pass@1 before RL is closest to 50%
 * (largest p·(1−p); the harder band on a tie). Chosen from the pre-RL evaluation only.
 */
export function boundaryBandIndex(before: readonly BandResult[]): number {
  let best = 0;
  before.forEach((result, index) => {
    const spread = result.passAt1 * (1 - result.passAt1);
    if (spread >= before[best]!.passAt1 * (1 - before[best]!.passAt1)) best = index;
  });
  return best;
}

function formatBands(results: readonly BandResult[]): string {
  return results
    .map((result) => `[${result.band[0]}, ${result.band[1]}) ${(result.passAt1 * 100).toFixed(0)}% (greedy ${(result.greedyPassAt1 * 100).toFixed(0)}%)`)
    .join('  ');
}

/** The closing table: sampled pass@1, greedy pass@1 and pass@k per band, before and after RL. */
export function summaryTable(summary: RunSummary, runDir: string): string[] {
  const lines = [
    '',
    `held-out, per band: pass@1 = mean of ${EVALUATION_SAMPLES} samples at T=1; greedy = one T=0 completion; pass@${EVALUATION_SAMPLES} over the same samples`,
    'band          n    pass@1 SFT → RL (Δ)        greedy SFT → RL (Δ)        pass@8 SFT → RL',
  ];
  summary.evalBefore.forEach((before, index) => {
    const after = summary.evalAfter[index]!;
    const band = `[${before.band[0]}, ${before.band[1]})`.padEnd(12);
    lines.push(
      `${band}  ${String(before.n).padStart(3)}   ${change(before.passAt1, after.passAt1)}   ${change(before.greedyPassAt1, after.greedyPassAt1)}   ${pct(before.passAtK)} → ${pct(after.passAtK)}`,
    );
  });
  lines.push(
    '',
    `RL steps ${summary.steps}, wall ${summary.wallSeconds.toFixed(0)} s (${Object.entries(summary.phaseSeconds)
      .map(([phase, seconds]) => `${phase} ${seconds.toFixed(0)} s`)
      .join(', ')}), peak RSS ${summary.peakRssMb.toFixed(0)} MB`,
    `training ${summary.trainTokensPerSecond.toFixed(0)} tokens/s, generation ${summary.genTokensPerSecond.toFixed(0)} tokens/s`,
    `run folder: ${runDir} (summary.json, metrics.jsonl, checkpoint/, report.html)`,
  );
  return lines;
}

function change(before: number, after: number): string {
  const delta = (after - before) * 100;
  return `${pct(before)} → ${pct(after)} (${delta >= 0 ? '+' : ''}${delta.toFixed(1)})`.padEnd(24);
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`.padStart(6);
}
