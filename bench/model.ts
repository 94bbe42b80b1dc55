/**
 * Embedded model vs PyTorch: the same tiny transformer (src/policy/embedded/model.ts and
 * bench/torch_model.py) trained and sampled on this machine's CPU with identical configs.
 * Reports training tokens/s (forward + backward + Adam step), generation tokens/s (batched
 * sampling with a key/value cache), their ratios, and the JS side's peak RSS. Installs
 * Debian's python3-torch when no Python on PATH (or /usr/bin/python3) imports torch.
 * Each side runs 3 alternating rounds and keeps its best figure (1 round with --quick).
 * Run: npm run bench:model [-- --js-only] [-- --quick]
 * Writes bench/results/model.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../src/core/random.js';
import { initBackend } from '../src/policy/embedded/backend.js';
import { generate } from '../src/policy/embedded/generate.js';
import { TransformerModel } from '../src/policy/embedded/model.js';

interface BenchConfig {
  vocabSize: number;
  layers: number;
  width: number;
  heads: number;
  contextLength: number;
  batch: number;
  trainSteps: number;
  promptLength: number;
  generateTokens: number;
  generateRepeats: number;
}

interface SideFigures {
  trainTokensPerSecond: number;
  generateTokensPerSecond: number;
  /** The same per CPU second of the process: less distorted when other work shares the cores. */
  trainTokensPerCpuSecond: number;
  generateTokensPerCpuSecond: number;
}

interface Rate {
  wall: number;
  cpu: number;
}

/** Tokens per wall-clock second and per CPU second of `work`. */
async function rate(tokens: number, work: () => Promise<void>): Promise<Rate> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  await work();
  const cpu = process.cpuUsage(cpuStarted);
  return { wall: tokens / ((performance.now() - started) / 1000), cpu: tokens / ((cpu.user + cpu.system) / 1e6) };
}

const quick = process.argv.includes('--quick');
const jsOnly = process.argv.includes('--js-only');
const base = { vocabSize: 108, layers: 2, heads: 4, contextLength: 64, batch: 32, promptLength: 8, generateTokens: 56 };
const configs: BenchConfig[] = [64, 128].map((width) => ({
  ...base,
  width,
  trainSteps: quick ? 5 : 20,
  generateRepeats: quick ? 1 : 3,
}));

async function benchTraining(model: TransformerModel, config: BenchConfig): Promise<Rate> {
  const random = new Random(0);
  const ids = tf.tensor2d(
    Int32Array.from({ length: config.batch * config.contextLength }, () => random.int(0, config.vocabSize - 1)),
    [config.batch, config.contextLength],
    'int32',
  );
  const optimizer = tf.train.adam(1e-3);
  const step = async () => {
    const loss = optimizer.minimize(() => tf.neg(tf.mean(model.tokenLogprobs(ids))) as tf.Scalar, true, model.variables)!;
    await loss.data();
    loss.dispose();
  };
  for (let warmup = 0; warmup < 3; warmup++) await step();
  const measured = await rate(config.batch * (config.contextLength - 1) * config.trainSteps, async () => {
    for (let index = 0; index < config.trainSteps; index++) await step();
  });
  optimizer.dispose();
  ids.dispose();
  return measured;
}

async function benchGeneration(model: TransformerModel, config: BenchConfig): Promise<Rate> {
  const random = new Random(1);
  const prompts = Array.from({ length: config.batch }, () =>
    Array.from({ length: config.promptLength }, () => random.int(0, config.vocabSize - 1)),
  );
  const run = () => generate(model, prompts, { maxTokens: config.generateTokens, temperature: 1, random });
  await run();
  return rate(config.batch * config.generateTokens * config.generateRepeats, async () => {
    for (let repeat = 0; repeat < config.generateRepeats; repeat++) await run();
  });
}

async function benchJavaScript(config: BenchConfig): Promise<SideFigures> {
  const { vocabSize, layers, width, heads, contextLength } = config;
  const model = TransformerModel.create({ vocabSize, layers, width, heads, contextLength }, 0);
  const generation = await benchGeneration(model, config);
  const training = await benchTraining(model, config);
  model.dispose();
  return {
    trainTokensPerSecond: training.wall,
    generateTokensPerSecond: generation.wall,
    trainTokensPerCpuSecond: training.cpu,
    generateTokensPerCpuSecond: generation.cpu,
  };
}

function pythonWithTorch(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
      return python;
    } catch {
      // Try the next interpreter.
    }
  }
  return undefined;
}

