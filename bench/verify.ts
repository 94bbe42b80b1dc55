/**
 * Verifier benchmarks: per-mode throughput of the simple verifiers, the math and code benches
 * (bench/verify-math.ts, bench/verify-code.ts), and a memory-boundedness run of 100,000 mixed
 * verifications through the registry. Prints a table; writes bench/results/verify.json.
 * Run: npm run bench:verify
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Random } from '../src/core/random.js';
import { runVerifier, type Verifier, type VerifyInput } from '../src/core/verifier.js';
import { openAtomicFile } from '../src/verify/atomic-output.js';
import { verifyBatch } from '../src/verify/batch.js';
import { createVerifier } from '../src/verify/registry.js';
import { VerifierSet } from '../src/verify/verifier-set.js';

type Figures = Record<string, number>;

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Sequential verifications per second and mean microseconds, for one input generator. */
async function throughput(verifier: Verifier, count: number, makeInput: (index: number) => VerifyInput): Promise<{ perSecond: number; meanMicros: number; passRate: number }> {
  for (let index = 0; index < Math.min(200, count); index++) await runVerifier(verifier, makeInput(index));
  let passed = 0;
  const started = performance.now();
  for (let index = 0; index < count; index++) if ((await runVerifier(verifier, makeInput(index))).passed) passed++;
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: count / seconds, meanMicros: (seconds * 1e6) / count, passRate: passed / count };
}

const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'], additionalProperties: false };
const rubricConfig = {
  components: [
    { name: 'accuracy', verifier: 'match', weight: 1, config: { mode: 'numeric' } },
    { name: 'format', verifier: 'format', weight: 0.2 },
  ],
};
const multiGrader = {
  type: 'multi',
  graders: {
    exact: { type: 'string_check', input: '{{sample.final_answer}}', reference: '{{item.answer}}', operation: 'eq' },
    close: { type: 'text_similarity', input: '{{sample.final_answer}}', reference: '{{item.answer}}', evaluation_metric: 'fuzzy_match', pass_threshold: 0.8 },
  },
  calculate_output: '0.7 * exact + 0.3 * close',
};

/** Inputs of the simple verifiers: half right, half wrong, every one distinct. */
const simpleCases: Record<string, { verifier: string; input: (index: number) => VerifyInput }> = {
  'match exact': { verifier: 'match', input: (i) => ({ response: `<think>…</think><answer>${i % 2 ? i : i + 1}</answer>`, answer: String(i), config: { mode: 'exact' } }) },
  'match normalized': { verifier: 'match', input: (i) => ({ response: `<answer>The  Answer ${i}!</answer>`, answer: `the answer ${i % 2 ? i : i + 1}`, config: { mode: 'normalized' } }) },
  'match multiple-choice': { verifier: 'match', input: (i) => ({ response: `Reasoning… so the answer is (${'ABCD'[i % 4]})`, answer: 'ABCD'[(i + (i % 2)) % 4]!, config: { mode: 'multiple-choice', letters: 'ABCD' } }) },
  'match numeric': { verifier: 'match', input: (i) => ({ response: `\\boxed{${(i * 1.5).toFixed(2)}}`, answer: String(i * 1.5 + (i % 2) * 0.1), config: { mode: 'numeric', absoluteTolerance: 0.01 } }) },
  'match regex': { verifier: 'match', input: (i) => ({ response: `<answer>${i}-${i % 2 ? 'ok' : 'no'}</answer>`, config: { mode: 'regex', pattern: '\\d+-ok' } }) },
  'match json+schema': { verifier: 'match', input: (i) => ({ response: `<answer>{"name": "n${i}", "age": ${i % 2 ? i : `"${i}"`}}</answer>`, config: { mode: 'json', schema } }) },
  format: { verifier: 'format', input: (i) => ({ response: i % 2 ? `<think>step ${i}</think>\n<answer>${i}</answer>` : `<answer>${i}</answer>` }) },
  'rubric (match+format)': { verifier: 'rubric', input: (i) => ({ response: `<think>x</think><answer>${i}</answer>`, answer: String(i % 2 ? i : i + 1), config: rubricConfig }) },
  'openai-grader multi': { verifier: 'openai-grader', input: (i) => ({ response: `<answer>answer number ${i}</answer>`, answer: `answer number ${i % 2 ? i : i + 7}`, config: multiGrader }) },
};

