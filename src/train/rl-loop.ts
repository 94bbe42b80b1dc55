import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Attempt, CorpusStore } from '../core/corpus.js';
import { InputError } from '../core/errors.js';
import type { Problem } from '../core/problem.js';
import { Random } from '../core/random.js';
import { openCorpus } from '../corpus/sqlite-corpus.js';
import { loadCheckpoint, saveCheckpoint } from '../policy/embedded/checkpoint.js';
import type { TransformerModel } from '../policy/embedded/model.js';
import type { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { fillInformativeBatch } from '../sampling/dynamic-filter.js';
import { createSampler, type GroupResult, type Sampler } from '../sampling/sampler.js';
import { AdamW } from './adamw.js';
import { groupAdvantages } from './advantages.js';
import { evaluateBands, type BandResult } from './evaluate.js';
import { learningRateAt } from './learning-rate.js';
import { appendMetrics, truncateMetrics, type StepMetrics } from './metrics-log.js';
import { updatePolicy } from './policy-update.js';
import { parseRlRunConfig, type RlRunConfig, type RlRunConfigInput } from './rl-run-config.js';
import { rolloutGroups, type Rollout } from './rollout.js';
import { toolRolloutGroups } from './tool-use.js';
import { builtinTool } from '../tools/registry.js';
import type { Tool } from '../tools/tool.js';
import { loadRunCheckpoint, saveRunCheckpoint, type TrainerState } from './run-checkpoint.js';
import { VerifierPool } from './verifier-pool.js';

export const RUN_CONFIG_FILE = 'run.json';
export const METRICS_FILE = 'metrics.jsonl';
const REFERENCE_DIR = 'reference';

export interface RlCallbacks {
  onStep?(metrics: StepMetrics): void;
  /** One sampled rollout every `showRolloutEvery` steps. */
  onRollout?(rollout: Rollout, step: number): void;
  onEvaluation?(step: number, results: BandResult[]): void;
  /** Stops after the current step (a checkpoint is written first). */
  signal?: AbortSignal;
}

export interface RlRunResult {
  runDir: string;
  steps: number;
  metrics: StepMetrics[];
  model: TransformerModel;
  tokenizer: CharTokenizer;
  wallSeconds: number;
  genTokensPerSecond: number;
  trainTokensPerSecond: number;
}

interface RunContext {
  runDir: string;
  config: RlRunConfig;
  store: CorpusStore;
  sampler: Sampler;
  samplerKey: string;
  model: TransformerModel;
  tokenizer: CharTokenizer;
  optimizer: AdamW;
  random: Random;
  referenceModel?: TransformerModel;
  verifiers: VerifierPool;
  tools: Tool[];
  step: number;
  metrics: StepMetrics[];
}

/** Starts a new RL run in `runDir` from an (SFT) model. */
export async function startRlRun(
  runDir: string,
  input: RlRunConfigInput,
  initial: { model: TransformerModel; tokenizer: CharTokenizer },
  callbacks: RlCallbacks = {},
): Promise<RlRunResult> {
  const config = parseRlRunConfig(input);
  await mkdir(runDir, { recursive: true });
  await writeFile(path.join(runDir, RUN_CONFIG_FILE), `${JSON.stringify(input, null, 2)}\n`);
  await writeFile(path.join(runDir, METRICS_FILE), '');
  if (config.trainerConfig.klCoefficient > 0) await saveCheckpoint(path.join(runDir, REFERENCE_DIR), initial.model, initial.tokenizer);
  // A fresh key per start: a restarted run directory never inherits a previous run's sampler.
  const samplerKey = `run:${path.resolve(runDir)}:${Date.now()}:sampler`;
  const store = openCorpus(config.database);
  const context = buildContext(runDir, config, store, samplerKey, initial.model, initial.tokenizer, new Random(config.seed).fork('rollouts'), 0, []);
  if (config.trainerConfig.klCoefficient > 0) context.referenceModel = (await loadCheckpoint(path.join(runDir, REFERENCE_DIR))).model;
  return runLoop(context, callbacks);
}

/**
 * Continues a run from its last checkpoint: same weights, optimizer moments, sampler state and
 * random stream, and the step count goes on. Steps after the checkpoint are redone (their
 * metrics lines are dropped; their attempts stay in the corpus statistics).
 */
export async function resumeRlRun(runDir: string, callbacks: RlCallbacks = {}, overrides: { steps?: number } = {}): Promise<RlRunResult> {
  const configFile = path.join(runDir, RUN_CONFIG_FILE);
  const text = await readFile(configFile, 'utf8').catch(() => {
    throw new InputError('not a run directory (no run.json)', { file: configFile });
  });
  const input = JSON.parse(text) as RlRunConfigInput;
  if (overrides.steps !== undefined) input.steps = overrides.steps;
  const config = parseRlRunConfig(input, configFile);
  const loaded = await loadRunCheckpoint(runDir);
  if (!loaded.state || !loaded.optimizer) throw new InputError('the checkpoint has no trainer state; it was not written by rlvr train', { file: runDir });
  const store = openCorpus(config.database);
  store.setState(loaded.state.samplerKey, loaded.state.sampler);
  const metrics = truncateMetrics(path.join(runDir, METRICS_FILE), loaded.state.step);
  const context = buildContext(
    runDir,
    config,
    store,
    loaded.state.samplerKey,
    loaded.model,
    loaded.tokenizer,
    Random.restore(loaded.state.random),
    loaded.state.step,
    metrics,
  );
  context.optimizer.loadState(loaded.optimizer);
  if (config.trainerConfig.klCoefficient > 0) context.referenceModel = (await loadCheckpoint(path.join(runDir, REFERENCE_DIR))).model;
  return runLoop(context, callbacks);
}

function buildContext(
  runDir: string,
  config: RlRunConfig,
  store: CorpusStore,
  samplerKey: string,
  model: TransformerModel,
  tokenizer: CharTokenizer,
  random: Random,
  step: number,
  metrics: StepMetrics[],
): RunContext {
  const sampler = createSampler(config.sampler, store, {
    seed: config.seed,
    filter: { split: 'train', ...(config.families ? { family: config.families } : {}) },
    stateKey: samplerKey,
  });
  const { beta1, beta2, epsilon, weightDecay } = config.trainerConfig.optimizer;
  const optimizer = new AdamW(model.variables, { beta1, beta2, epsilon, weightDecay });
  const verifiers = new VerifierPool(config.verifierTimeoutMs);
  const tools = (config.tools ?? []).map(builtinTool);
  return { runDir, config, store, sampler, samplerKey, model, tokenizer, optimizer, random, verifiers, tools, step, metrics };
}

async function runLoop(context: RunContext, callbacks: RlCallbacks): Promise<RlRunResult> {
  const started = performance.now();
  const totals = { genTokens: 0, genSeconds: 0, trainTokens: 0, trainSeconds: 0 };
  const heldout = context.store.listProblems({ split: 'heldout', ...(context.config.families ? { family: context.config.families } : {}) });
  try {
    while (context.step < context.config.steps && !callbacks.signal?.aborted) {
      const metrics = await trainStep(context, callbacks, totals);
      const { evalEvery, checkpointEvery, steps } = context.config;
      if (evalEvery > 0 && context.step % evalEvery === 0 && context.step < steps && heldout.length > 0) {
        metrics.heldout = await evaluateHeldout(context, heldout);
        callbacks.onEvaluation?.(context.step, metrics.heldout);
      }
      appendMetrics(path.join(context.runDir, METRICS_FILE), metrics);
      context.metrics.push(metrics);
      callbacks.onStep?.(metrics);
      if (context.step % checkpointEvery === 0 || context.step === steps || callbacks.signal?.aborted) await checkpoint(context);
    }
    return {
      runDir: context.runDir,
      steps: context.step,
      metrics: context.metrics,
      model: context.model,
      tokenizer: context.tokenizer,
      wallSeconds: (performance.now() - started) / 1000,
      genTokensPerSecond: totals.genTokens / Math.max(totals.genSeconds, 1e-9),
      trainTokensPerSecond: totals.trainTokens / Math.max(totals.trainSeconds, 1e-9),
    };
  } finally {
    context.optimizer.dispose();
    context.referenceModel?.dispose();
    await context.verifiers.close();
    context.store.close();
  }
}

async function trainStep(
  context: RunContext,
  callbacks: RlCallbacks,
  totals: { genTokens: number; genSeconds: number; trainTokens: number; trainSeconds: number },
): Promise<StepMetrics> {
  const { config, model, tokenizer, sampler } = context;
  const trainer = config.trainerConfig;
  const stepStarted = performance.now();
  const step = context.step + 1;
  const generated = new Map<string, Rollout[]>();
  let genSeconds = 0;
  const rollout = async (problems: Problem[]): Promise<GroupResult[]> => {
    const rolloutStarted = performance.now();
    const settings = { ...trainer, maxTokens: trainer.maxCompletionTokens };
    const groups =
      context.tools.length > 0
        ? await toolRolloutGroups(problems, model, tokenizer, context.verifiers, { ...settings, tools: context.tools }, context.random)
        : await rolloutGroups(problems, model, tokenizer, context.verifiers, settings, context.random);
    genSeconds += (performance.now() - rolloutStarted) / 1000;
    context.store.recordAttempts(groups.flat().map((item) => attemptOf(item, `${path.basename(context.runDir)}@${step}`)));
    groups.forEach((group, index) => generated.set(problems[index]!.id, group));
    return groups.map((group, index) => ({ problemId: problems[index]!.id, scores: group.map((item) => item.verdict.score) }));
  };

  let kept: Rollout[][];
  let report = { drawn: 0, rounds: 1, dropped: 0 };
  if (trainer.dynamicFiltering) {
    const batch = await fillInformativeBatch(sampler, { batchSize: config.problemsPerStep, rollout, maxRounds: 4 });
    kept = batch.groups.map((group) => generated.get(group.problem.id)!);
    report = batch.report;
  } else {
    const problems = sampler.draw(config.problemsPerStep);
    sampler.observe(await rollout(problems));
    kept = problems.map((problem) => generated.get(problem.id)!);
    report = { drawn: problems.length, rounds: 1, dropped: 0 };
  }

  const everything = [...generated.values()].flat();
  const advantages = groupAdvantages(kept.flat().map((item) => item.reward), trainer.groupSize, trainer.advantageScaling);
  const samples = kept.flat().map((item, index) => ({ prompt: item.prompt, completion: item.completion, completionMask: item.completionMask, logprobs: item.logprobs, advantage: advantages[index]! }));
  const learningRate = learningRateAt(context.optimizer.stepCount, trainer.optimizer.learningRate, trainer.optimizer.schedule);
  const trainStarted = performance.now();
  const update =
    samples.length > 0
      ? updatePolicy(model, context.optimizer, samples, trainer, learningRate, context.random, tokenizer.special.pad, context.referenceModel)
      : { loss: 0, clipFraction: 0, kl: 0, gradientNorm: 0, optimizerSteps: 0, tokens: 0 };
  const trainSeconds = (performance.now() - trainStarted) / 1000;
  context.step = step;

  const completionTokens = everything.reduce((sum, item) => sum + item.completion.length, 0);
  const sampledLogprobs = everything.flatMap((item) => item.logprobs);
  totals.genTokens += completionTokens;
  totals.genSeconds += genSeconds;
  totals.trainTokens += update.tokens;
  totals.trainSeconds += trainSeconds;
  if (callbacks.onRollout && config.showRolloutEvery > 0 && step % config.showRolloutEvery === 0 && everything.length > 0) {
    // A stream of its own: whether and how often rollouts are shown must not change training
    // (drawing from context.random here once made runs diverge with --show-rollout-every).
    const shown = new Random(config.seed).fork(`shown-rollout-${step}`);
    callbacks.onRollout(everything[shown.int(0, everything.length - 1)]!, step);
  }
  const seconds = (performance.now() - stepStarted) / 1000;
  return {
    step,
    rewardMean: mean(everything.map((item) => item.reward)),
    passRate: mean(everything.map((item) => (item.verdict.passed ? 1 : 0))),
    loss: update.loss,
    kl: update.kl,
    clipFraction: update.clipFraction,
    gradientNorm: update.gradientNorm,
    entropy: sampledLogprobs.length ? -mean(sampledLogprobs) : 0,
    learningRate,
    groups: kept.length,
    droppedGroups: report.dropped,
    completionTokens,
    trainTokens: update.tokens,
    genTokensPerSecond: completionTokens / Math.max(genSeconds, 1e-9),
    trainTokensPerSecond: update.tokens / Math.max(trainSeconds, 1e-9),
    tokensPerSecond: (completionTokens + update.tokens) / Math.max(seconds, 1e-9),
    seconds,
    sampler: { name: sampler.name, drawn: report.drawn, rounds: report.rounds },
  };
}

async function evaluateHeldout(context: RunContext, heldout: readonly Problem[]): Promise<BandResult[]> {
  return evaluateBands(context.model, context.tokenizer, heldout, context.config.bands, context.verifiers, {
    maxTokens: context.config.trainerConfig.maxCompletionTokens,
    seed: context.config.seed,
  });
}

async function checkpoint(context: RunContext): Promise<void> {
  const state: TrainerState = {
    step: context.step,
    random: context.random.save(),
    sampler: context.sampler.save(),
    samplerKey: context.samplerKey,
    progress: { metricsLines: context.metrics.length },
  };
  await saveRunCheckpoint(context.runDir, context.model, context.tokenizer, context.optimizer.saveState(), state);
}

function attemptOf(item: Rollout, policyVersion: string): Attempt {
  return {
    problemId: item.problem.id,
    policyVersion,
    reward: item.reward,
    score: item.verdict.score,
    tokens: item.completion.length,
    ms: item.verdict.ms,
  };
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}
