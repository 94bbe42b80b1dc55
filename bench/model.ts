/**
 * Embedded model vs PyTorch: the same tiny transformer (src/policy/embedded/model.ts and
 * bench/torch_model.py) trained and sampled on this machine's CPU with identical configs.
 * Reports training tokens/s (forward + backward + Adam step), generation tokens/s (batched
 * sampling with a key/value cache), their ratios, and the JS side's peak RSS. Installs
 * Debian's python3-torch when no Python on PATH (or /usr/bin/python3) imports torch. Torch runs
 * against Debian's reference BLAS (the default install: the yardstick) and, when
 * update-alternatives selects a stronger BLAS such as OpenBLAS, against that too; both sides
 * run one thread.
 * Each side runs 3 alternating rounds and keeps its best figure (1 round with --quick).
 * Run: npm run bench:model [-- --js-only] [-- --quick]
 * Writes bench/results/model.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
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

/** One way of running torch: which BLAS its process maps, and the environment that selects it. */
interface Yardstick {
  name: 'reference' | 'system';
  label: string;
  environment: Record<string, string>;
  blas: string[];
}

/** Both sides get this many threads: the WASM backend runs one in Node (tfjs disables its threaded build there). */
const threads = 1;
const threadEnvironment = { OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };

function mappedBlas(python: string, environment: Record<string, string>): string[] {
  const script = 'import torch, re\ntorch.randn(64,64) @ torch.randn(64,64)\nprint("\\n".join(sorted(set(re.findall(r"\\S*(?:blas|lapack)\\S*\\.so\\S*", open("/proc/self/maps").read())))))';
  try {
    return execFileSync(python, ['-c', script], { env: { ...process.env, ...environment } }).toString().trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

const isReferenceBlas = (libraries: string[]) =>
  libraries.some((library) => library.includes('/blas/libblas')) && !libraries.some((library) => /openblas|mkl|blis|atlas/i.test(library));

/**
 * The yardstick is Debian's python3-torch as a fresh `apt-get install` leaves it: with the
 * reference BLAS (libblas3). When update-alternatives selects another BLAS (e.g. OpenBLAS), torch
 * is also measured with it, as the stronger yardstick; the reference one is then selected for its
 * process by putting Debian's reference BLAS/LAPACK directories first on LD_LIBRARY_PATH. Each
 * choice is checked against the libraries the process actually maps.
 */
function yardsticks(python: string): Yardstick[] {
  const multiarch = `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`;
  const systemBlas = mappedBlas(python, threadEnvironment);
  const found: Yardstick[] = [];
  const referenceLabel = "reference BLAS (libblas3), Debian's default install: the issue's yardstick";
  if (isReferenceBlas(systemBlas)) {
    return [{ name: 'reference', label: referenceLabel, environment: threadEnvironment, blas: systemBlas }];
  }
  if (existsSync(`${multiarch}/blas/libblas.so.3`)) {
    const libraryPath = [`${multiarch}/blas`, `${multiarch}/lapack`, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
    const environment = { ...threadEnvironment, LD_LIBRARY_PATH: libraryPath };
    const blas = mappedBlas(python, environment);
    if (isReferenceBlas(blas)) found.push({ name: 'reference', label: referenceLabel, environment, blas });
  }
  found.push({ name: 'system', label: 'BLAS selected by update-alternatives (stronger than the default install)', environment: threadEnvironment, blas: systemBlas });
  return found;
}

type TorchFigures = SideFigures & { torchVersion: string; threads: number; blas: string[] };

function benchTorch(python: string, yardstick: Yardstick, config: BenchConfig): TorchFigures {
  const script = new URL('./torch_model.py', import.meta.url).pathname;
  const output = execFileSync(python, [script, JSON.stringify({ ...config, threads })], { env: { ...process.env, ...yardstick.environment } }).toString();
  return JSON.parse(output.trim().split('\n').pop()!);
}

const loadAverageAtStart = loadavg();
const backend = await initBackend('wasm');
const python = jsOnly ? undefined : ensureTorch();
if (!jsOnly && python === undefined) console.warn('PyTorch is unavailable: reporting the JS side only.');
const torchYardsticks = python ? yardsticks(python) : [];
for (const yardstick of torchYardsticks) console.log(`torch yardstick "${yardstick.name}": ${yardstick.label}; maps ${yardstick.blas.join(', ')}`);
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
const ratios = (js: SideFigures, torch: SideFigures) => ({
  train: js.trainTokensPerSecond / torch.trainTokensPerSecond,
  generate: js.generateTokensPerSecond / torch.generateTokensPerSecond,
  trainPerCpuSecond: js.trainTokensPerCpuSecond / torch.trainTokensPerCpuSecond,
  generatePerCpuSecond: js.generateTokensPerCpuSecond / torch.generateTokensPerCpuSecond,
});
const format = (value: number) => value.toFixed(0).padStart(7);
const ratio = (value: number) => `${value.toFixed(2)}x`;
const results = [];
for (const config of configs) {
  // Alternating rounds, best of each: the machine is shared, so a burst of load hits one round, not the figure.
  let js: SideFigures | undefined;
  const torch = new Map<string, TorchFigures>();
  for (let round = 0; round < rounds; round++) {
    js = best(js, await benchJavaScript(config));
    for (const yardstick of torchYardsticks) torch.set(yardstick.name, best(torch.get(yardstick.name), benchTorch(python!, yardstick, config)));
  }
  if (js === undefined) throw new Error('no rounds ran');
  const tokensPerStep = config.batch * (config.contextLength - 1);
  const row = {
    config,
    js,
    jsTrainCpuMillisecondsPerStep: (1000 * tokensPerStep) / js.trainTokensPerCpuSecond,
    torch: Object.fromEntries([...torch].map(([name, figures]) => [name, { ...figures, ratios: ratios(js!, figures) }])),
  };
  results.push(row);
  console.log(
    `layers ${config.layers} width ${config.width} heads ${config.heads} context ${config.contextLength} batch ${config.batch}\n` +
      `  JS     train ${format(js.trainTokensPerSecond)} tokens/s (${format(js.trainTokensPerCpuSecond)} per CPU s, ${row.jsTrainCpuMillisecondsPerStep.toFixed(0)} ms CPU/step)` +
      `   generate ${format(js.generateTokensPerSecond)} tokens/s (${format(js.generateTokensPerCpuSecond)} per CPU s)`,
  );
  for (const [name, figures] of Object.entries(row.torch)) {
    console.log(
      `  torch/${name.padEnd(9)} train ${format(figures.trainTokensPerSecond)} (${format(figures.trainTokensPerCpuSecond)} per CPU s) JS/torch ${ratio(figures.ratios.train)} (per CPU s ${ratio(figures.ratios.trainPerCpuSecond)})` +
        `   generate ${format(figures.generateTokensPerSecond)} (${format(figures.generateTokensPerCpuSecond)}) JS/torch ${ratio(figures.ratios.generate)} (per CPU s ${ratio(figures.ratios.generatePerCpuSecond)})`,
    );
  }
}
const peakRssMegabytes = process.resourceUsage().maxRSS / 1024;
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  node: process.version,
  backend,
  threads,
  torch: python
    ? { python, version: Object.values(results[0]?.torch ?? {})[0]?.torchVersion, yardsticks: torchYardsticks.map(({ name, label, blas }) => ({ name, label, blas })) }
    : undefined,
  loadAverageAtStart,
  loadAverageAtEnd: loadavg(),
};
const torchThreads = [...new Set(results.flatMap((row) => Object.values(row.torch).map((figures) => figures.threads)))];
console.log(
  `JS peak RSS ${peakRssMegabytes.toFixed(0)} MB; backend ${backend}, ${threads} thread; torch ${machine.torch?.version ?? 'n/a'} on ${torchThreads.join('/') || 'n/a'} thread(s); ` +
    `load average ${loadAverageAtStart.map((value) => value.toFixed(2)).join(' ')} at start, ${machine.loadAverageAtEnd.map((value) => value.toFixed(2)).join(' ')} at end`,
);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/model.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), machine, peakRssMegabytes, results }, null, 2)}\n`,
);