function ensureTorch(): string | undefined {
  const found = pythonWithTorch();
  if (found) return found;
  console.log('PyTorch not found; installing Debian python3-torch (apt-get install -y python3-torch) ...');
  try {
    execFileSync('apt-get', ['install', '-y', 'python3-torch'], { stdio: 'inherit' });
  } catch (error) {
    console.warn(`could not install python3-torch: ${(error as Error).message}`);
  }
  return pythonWithTorch();
}

function blasLibrary(python: string): string {
  const script = 'import torch, re\ntorch.randn(64,64) @ torch.randn(64,64)\nprint(sorted({m for m in re.findall(r"\\S*blas\\S*\\.so\\S*", open("/proc/self/maps").read())}))';
  try {
    return execFileSync(python, ['-c', script]).toString().trim();
  } catch {
    return 'unknown';
  }
}

function benchTorch(python: string, config: BenchConfig): SideFigures & { torchVersion: string; threads: number } {
  const output = execFileSync(python, [new URL('./torch_model.py', import.meta.url).pathname, JSON.stringify(config)]).toString();
  return JSON.parse(output.trim().split('\n').pop()!);
}

const backend = await initBackend('wasm');
const python = jsOnly ? undefined : ensureTorch();
if (!jsOnly && python === undefined) console.warn('PyTorch is unavailable: reporting the JS side only.');
const rounds = quick ? 1 : 3;
const best = <T extends SideFigures>(previous: T | undefined, next: T): T =>
  previous === undefined
    ? next
    : {
        ...next,
        trainTokensPerSecond: Math.max(previous.trainTokensPerSecond, next.trainTokensPerSecond),
        generateTokensPerSecond: Math.max(previous.generateTokensPerSecond, next.generateTokensPerSecond),
        trainTokensPerCpuSecond: Math.max(previous.trainTokensPerCpuSecond, next.trainTokensPerCpuSecond),
        generateTokensPerCpuSecond: Math.max(previous.generateTokensPerCpuSecond, next.generateTokensPerCpuSecond),
      };
const results = [];
for (const config of configs) {
  // Alternating rounds, best of each: the machine is shared, so a burst of load hits one round, not the figure.
  let js: SideFigures | undefined;
  let torch: ReturnType<typeof benchTorch> | undefined;
  for (let round = 0; round < rounds; round++) {
    js = best(js, await benchJavaScript(config));
    if (python) torch = best(torch, benchTorch(python, config));
  }
  if (js === undefined) throw new Error('no rounds ran');
  const row = {
    config,
    js,
    torch,
    trainRatio: torch ? js.trainTokensPerSecond / torch.trainTokensPerSecond : undefined,
    generateRatio: torch ? js.generateTokensPerSecond / torch.generateTokensPerSecond : undefined,
    trainCpuRatio: torch ? js.trainTokensPerCpuSecond / torch.trainTokensPerCpuSecond : undefined,
    generateCpuRatio: torch ? js.generateTokensPerCpuSecond / torch.generateTokensPerCpuSecond : undefined,
  };
  results.push(row);
  const format = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(0).padStart(7));
  const ratio = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(2)}x`);
  console.log(
    `layers ${config.layers} width ${config.width} heads ${config.heads} context ${config.contextLength} batch ${config.batch}\n` +
      `  train tokens/s     JS ${format(js.trainTokensPerSecond)}   torch ${format(torch?.trainTokensPerSecond)}   JS/torch ${ratio(row.trainRatio)}\n` +
      `  generate tokens/s  JS ${format(js.generateTokensPerSecond)}   torch ${format(torch?.generateTokensPerSecond)}   JS/torch ${ratio(row.generateRatio)}\n` +
      `  per CPU second: train JS ${format(js.trainTokensPerCpuSecond)} torch ${format(torch?.trainTokensPerCpuSecond)} (${ratio(row.trainCpuRatio)}), ` +
      `generate JS ${format(js.generateTokensPerCpuSecond)} torch ${format(torch?.generateTokensPerCpuSecond)} (${ratio(row.generateCpuRatio)})`,
  );
}
const peakRssMegabytes = process.resourceUsage().maxRSS / 1024;
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  node: process.version,
  backend,
  torch: python ? { python, blas: blasLibrary(python), ...(results[0]?.torch ? { version: results[0].torch.torchVersion, threads: results[0].torch.threads } : {}) } : undefined,
  loadAverageAtEnd: (await import('node:os')).loadavg(),
};
console.log(`JS peak RSS ${peakRssMegabytes.toFixed(0)} MB; backend ${backend}; torch ${JSON.stringify(machine.torch)}`);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/model.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), machine, peakRssMegabytes, results }, null, 2)}\n`,
);
