import path from 'node:path';
import { UsageError } from '../usage-error.js';
import { builtinTool } from '../../tools/registry.js';
import { initBackend } from '../../policy/embedded/backend.js';
import { loadCheckpoint, saveCheckpoint } from '../../policy/embedded/checkpoint.js';
import { TARGET_STYLES, type TargetStyle } from '../../train/compact-format.js';
import type { Band } from '../../train/evaluate.js';
import { recipes, type RecipeName } from '../../train/recipes.js';
import { resumeRlRun, startRlRun } from '../../train/rl-loop.js';
import { runSft } from '../../train/sft.js';
import { runStart } from '../../train/start-pipeline.js';
import { startPreset } from '../../train/start-preset.js';

type Options = Record<string, string | boolean | undefined>;

export async function runStartAction(options: Options): Promise<void> {
  const rl = { ...startPreset.rl };
  const sft = { ...startPreset.sft };
  if (options['sftSteps'] !== undefined) sft.steps = integer(options, 'sftSteps', 1);
  if (options['rlSteps'] !== undefined) rl.steps = integer(options, 'rlSteps', 1);
  if (typeof options['sampler'] === 'string') rl.sampler = options['sampler'];
  if (options['lr'] !== undefined || options['kl'] !== undefined) {
    const trainer = { ...rl.trainer, optimizer: { ...rl.trainer.optimizer } };
    if (options['lr'] !== undefined) trainer.optimizer.learningRate = number(options, 'lr');
    if (options['kl'] !== undefined) trainer.klCoefficient = number(options, 'kl');
    rl.trainer = trainer;
  }
  const corpus = { ...startPreset.corpus };
  if (options['trainProblems'] !== undefined) corpus.trainProblems = integer(options, 'trainProblems', 1);
  if (options['maxDifficulty'] !== undefined) {
    // `LO..HI` sets the whole training range; a single value moves only the top (the bottom follows it down).
    const [low, high] = range(options, 'maxDifficulty');
    corpus.maxDifficulty = high;
    corpus.minDifficulty = String(options['maxDifficulty']).includes('..') ? low : Math.min(corpus.minDifficulty ?? 0, high);
  }
  const { summary } = await runStart({
    seed: integer(options, 'seed'),
    runsDir: String(options['runsDir']),
    preset: { ...startPreset, corpus, sft, rl },
    quiet: options['json'] === true,
    ...(typeof options['sftCheckpoint'] === 'string' ? { sftCheckpoint: options['sftCheckpoint'] } : {}),
  });
  if (options['json'] === true) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

export async function runSftAction(options: Options): Promise<void> {
  const target = String(options['target']) as TargetStyle;
  if (!TARGET_STYLES.includes(target)) throw new UsageError(`--target must be one of ${TARGET_STYLES.join(', ')}, received "${target}"`);
  await initBackend();
  const initial = typeof options['init'] === 'string' ? await loadCheckpoint(options['init']) : undefined;
  const seed = integer(options, 'seed');
  const result = await runSft({
    families: String(options['families']).split(',').map((name) => name.trim()),
    difficulty: range(options, 'difficulty'),
    steps: integer(options, 'steps', 1),
    batchSize: integer(options, 'batchSize', 1),
    learningRate: number(options, 'lr'),
    targetStyle: target,
    seed,
    modelConfig: { layers: integer(options, 'layers', 1), width: integer(options, 'width', 1), heads: integer(options, 'heads', 1), contextLength: integer(options, 'context', 2) },
    model: initial?.model,
    tokenizer: initial?.tokenizer,
    onStep: (progress) => {
      if (options['json'] !== true && (progress.step % 50 === 0 || progress.step === progress.steps)) {
        process.stderr.write(`sft step ${progress.step}/${progress.steps} loss ${progress.loss.toFixed(4)} ${progress.tokensPerSecond.toFixed(0)} tok/s\n`);
      }
    },
  });
  await saveCheckpoint(String(options['out']), result.model, result.tokenizer, { sft: { steps: options['steps'], target, seed } });
  const report = { out: options['out'], finalLoss: result.finalLoss, tokens: result.tokens, seconds: result.seconds };
  process.stdout.write(options['json'] === true ? `${JSON.stringify(report)}\n` : `wrote ${report.out} (final loss ${report.finalLoss.toFixed(4)}, ${report.seconds.toFixed(0)} s)\n`);
}

export async function runTrainAction(options: Options): Promise<void> {
  await initBackend();
  const json = options['json'] === true;
  const callbacks = {
    onStep: (metrics: { step: number; rewardMean: number; passRate: number; loss: number; tokensPerSecond: number }) => {
      if (!json) {
        process.stderr.write(
          `step ${metrics.step} reward ${metrics.rewardMean.toFixed(3)} pass ${(metrics.passRate * 100).toFixed(1)}% loss ${metrics.loss.toFixed(4)} ${metrics.tokensPerSecond.toFixed(0)} tok/s\n`,
        );
      }
    },
  };
  const result =
    typeof options['resume'] === 'string'
      ? await resumeRlRun(options['resume'], callbacks)
      : await startNewRun(options, callbacks);
  const report = { runDir: result.runDir, steps: result.steps, wallSeconds: result.wallSeconds, last: result.metrics.at(-1) };
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : `run ${result.runDir}: ${result.steps} steps in ${result.wallSeconds.toFixed(0)} s\n`);
  result.model.dispose();
}

