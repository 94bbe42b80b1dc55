// npm run bench:tools — tool use learned by the embedded model: multiplication, which a tiny model
// cannot do alone, solved by calling the calculator. SFT on worked calls (tool output masked),
// then RL with the tool available (tool output masked), held-out pass rate with tools before and
// after RL, next to the same model trained without tools.
import * as tf from '@tensorflow/tfjs-core';
import { mkdir, writeFile } from 'node:fs/promises';
import { Random } from '../src/core/random.js';
import { generateProblems } from '../src/corpus/generate-problems.js';
import { CharTokenizer, initBackend, TransformerModel } from '../src/policy/embedded/index.js';
import { getFamily } from '../src/tasks/registry.js';
import { calculatorTool } from '../src/tools/calculator.js';
import type { Tool } from '../src/tools/tool.js';
import { AdamW } from '../src/train/adamw.js';
import { groupAdvantages } from '../src/train/advantages.js';
import { compactPromptTokens, referenceCompletionTokens } from '../src/train/compact-format.js';
import { parseTrainerConfig } from '../src/train/config.js';
import { maskedNegativeLogLikelihood } from '../src/train/losses.js';
import { optimizerStep } from '../src/train/optimizer-step.js';
import { updatePolicy } from '../src/train/policy-update.js';
import { rolloutGroups } from '../src/train/rollout.js';
import { batchTensors, buildTokenBatch, type TokenSequence } from '../src/train/token-batch.js';
import { calculatorDemonstration, toolRolloutGroups } from '../src/train/tool-use.js';
import { VerifierPool } from '../src/train/verifier-pool.js';

const family = getFamily('multiplication');
const tools = [calculatorTool as Tool];
const SEEDS = (process.env.TOOL_BENCH_SEEDS ?? '1,2,3').split(',').map(Number);
const SFT_STEPS = Number(process.env.TOOL_BENCH_SFT_STEPS ?? 400);
const RL_STEPS = Number(process.env.TOOL_BENCH_RL_STEPS ?? 30);
const BANDS: Array<[number, number]> = [[0, 0.34], [0.34, 0.67], [0.67, 1]];

function sft(model: TransformerModel, tokenizer: CharTokenizer, withTools: boolean, seed: number): void {
  const random = new Random(seed).fork('sft');
  const optimizer = new AdamW(model.variables, { beta1: 0.9, beta2: 0.99, epsilon: 1e-8, weightDecay: 0 });
  for (let step = 0; step < SFT_STEPS; step++) {
    const sequences: TokenSequence[] = Array.from({ length: 32 }, () => {
      const problem = family.generate(random.int(0, 2 ** 31 - 1), 0.5 * random.next());
      const prompt = compactPromptTokens(problem, tokenizer);
      return withTools ? { prompt, ...calculatorDemonstration(problem, problem.answer!, tokenizer) } : { prompt, completion: referenceCompletionTokens(problem, family, tokenizer, 'answer') };
    });
    const batch = buildTokenBatch(sequences, tokenizer.special.pad);
    const { ids, mask } = batchTensors(batch, sequences.map((_, index) => index));
    optimizerStep(model.variables, optimizer, () => maskedNegativeLogLikelihood(model.tokenLogprobs(ids), mask), { learningRate: 3e-3, maxGradNorm: 1 });
    tf.dispose([ids, mask]);
  }
  optimizer.dispose();
}

async function passRates(model: TransformerModel, tokenizer: CharTokenizer, verifiers: VerifierPool, withTools: boolean, seed: number): Promise<number[]> {
  const rates: number[] = [];
  for (const [lo, hi] of BANDS) {
    const problems = generateProblems(family, { count: 40, minDifficulty: lo, maxDifficulty: hi, seed: 10_000 + seed, spread: 'random', split: 'heldout' });
    const settings = { groupSize: 4, maxTokens: 48, temperature: 1, topP: 1 };
    const random = new Random(seed).fork('eval');
    const groups = withTools
      ? await toolRolloutGroups(problems, model, tokenizer, verifiers, { ...settings, tools }, random)
      : await rolloutGroups(problems, model, tokenizer, verifiers, settings, random);
    const all = groups.flat();
    rates.push(all.filter((rollout) => rollout.verdict.passed).length / all.length);
  }
  return rates;
}

async function reinforce(model: TransformerModel, tokenizer: CharTokenizer, verifiers: VerifierPool, seed: number): Promise<void> {
  const config = parseTrainerConfig({ lossType: 'grpo', groupSize: 8, maxCompletionTokens: 48, updatesPerBatch: 1, optimizer: { learningRate: 3e-4 } });
  const optimizer = new AdamW(model.variables, { ...config.optimizer });
  const random = new Random(seed).fork('rl');
  for (let step = 0; step < RL_STEPS; step++) {
    const problems = Array.from({ length: 8 }, () => family.generate(random.int(0, 2 ** 31 - 1), random.next()));
    const groups = await toolRolloutGroups(problems, model, tokenizer, verifiers, { groupSize: 8, maxTokens: 48, temperature: 1, topP: 1, tools }, random);
    const flat = groups.flat();
    const advantages = groupAdvantages(flat.map((rollout) => rollout.reward), 8, 'group');
    const samples = flat.map((rollout, index) => ({ prompt: rollout.prompt, completion: rollout.completion, completionMask: rollout.completionMask, logprobs: rollout.logprobs, advantage: advantages[index]! }));
    updatePolicy(model, optimizer, samples, config, config.optimizer.learningRate, random, tokenizer.special.pad);
  }
  optimizer.dispose();
}

await initBackend();
const verifiers = new VerifierPool();
const rows = [];
for (const seed of SEEDS) {
  const tokenizer = new CharTokenizer();
  const modelConfig = { vocabSize: tokenizer.vocabSize, layers: 2, width: 64, heads: 4, contextLength: 72 };
  const alone = TransformerModel.create(modelConfig, seed);
  sft(alone, tokenizer, false, seed);
  const withoutTools = await passRates(alone, tokenizer, verifiers, false, seed);
  alone.dispose();
  const model = TransformerModel.create(modelConfig, seed);
  sft(model, tokenizer, true, seed);
  const before = await passRates(model, tokenizer, verifiers, true, seed);
  const started = performance.now();
  await reinforce(model, tokenizer, verifiers, seed);
  const rlSeconds = (performance.now() - started) / 1000;
  const after = await passRates(model, tokenizer, verifiers, true, seed);
  model.dispose();
  rows.push({ seed, withoutTools, before, after, rlSeconds });
  console.log(JSON.stringify(rows.at(-1)));
}
await verifiers.close();
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(new URL(`./results/tool-training-seeds-${SEEDS.join('-')}.json`, import.meta.url), `${JSON.stringify({ bands: BANDS, sftSteps: SFT_STEPS, rlSteps: RL_STEPS, rows }, null, 2)}\n`);
