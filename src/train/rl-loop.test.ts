import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { openCorpus } from '../corpus/sqlite-corpus.js';
import { initBackend } from '../policy/embedded/backend.js';
import { generate } from '../policy/embedded/generate.js';
import { TransformerModel } from '../policy/embedded/model.js';
import { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { getFamily } from '../tasks/registry.js';
import { AdamW } from './adamw.js';
import { groupAdvantages } from './advantages.js';
import { parseTrainerConfig } from './config.js';
import type { StepMetrics } from './metrics-log.js';
import { updatePolicy } from './policy-update.js';
import { buildPresetCorpus } from './preset-corpus.js';
import { resumeRlRun, startRlRun } from './rl-loop.js';
import type { RlRunConfigInput } from './rl-run-config.js';
import { runSft } from './sft.js';

const tokenizer = new CharTokenizer();
let directory: string;

beforeAll(async () => {
  await initBackend('cpu');
  directory = mkdtempSync(path.join(tmpdir(), 'rlvr-train-'));
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('updatePolicy', () => {
  it('raises the reward of a trivial task within a few seeded steps', async () => {
    // Reward 1 when the one sampled token is a digit (10 of 107 tokens at initialization).
    const model = TransformerModel.create({ vocabSize: tokenizer.vocabSize, layers: 1, width: 16, heads: 2, contextLength: 4 }, 7);
    const config = parseTrainerConfig({ lossType: 'dapo', groupSize: 16, maxCompletionTokens: 1, optimizer: { learningRate: 0.05, weightDecay: 0 } });
    const optimizer = new AdamW(model.variables, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
    const random = new Random(3);
    const isDigit = (token: number) => /[0-9]/.test(tokenizer.piece(token));
    const rewardsPerStep: number[] = [];
    for (let step = 0; step < 12; step++) {
      const prompts = Array.from({ length: 4 * config.groupSize }, () => [tokenizer.special.bos]);
      const generated = await generate(model, prompts, { maxTokens: 1, temperature: 1, random });
      const rewards = generated.tokens.map((tokens) => (isDigit(tokens[0]!) ? 1 : 0));
      rewardsPerStep.push(rewards.reduce((sum: number, reward) => sum + reward, 0) / rewards.length);
      const advantages = groupAdvantages(rewards, config.groupSize, config.advantageScaling);
      const samples = prompts.map((prompt, index) => ({ prompt, completion: generated.tokens[index]!, logprobs: generated.logprobs[index]!, advantage: advantages[index]! }));
      updatePolicy(model, optimizer, samples, config, config.optimizer.learningRate, random, tokenizer.special.pad);
    }
    expect(rewardsPerStep.slice(0, 2).every((reward) => reward < 0.3)).toBe(true);
    expect(Math.min(...rewardsPerStep.slice(-2))).toBeGreaterThan(0.6);
    optimizer.dispose();
    model.dispose();
  });
});

describe('RL run checkpoints', () => {
  it('resumes an interrupted run with the same sampler, RNG, weights and optimizer, continuing the step count', { timeout: 300_000 }, async () => {
    const { template, sft, runConfig } = await fixture();
    const copyOfModel = () => TransformerModel.fromWeights(sft.model.config, new Map([...sft.model.parameters].map(([name, variable]) => [name, variable.dataSync() as Float32Array])));

    const straightDb = path.join(directory, 'straight.db');
    cpSync(template, straightDb);
    const straight = await startRlRun(path.join(directory, 'straight'), runConfig(straightDb), { model: copyOfModel(), tokenizer });

    const interruptedDb = path.join(directory, 'interrupted.db');
    cpSync(template, interruptedDb);
    const interruptedDir = path.join(directory, 'interrupted');
    const crash = new Error('killed after step 3, before its checkpoint');
    await expect(
      startRlRun(interruptedDir, { ...runConfig(interruptedDb), sampler: 'uniform' }, { model: copyOfModel(), tokenizer }, {
        onStep: (metrics) => {
          if (metrics.step === 3) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    expect(readMetricLines(interruptedDir).map((line) => line.step)).toEqual([1, 2, 3]);

    const resumed = await resumeRlRun(interruptedDir);
    expect(resumed.steps).toBe(4);
    const resumedLines = readMetricLines(interruptedDir);
    expect(resumedLines.map((line) => line.step)).toEqual([1, 2, 3, 4]);
    const comparable = (line: StepMetrics) => ({ step: line.step, reward: line.rewardMean, loss: line.loss, entropy: line.entropy, tokens: line.completionTokens, clip: line.clipFraction });
    expect(resumedLines.map(comparable)).toEqual(straight.metrics.map(comparable));
    expect(straight.metrics.some((line) => line.loss !== 0)).toBe(true);
    for (const [name, variable] of straight.model.parameters) {
      expect(Array.from(resumed.model.parameters.get(name)!.dataSync()), name).toEqual(Array.from(variable.dataSync()));
    }
    tf.dispose([...straight.model.variables, ...resumed.model.variables]);
  });

  it('evaluation and shown rollouts never change the training trajectory', { timeout: 300_000 }, async () => {
    const { template, sft, runConfig } = await fixture();
    const copyOfModel = () => TransformerModel.fromWeights(sft.model.config, new Map([...sft.model.parameters].map(([name, variable]) => [name, variable.dataSync() as Float32Array])));
    const run = async (name: string, extra: Partial<RlRunConfigInput>, callbacks: Parameters<typeof startRlRun>[3]) => {
      const database = path.join(directory, `${name}.db`);
      cpSync(template, database);
      return startRlRun(path.join(directory, name), { ...runConfig(database), steps: 3, ...extra }, { model: copyOfModel(), tokenizer }, callbacks);
    };
    const quiet = await run('quiet', { evalEvery: 0, showRolloutEvery: 0 }, {});
    const shown: string[] = [];
    const watched = await run('watched', { evalEvery: 1, showRolloutEvery: 1 }, { onRollout: (rollout) => shown.push(rollout.text) });
    expect(shown).toHaveLength(3);
    expect(watched.metrics.filter((line) => line.heldout)).toHaveLength(2);
    const trajectory = (line: StepMetrics) => ({ reward: line.rewardMean, loss: line.loss, entropy: line.entropy, tokens: line.completionTokens });
    expect(watched.metrics.map(trajectory)).toEqual(quiet.metrics.map(trajectory));
    for (const [name, variable] of quiet.model.parameters) {
      expect(Array.from(watched.model.parameters.get(name)!.dataSync()), name).toEqual(Array.from(variable.dataSync()));
    }
    tf.dispose([...quiet.model.variables, ...watched.model.variables]);
  });
});

interface Fixture {
  template: string;
  sft: Awaited<ReturnType<typeof runSft>>;
  runConfig: (database: string) => RlRunConfigInput;
}

let shared: Promise<Fixture> | undefined;

/** A corpus template and a briefly SFT-trained model, built once for the run tests. */
function fixture(): Promise<Fixture> {
  shared ??= (async () => {
    const family = getFamily('addition');
    const bands: Array<[number, number]> = [[0, 0.05]];
    const template = path.join(directory, 'template.db');
    const store = openCorpus(template);
    const corpus = buildPresetCorpus(store, family, { trainProblems: 60, maxDifficulty: 0.05, heldoutPerBand: 8, bands, seed: 5 });
    store.close();
    const sft = await runSft({
      families: ['addition'],
      difficulty: [0, 0.05],
      steps: 30,
      batchSize: 32,
      learningRate: 0.01,
      targetStyle: 'answer',
      seed: 5,
      modelConfig: { layers: 1, width: 32, heads: 2, contextLength: 24 },
      excludePrompts: corpus.heldoutPrompts,
    });
    const runConfig = (database: string): RlRunConfigInput => ({
      database,
      trainer: { lossType: 'grpo', groupSize: 4, maxCompletionTokens: 10, updatesPerBatch: 2, optimizer: { learningRate: 0.003, weightDecay: 0.01 } },
      sampler: 'uniform',
      problemsPerStep: 4,
      steps: 4,
      seed: 11,
      checkpointEvery: 2,
      bands,
    });
    return { template, sft, runConfig };
  })();
  return shared;
}

function readMetricLines(runDir: string): StepMetrics[] {
  return readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StepMetrics);
}