async function startNewRun(options: Options, callbacks: Parameters<typeof startRlRun>[3]) {
  if (typeof options['init'] !== 'string') throw new UsageError('rlvr train needs --init CHECKPOINT (e.g. from rlvr sft) or --resume RUN_DIR');
  const runDir = typeof options['runDir'] === 'string' ? options['runDir'] : path.join('runs', `train-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`);
  const recipeName = options['recipe'];
  if (recipeName !== undefined && !(String(recipeName) in recipes)) {
    throw new UsageError(`--recipe must be one of ${Object.keys(recipes).join(', ')}, received "${String(recipeName)}"`);
  }
  const recipe = recipeName !== undefined ? (recipes[recipeName as RecipeName] as Record<string, unknown>) : {};
  const trainer = {
    ...recipe,
    lossType: recipeName !== undefined ? recipe['lossType'] : options['lossType'],
    groupSize: integer(options, 'groupSize', 2),
    updatesPerBatch: integer(options, 'updatesPerBatch', 1),
    miniBatches: integer(options, 'miniBatches', 1),
    klCoefficient: number(options, 'kl'),
    maxCompletionTokens: integer(options, 'maxTokens', 1),
    temperature: number(options, 'temperature'),
    optimizer: { ...((recipe['optimizer'] as object | undefined) ?? {}), learningRate: number(options, 'lr') },
  };
  if (recipeName !== undefined && 'overlongShaping' in recipe) delete trainer['overlongShaping' as keyof typeof trainer];
  const config = {
      database: typeof options['db'] === 'string' ? options['db'] : (process.env['RLVR_DB'] ?? 'rlvr.db'),
      trainer,
      sampler: String(options['sampler']),
      ...(typeof options['families'] === 'string' ? { families: options['families'].split(',').map((name) => name.trim()) } : {}),
      problemsPerStep: integer(options, 'problemsPerStep', 1),
      steps: integer(options, 'steps', 1),
      seed: integer(options, 'seed'),
      checkpointEvery: integer(options, 'checkpointEvery', 1),
      evalEvery: integer(options, 'evalEvery', 0),
      bands: bands(options, 'bands'),
      ...(typeof options['tools'] === 'string' ? { tools: toolList(options['tools']) } : {}),
  };
  const initial = await loadCheckpoint(options['init']);
  return startRlRun(runDir, config, initial, callbacks);
}

function toolList(text: string): string[] {
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    try {
      builtinTool(name);
    } catch (error) {
      throw new UsageError(`--tools: ${(error as Error).message}`);
    }
  }
  return names;
}

function flag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

function integer(options: Options, name: string, minimum = Number.MIN_SAFE_INTEGER): number {
  const value = Number(options[name]);
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new UsageError(`${flag(name)} must be an integer${minimum > Number.MIN_SAFE_INTEGER ? ` >= ${minimum}` : ''}, received "${String(options[name])}"`);
  }
  return value;
}

function number(options: Options, name: string): number {
  const value = Number(options[name]);
  if (options[name] === undefined || !Number.isFinite(value)) throw new UsageError(`${flag(name)} must be a number, received "${String(options[name])}"`);
  return value;
}

function range(options: Options, name: string): [number, number] {
  const text = String(options[name]);
  const parts = text.split('..').map(Number);
  const [low, high] = parts.length === 1 ? [parts[0]!, parts[0]!] : parts;
  if (parts.length > 2 || !(low! >= 0 && high! <= 1 && low! <= high!)) {
    throw new UsageError(`${flag(name)} must be LO..HI within [0, 1], received "${text}"`);
  }
  return [low!, high!];
}

function bands(options: Options, name: string): Band[] {
  return String(options[name])
    .split(',')
    .map((part) => range({ [name]: part }, name));
}
