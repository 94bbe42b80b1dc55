// Throughput of the code sandboxes and memory over many runs.
// Standalone: node --no-node-snapshot --expose-gc --import tsx bench/verify-code.ts [--soak-javascript RUNS]
// --soak-javascript RUNS: also runs RUNS JavaScript test cases (10 per call, 20 calls in flight) and
// samples memory after a forced GC every --soak-every runs (default RUNS / 20).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runVerifier } from '../src/core/verifier.js';
import {
  IsolatePool,
  pythonSandboxCpuSeconds,
  pythonSandboxProblem,
  runJavaScriptAsserts,
  runJavaScriptCases,
  runPythonAsserts,
  runPythonCases,
} from '../src/sandbox/index.js';
import { descendantProcesses } from '../src/sandbox/descendant-processes.js';
import { createCodeVerifier } from '../src/verify/code/index.js';

const JAVASCRIPT_PROGRAM = 'const [a, b] = readline().split(" ").map(Number);\nconsole.log(a + b);';
const PYTHON_PROGRAM = 'a, b = map(int, input().split())\nprint(a + b)';
const CASES_PER_PROGRAM = 10;
const inputs = Array.from({ length: CASES_PER_PROGRAM }, (_, index) => `${index} ${index * 3}\n`);

interface Rate {
  perSecond: number;
  /** Calls per CPU-second of this process and of the sandboxes: much less distorted by other load. */
  perCpuSecond: number;
}

export interface CodeBenchOptions {
  /** JavaScript test-case runs of the memory soak; 0 (default) skips it. */
  soakJavaScriptRuns?: number;
  /** Runs between two memory samples of the soak. */
  soakSampleEvery?: number;
}

/**
 * CPU seconds used by this process (isolate threads included), its waited-for children, and the
 * Python sandboxes as their harnesses report it: bubblewrap's sandbox init process is not reaped
 * by this process, so its resource usage would miss the Python processes. Kernel work done
 * outside the processes (namespace teardown) is not counted.
 */
function cpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  return ticks / 100 + pythonSandboxCpuSeconds();
}

