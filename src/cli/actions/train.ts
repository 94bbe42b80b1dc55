import path from 'node:path';
import { UsageError } from '../usage-error.js';
import { builtinTool } from '../../tools/registry.js';
import { initBackend } from '../../policy/embedded/backend.js';
import { loadCheckpoint, saveCheckpoint } from '../../policy/embedded/checkpoint.js';
import type { TargetStyle } from '../../train/compact-format.js';
import type { Band } from '../../train/evaluate.js';
import { recipes, type RecipeName } from '../../train/recipes.js';
import { resumeRlRun, startRlRun } from '../../train/rl-loop.js';
import { runSft } from '../../train/sft.js';
import { runStart } from '../../train/start-pipeline.js';
import { startPreset } from '../../train/start-preset.js';
import { DEMONSTRATED_TOOLS } from '../../train/tool-use.js';

/** `rlvr start` options, already parsed by the command's option parsers. */
export interface StartActionOptions {
  seed: number;
  runsDir: string;
  sftSteps?: number;
  rlSteps?: number;
  sampler?: string;
  trainProblems?: number;
  maxDifficulty?: { low?: number; high: number };
  lr?: number;
  kl?: number;
  evalEvery?: number;
  sftCheckpoint?: string;
  json?: boolean;
}

export async function runStartAction(options: StartActionOptions): Promise<void> {
  const rl = { ...startPreset.rl };
  const sft = { ...startPreset.sft };
  if (options.sftSteps !== undefined) sft.steps = options.sftSteps;
  if (options.rlSteps !== undefined) rl.steps = options.rlSteps;
  if (options.sampler !== undefined) rl.sampler = options.sampler;
  if (options.evalEvery !== undefined) rl.evalEvery = options.evalEvery;
  if (options.lr !== undefined || options.kl !== undefined) {
    const trainer = { ...rl.trainer, optimizer: { ...rl.trainer.optimizer } };
    if (options.lr !== undefined) trainer.optimizer.learningRate = options.lr;
    if (options.kl !== undefined) trainer.klCoefficient = options.kl;
    rl.trainer = trainer;
  }
  const corpus = { ...startPreset.corpus };
  if (options.trainProblems !== undefined) corpus.trainProblems = options.trainProblems;
  if (options.maxDifficulty !== undefined) {
    // `LO..HI` sets the whole training range; a single value moves only the top (the bottom follows it down).
    const { low, high } = options.maxDifficulty;
    corpus.maxDifficulty = high;
    corpus.minDifficulty = low ?? Math.min(corpus.minDifficulty ?? 0, high);
  }
  const { summary } = await runStart({
    seed: options.seed,
    runsDir: options.runsDir,
    preset: { ...startPreset, corpus, sft, rl },
    quiet: options.json === true,
    ...(options.sftCheckpoint !== undefined ? { sftCheckpoint: options.sftCheckpoint } : {}),
  });
  if (options.json === true) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

/** `rlvr sft` options, already parsed by the command's option parsers. */
export interface SftActionOptions {
  out: string;
  families: string[];
  difficulty: [number, number];
  steps: number;
  batchSize: number;
  lr: number;
  target: TargetStyle;
  tools?: string[];
  layers: number;
  width: number;
  heads: number;
  context: number;
  init?: string;
  seed: number;
  json?: boolean;
}

export async function runSftAction(options: SftActionOptions): Promise<void> {
  const tools = options.tools !== undefined ? toolList(options.tools) : undefined;
  const undemonstrated = tools?.find((name) => !DEMONSTRATED_TOOLS.includes(name));
  if (undemonstrated !== undefined) {
    throw new UsageError(`--tools: rlvr sft has no worked demonstrations for "${undemonstrated}"; it can demonstrate ${DEMONSTRATED_TOOLS.join(', ')}`);
  }
  await initBackend();
  const initial = options.init !== undefined ? await loadCheckpoint(options.init) : undefined;
  const result = await runSft({
    families: options.families,
    difficulty: options.difficulty,
    steps: options.steps,
    batchSize: options.batchSize,
    learningRate: options.lr,
    targetStyle: options.target,
    ...(tools !== undefined ? { tools } : {}),
    seed: options.seed,
    modelConfig: { layers: options.layers, width: options.width, heads: options.heads, contextLength: options.context },
    model: initial?.model,
    tokenizer: initial?.tokenizer,
    onStep: (progress) => {
      if (options.json !== true && (progress.step % 50 === 0 || progress.step === progress.steps)) {
        process.stderr.write(`sft step ${progress.step}/${progress.steps} loss ${progress.loss.toFixed(4)} ${progress.tokensPerSecond.toFixed(0)} tok/s\n`);
      }
    },
  });
  const metadata = { sft: { steps: options.steps, target: tools !== undefined ? `tools:${tools.join(',')}` : options.target, families: options.families, seed: options.seed } };
  await saveCheckpoint(options.out, result.model, result.tokenizer, metadata);
  const report = { out: options.out, finalLoss: result.finalLoss, tokens: result.tokens, seconds: result.seconds };
  process.stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : `wrote ${report.out} (final loss ${report.finalLoss.toFixed(4)}, ${report.seconds.toFixed(0)} s)\n`);
}