async function benchSimple(set: VerifierSet, count: number): Promise<Figures> {
  const figures: Figures = {};
  for (const [name, { verifier, input }] of Object.entries(simpleCases)) {
    const result = await throughput(await set.get(verifier), count, input);
    figures[`${name}: verifications/s`] = Math.round(result.perSecond);
    figures[`${name}: mean µs`] = Number(result.meanMicros.toFixed(1));
    if (Math.abs(result.passRate - 0.5) > 0.01) throw new Error(`${name}: expected half the cases to pass, ${result.passRate} did`);
  }
  return figures;
}

/** A mixed stream: 65% match (several modes), 32% math, 3% JavaScript code; each input distinct. */
function mixedInput(random: Random, index: number): { verifier: string; input: VerifyInput } {
  const roll = random.next();
  if (roll < 0.65) {
    const { verifier, input } = simpleCases[Object.keys(simpleCases)[index % 6]!]!;
    return { verifier, input: input(index) };
  }
  if (roll < 0.97) {
    const [a, b] = [random.int(1, 999), random.int(2, 999)];
    return random.bool(0.8)
      ? { verifier: 'math', input: { response: `<answer>\\frac{${a}}{${b}}</answer>`, answer: String(a / b) } }
      : { verifier: 'math', input: { response: `<answer>(x+${a})^2</answer>`, answer: `x^2+${2 * a}x+${a * a}` } };
  }
  const [a, b] = [random.int(1, 9999), random.int(1, 9999)];
  const response = "```javascript\nconst [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(' ').map(Number);\nconsole.log(a + b);\n```";
  return { verifier: 'code', input: { response, tests: { language: 'javascript', cases: [{ input: `${a} ${b}\n`, output: `${a + b}\n` }] } } };
}

interface MemorySample {
  done: number;
  rssMb: number;
  heapUsedMb: number;
}

function sampleMemory(done: number): MemorySample {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { done, rssMb: Number((rss / 2 ** 20).toFixed(1)), heapUsedMb: Number((heapUsed / 2 ** 20).toFixed(1)) };
}

async function benchMemory(set: VerifierSet, total: number, inFlight: number): Promise<{ figures: Figures; samples: MemorySample[] }> {
  const random = new Random('bench-verify-memory');
  const samples: MemorySample[] = [];
  const reasons = new Map<string, number>();
  const started = performance.now();
  const step = total / 10;
  for (let done = 0; done < total; done += inFlight) {
    if (done % step === 0) samples.push(sampleMemory(done));
    const batch = Array.from({ length: inFlight }, (_, offset) => mixedInput(random, done + offset));
    const verdicts = await Promise.all(batch.map(async ({ verifier, input }) => runVerifier(await set.get(verifier), input)));
    for (const verdict of verdicts) reasons.set(verdict.reason, (reasons.get(verdict.reason) ?? 0) + 1);
  }
  samples.push(sampleMemory(total));
  const seconds = (performance.now() - started) / 1000;
  const [empty, start, middle, end] = [samples[0]!, samples[1]!, samples[5]!, samples[samples.length - 1]!];
  const figures: Figures = {
    'mixed 100k: verifications/s': Math.round(total / seconds),
    'mixed 100k: errors+timeouts': (reasons.get('error') ?? 0) + (reasons.get('timeout') ?? 0),
    'memory before the first: RSS MB': empty.rssMb,
    'memory before the first: heap MB': empty.heapUsedMb,
    'memory at 10k: RSS MB': start.rssMb,
    'memory at 10k: heap MB': start.heapUsedMb,
    'memory at 50k: RSS MB': middle.rssMb,
    'memory at 50k: heap MB': middle.heapUsedMb,
    'memory at 100k: RSS MB': end.rssMb,
    'memory at 100k: heap MB': end.heapUsedMb,
    'heap growth 50k→100k MB': Number((end.heapUsedMb - middle.heapUsedMb).toFixed(1)),
  };
  console.log(`reasons over the mixed run: ${JSON.stringify(Object.fromEntries(reasons))}`);
  return { figures, samples };
}