/** Runs `batches` calls with at most `concurrency` in flight. */
async function throughput(batches: number, concurrency: number, call: () => Promise<unknown>): Promise<Rate> {
  let started = 0;
  const begin = performance.now();
  const cpuBegin = cpuSeconds();
  const worker = async () => {
    while (started < batches) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { perSecond: batches / ((performance.now() - begin) / 1000), perCpuSecond: batches / Math.max(cpuSeconds() - cpuBegin, 0.01) };
}

function record(figures: Record<string, number>, name: string, rate: Rate, unitsPerCall: number): void {
  figures[`${name}/s`] = rate.perSecond * unitsPerCall;
  figures[`${name} per CPU-second`] = rate.perCpuSecond * unitsPerCall;
}

function rssMb(): number {
  return memoryAfterGc().rssMb;
}

interface MemorySample {
  runs: number;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

function memoryAfterGc(runs = 0): MemorySample {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return { runs, rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), externalMb: mb(usage.external) };
}

/** Least-squares slope of RSS over runs, in MB per 10,000 runs. */
function rssSlopePer10k(samples: readonly MemorySample[]): number {
  const meanRuns = samples.reduce((sum, sample) => sum + sample.runs, 0) / samples.length;
  const meanRss = samples.reduce((sum, sample) => sum + sample.rssMb, 0) / samples.length;
  const covariance = samples.reduce((sum, sample) => sum + (sample.runs - meanRuns) * (sample.rssMb - meanRss), 0);
  const variance = samples.reduce((sum, sample) => sum + (sample.runs - meanRuns) ** 2, 0);
  return (covariance / variance) * 10_000;
}

/**
 * Many JavaScript runs of a program that allocates (as in the short memory check), memory sampled
 * after a forced GC: a leak shows as RSS that keeps climbing, allocator noise as a plateau.
 */
async function soakJavaScript(pool: IsolatePool, runs: number, every: number, figures: Record<string, number>): Promise<MemorySample[]> {
  const hoarder = 'const junk = new Array(1e5).fill("x"); console.log(junk.length)';
  const callsPerSample = Math.max(1, Math.round(every / CASES_PER_PROGRAM));
  const samples = [memoryAfterGc(0)];
  const print = (sample: MemorySample) =>
    console.log(`soak: ${String(sample.runs).padStart(6)} runs  RSS ${sample.rssMb.toFixed(1)} MB  heap ${sample.heapUsedMb.toFixed(1)} MB  external ${sample.externalMb.toFixed(1)} MB`);
  print(samples[0]!);
  let done = 0;
  while (done < runs) {
    for (let call = 0; call < callsPerSample; call += 20) {
      await Promise.all(Array.from({ length: Math.min(20, callsPerSample - call) }, () => runJavaScriptCases(hoarder, inputs, { pool })));
    }
    done += callsPerSample * CASES_PER_PROGRAM;
    samples.push(memoryAfterGc(done));
    print(samples.at(-1)!);
  }
  const secondHalf = samples.slice(Math.floor(samples.length / 2));
  figures['soak: javascript runs'] = done;
  figures['soak: RSS at start (MB)'] = samples[0]!.rssMb;
  figures['soak: RSS max (MB)'] = Math.max(...samples.map((sample) => sample.rssMb));
  figures['soak: RSS at end (MB)'] = samples.at(-1)!.rssMb;
  figures['soak: RSS slope over the second half (MB per 10k runs)'] = rssSlopePer10k(secondHalf);
  figures['soak: heap used at end (MB)'] = samples.at(-1)!.heapUsedMb;
  return samples;
}


/** Descendant processes beyond `baseline` (tsx keeps an esbuild child), after up to 5 s of settling. */
async function settledSandboxProcesses(baseline: number): Promise<number> {
  for (let waited = 0; waited < 5_000 && descendantProcesses().length > baseline; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
  return descendantProcesses().length - baseline;
}

export async function benchCode(options: CodeBenchOptions = {}): Promise<Record<string, number>> {
  const cores = cpus().length;
  const pool = new IsolatePool({ size: cores });
  const figures: Record<string, number> = { 'load average (1 min) at start': loadavg()[0]! };

  await runJavaScriptCases(JAVASCRIPT_PROGRAM, inputs, { pool });
  const javascriptPrograms = await throughput(60, cores * 2, () => runJavaScriptCases(JAVASCRIPT_PROGRAM, inputs, { pool }));
  record(figures, 'javascript test-case runs', javascriptPrograms, CASES_PER_PROGRAM);
  const javascriptAsserts = ['assert add(1, 2) === 3', 'assert.strictEqual(add(2, 2), 4)', 'assert.deepStrictEqual([add(0, 1)], [1])', 'assert add(5, 5) == 10'];
  await runJavaScriptAsserts('function add(a, b) { return a + b; }', javascriptAsserts, { pool });
  const assertRate = await throughput(60, cores * 2, () => runJavaScriptAsserts('function add(a, b) { return a + b; }', javascriptAsserts, { pool }));
  record(figures, 'javascript asserts', assertRate, javascriptAsserts.length);

  // Memory must plateau: the second 2000 runs should add little to what the first added.
  const hoarder = 'const junk = new Array(1e5).fill("x"); console.log(junk.length)';
  const twoThousandRuns = async () => {
    for (let round = 0; round < 10; round++) await Promise.all(Array.from({ length: 20 }, () => runJavaScriptCases(hoarder, inputs, { pool })));
  };
  const rssStart = rssMb();
  await twoThousandRuns();
  const rssMiddle = rssMb();
  await twoThousandRuns();
  figures['javascript RSS growth, runs 1-2000 (MB)'] = rssMiddle - rssStart;
  figures['javascript RSS growth, runs 2001-4000 (MB)'] = rssMb() - rssMiddle;
  if (options.soakJavaScriptRuns) {
    const samples = await soakJavaScript(pool, options.soakJavaScriptRuns, options.soakSampleEvery ?? Math.max(1_000, options.soakJavaScriptRuns / 20), figures);
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/verify-code-soak.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), samples }, null, 2));
  }

  if (pythonSandboxProblem() === undefined) {
    const baseline = descendantProcesses().length;
    await runPythonCases(PYTHON_PROGRAM, inputs);
    const pythonPrograms = await throughput(12, cores * 2, () => runPythonCases(PYTHON_PROGRAM, inputs));
    record(figures, 'python test-case runs', pythonPrograms, CASES_PER_PROGRAM);
    const singleRuns = await throughput(12, cores * 2, () => runPythonCases(PYTHON_PROGRAM, inputs.slice(0, 1)));
    record(figures, 'python single-run sandboxes (one bwrap each)', singleRuns, 1);
    const items = [1, 2, 3, 4].map((index) => ({ kind: 'value' as const, source: `add(${index}, ${index})` }));
    const pythonAsserts = await throughput(12, cores * 2, () => runPythonAsserts('def add(a, b):\n    return a + b', items));
    record(figures, 'python asserts', pythonAsserts, items.length);
    figures['python sandbox processes left 5 s after the runs'] = await settledSandboxProcesses(baseline);
  }

  const verifier = createCodeVerifier({ pool });
  const response = '```js\n' + JAVASCRIPT_PROGRAM + '\n```';
  const tests = { language: 'javascript', cases: inputs.map((input, index) => ({ input, output: String(index * 4) })) };
  const verdicts = await throughput(60, cores * 2, () => runVerifier(verifier, { response, tests }));
  record(figures, 'code verifier verdicts (javascript, 10 cases)', verdicts, 1);
  await verifier.close?.();
  pool.close();
  figures['load average (1 min) at end'] = loadavg()[0]!;
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { 'soak-javascript': { type: 'string' }, 'soak-every': { type: 'string' } } });
  const soakJavaScriptRuns = Number(values['soak-javascript'] ?? 0);
  const soakSampleEvery = values['soak-every'] === undefined ? undefined : Number(values['soak-every']);
  if (!Number.isInteger(soakJavaScriptRuns) || soakJavaScriptRuns < 0) throw new Error(`--soak-javascript wants a run count, received ${values['soak-javascript']}`);
  if (soakSampleEvery !== undefined && !(soakSampleEvery >= CASES_PER_PROGRAM)) throw new Error(`--soak-every wants at least ${CASES_PER_PROGRAM} runs, received ${values['soak-every']}`);
  const figures = await benchCode({ soakJavaScriptRuns, ...(soakSampleEvery !== undefined ? { soakSampleEvery } : {}) });
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(64)} ${value.toFixed(1)}`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/verify-code.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), figures }, null, 2));
}
