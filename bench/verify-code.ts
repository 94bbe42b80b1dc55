// Throughput of the code sandboxes and memory over many runs.
// Standalone: node --no-node-snapshot --import tsx bench/verify-code.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runVerifier } from '../src/core/verifier.js';
import { IsolatePool, pythonSandboxProblem, runJavaScriptAsserts, runJavaScriptCases, runPythonAsserts, runPythonCases } from '../src/sandbox/index.js';
import { descendantProcesses } from '../src/sandbox/descendant-processes.js';
import { createCodeVerifier } from '../src/verify/code/index.js';

const JAVASCRIPT_PROGRAM = 'const [a, b] = readline().split(" ").map(Number);\nconsole.log(a + b);';
const PYTHON_PROGRAM = 'a, b = map(int, input().split())\nprint(a + b)';
const CASES_PER_PROGRAM = 10;
const inputs = Array.from({ length: CASES_PER_PROGRAM }, (_, index) => `${index} ${index * 3}\n`);

interface Rate {
  perSecond: number;
  /** Calls per CPU-second of this process and its reaped children (sandboxes): independent of other load. */
  perCpuSecond: number;
}

/** CPU seconds used by this process (isolate threads included) and its waited-for descendants. */
function cpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  return ticks / 100;
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
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
}


/** Descendant processes beyond `baseline` (tsx keeps an esbuild child), after up to 5 s of settling. */
async function settledSandboxProcesses(baseline: number): Promise<number> {
  for (let waited = 0; waited < 5_000 && descendantProcesses().length > baseline; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
  return descendantProcesses().length - baseline;
}

export async function benchCode(): Promise<Record<string, number>> {
  const cores = cpus().length;
  const pool = new IsolatePool({ size: cores });
  const figures: Record<string, number> = {};

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
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await benchCode();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(64)} ${value.toFixed(1)}`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/verify-code.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), figures }, null, 2));
}