/**
 * `rlvr verify`'s engine on a 200,000-line file (match, numeric): lines per second and the
 * largest heap seen while streaming, which must stay far below the file's size.
 */
async function benchBatch(lineCount: number): Promise<Figures> {
  const directory = await mkdtemp(join(tmpdir(), 'rlvr-bench-verify-'));
  try {
    const input = join(directory, 'cases.jsonl');
    const lines = Array.from({ length: lineCount }, (_, index) => JSON.stringify({ id: index, response: `<think>${'step '.repeat(40)}</think><answer>${index}</answer>`, answer: String(index) }));
    await writeFile(input, `${lines.join('\n')}\n`);
    lines.length = 0;
    const fileMb = (await stat(input)).size / 2 ** 20;
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    // Live heap: collected first, so garbage V8 has not yet reclaimed does not count.
    const sampler = setInterval(() => {
      collectGarbage();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 2_000);
    const verifier = await createVerifier('match', { mode: 'numeric' });
    const started = performance.now();
    const summary = await verifyBatch({ verifier, inputPath: input, sink: await openAtomicFile(join(directory, 'results.jsonl')), concurrency: 4, timeoutMs: 10_000, report: () => {}, signal: new AbortController().signal });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    await verifier.close?.();
    if (summary.passed !== lineCount) throw new Error(`batch: expected every line to pass, ${summary.passed} did`);
    return {
      'batch 200k lines: input file MB': Number(fileMb.toFixed(1)),
      'batch 200k lines: lines/s': Math.round(lineCount / seconds),
      'batch 200k lines: largest live heap growth MB (GC every 2 s)': Number(((peakHeap - heapBefore) / 2 ** 20).toFixed(1)),
      'batch 200k lines: p99 ms': Number(summary.p99Ms.toFixed(3)),
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** The math and code benches live beside this one; a missing one is reported, not hidden. */
async function optionalBench(file: string, exportName: string): Promise<Figures | { error: string }> {
  try {
    const module = (await import(file)) as Record<string, () => Promise<Figures>>;
    const bench = module[exportName];
    if (typeof bench !== 'function') return { error: `${file} does not export ${exportName}` };
    return await bench();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function printTable(title: string, figures: Figures | { error: string }): void {
  console.log(`\n${title}`);
  for (const [name, value] of Object.entries(figures)) console.log(`  ${name.padEnd(56)} ${String(value).padStart(12)}`);
}

async function main(): Promise<void> {
  const set = new VerifierSet();
  const machine = `${cpus().length} cores (${availableParallelism()} available), Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`;
  console.log(`bench:verify on ${machine}`);
  try {
    const simple = await benchSimple(set, 20_000);
    printTable('Simple verifiers (sequential, 20,000 distinct inputs each)', simple);
    const math = await optionalBench('./verify-math.ts', 'benchMath');
    printTable('Math (bench/verify-math.ts)', math);
    const code = await optionalBench('./verify-code.ts', 'benchCode');
    printTable('Code (bench/verify-code.ts)', code);
    const memory = await benchMemory(set, 100_000, 32);
    printTable('Memory: 100,000 mixed verifications through the registry (32 in flight; after GC)', memory.figures);
    const batch = await benchBatch(200_000);
    printTable('rlvr verify engine: 200,000-line JSONL, match numeric, 4 in flight', batch);
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    const results = { date: new Date().toISOString(), machine, simple, math, code, memory, batch };
    await writeFile(new URL('./results/verify.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
    console.log('\nwrote bench/results/verify.json');
  } finally {
    await set.close();
  }
}

await main();