/** `rlvr train` options (RL, not --self-play), already parsed by the command's option parsers. */
export interface TrainActionOptions {
  init?: string;
  runDir?: string;
  resume?: string;
  db?: string;
  recipe?: string;
  lossType: string;
  sampler: string;
  families?: string[];
  steps: number;
  problemsPerStep: number;
  groupSize: number;
  updatesPerBatch: number;
  miniBatches: number;
  lr: number;
  kl: number;
  maxTokens: number;
  temperature: number;
  bands: Band[];
  evalEvery: number;
  checkpointEvery: number;
  seed: number;
  tools?: string[];
  json?: boolean;
}

export async function runTrainAction(options: TrainActionOptions): Promise<void> {
  await initBackend();
  const json = options.json === true;
  const callbacks = {
    onStep: (metrics: { step: number; rewardMean: number; passRate: number; loss: number; tokensPerSecond: number }) => {
      if (!json) {
        process.stderr.write(
          `step ${metrics.step} reward ${metrics.rewardMean.toFixed(3)} pass ${(metrics.passRate * 100).toFixed(1)}% loss ${metrics.loss.toFixed(4)} ${metrics.tokensPerSecond.toFixed(0)} tok/s\n`,
        );
      }
    },
  };
  const result = options.resume !== undefined ? await resumeRlRun(options.resume, callbacks) : await startNewRun(options, callbacks);
  const report = { runDir: result.runDir, steps: result.steps, wallSeconds: result.wallSeconds, last: result.metrics.at(-1) };
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : `run ${result.runDir}: ${result.steps} steps in ${result.wallSeconds.toFixed(0)} s\n`);
  result.model.dispose();
}

async function startNewRun(options: TrainActionOptions, callbacks: Parameters<typeof startRlRun>[3]) {
  if (options.init === undefined) throw new UsageError('rlvr train needs --init CHECKPOINT (e.g. from rlvr sft) or --resume RUN_DIR');
  const runDir = options.runDir ?? path.join('runs', `train-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`);
  const recipeName = options.recipe;
  if (recipeName !== undefined && !(recipeName in recipes)) {
    throw new UsageError(`--recipe must be one of ${Object.keys(recipes).join(', ')}, received "${recipeName}"`);
  }
  const recipe = recipeName !== undefined ? (recipes[recipeName as RecipeName] as Record<string, unknown>) : {};
  const trainer = {
    ...recipe,
    lossType: recipeName !== undefined ? recipe['lossType'] : options.lossType,
    groupSize: options.groupSize,
    updatesPerBatch: options.updatesPerBatch,
    miniBatches: options.miniBatches,
    klCoefficient: options.kl,
    maxCompletionTokens: options.maxTokens,
    temperature: options.temperature,
    optimizer: { ...((recipe['optimizer'] as object | undefined) ?? {}), learningRate: options.lr },
  };
  if (recipeName !== undefined && 'overlongShaping' in recipe) delete trainer['overlongShaping' as keyof typeof trainer];
  const config = {
    database: options.db ?? process.env['RLVR_DB'] ?? 'rlvr.db',
    trainer,
    sampler: options.sampler,
    ...(options.families !== undefined ? { families: options.families } : {}),
    problemsPerStep: options.problemsPerStep,
    steps: options.steps,
    seed: options.seed,
    checkpointEvery: options.checkpointEvery,
    evalEvery: options.evalEvery,
    bands: options.bands,
    ...(options.tools !== undefined ? { tools: toolList(options.tools) } : {}),
  };
  const initial = await loadCheckpoint(options.init);
  return startRlRun(runDir, config, initial, callbacks);
}

/** Built-in tool names, each checked against the registry (a usage error names an unknown one). */
function toolList(names: readonly string[]): string[] {
  for (const name of names) {
    try {
      builtinTool(name);
    } catch (error) {
      throw new UsageError(`--tools: ${(error as Error).message}`);
    }
  }
  return [...names];
}
