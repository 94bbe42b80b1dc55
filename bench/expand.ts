/**
 * Corpus expansion speed: (1) proposals validated per second excluding model time — the solver is
 * an instant scripted policy, so what is timed is parsing, verifier checks, duplicate and
 * near-duplicate search against a 20,000-problem corpus, sandbox runs (twice) and the corpus
 * writes; (2) near-duplicate query time against 1,000,000 indexed problems (the index the
 * pipeline keeps in memory), for diverse prompts and for prompts shaped like the task families'
 * templates (template shingles ignored, as buildNearDuplicateIndex does): wall and CPU time per
 * query, p50/p99, and how many slow queries overlapped a garbage-collection pause. Wall figures
 * depend on the machine's load, so the load average is printed and stored beside them.
 * Writes bench/results/expand.json.
 * Run: npm run bench:expand   (EXPAND_BENCH_INDEX_SIZE overrides the 1,000,000)
 *
 * EXPAND_BENCH=self-play runs the comparison instead (bench/self-play-comparison.ts): self-play
 * that grows the corpus vs the same solver budget on the fixed corpus, held-out pass rate, seeds.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { Random } from '../src/core/random.js';
import { buildNearDuplicateIndex } from '../src/corpus/build-near-duplicate-index.js';
import { generateProblems } from '../src/corpus/generate-problems.js';
import { frequentShingles } from '../src/corpus/min-hash.js';
import { NearDuplicateIndex } from '../src/corpus/near-duplicate-index.js';
import { openCorpus } from '../src/corpus/sqlite-corpus.js';
import { parseProposal } from '../src/expand/parse-proposal.js';
import { ProposalValidator, type ProposalInput } from '../src/expand/proposal-validator.js';
import { RuleChatPolicy } from '../src/expand/rule-policies.test-support.js';
import { closeJavaScriptSandbox } from '../src/sandbox/index.js';
import { families } from '../src/tasks/registry.js';
import { VerifierSet } from '../src/verify/verifier-set.js';

const CORPUS_SIZE = 20_000;
const PROPOSALS = Number(process.env.EXPAND_BENCH_PROPOSALS ?? 600);
const INDEX_SIZE = Number(process.env.EXPAND_BENCH_INDEX_SIZE ?? 1_000_000);
const QUERIES = 2_000;

/** A mix like a proposer's output: arithmetic checked by the family solver, free-form answers, JavaScript programs, and rejects. */
function proposalText(index: number, random: Random): string {
  const a = random.int(100, 99_999);
  const b = random.int(100, 99_999);
  switch (index % 6) {
    case 0:
    case 1:
      return `<problem>${a}+${b}=</problem><answer>${a + b}</answer>`;
    case 2:
      return JSON.stringify({ statement: `Riddle ${index}: a crate holds ${a} apples and ${b} pears. How many fruits are in the crate? Put your final answer in <answer></answer>.`, answer: String(a + b) });
    case 3:
      return JSON.stringify({ statement: `Read n from stdin and print n*${a % 97} + ${b}. (${index})`, tests: { language: 'javascript', cases: [1, 2, 3].map((n) => ({ input: `${n}\n`, output: `${n * (a % 97) + b}\n` })) }, solution: `const n = Number(require('fs').readFileSync(0, 'utf8').trim());\nconsole.log(n * ${a % 97} + ${b});` });
    case 4:
      return JSON.stringify({ statement: `Write double${index}(x) returning 2x.`, tests: { language: 'javascript', asserts: [`assert(double${index}(${a}) === ${2 * a})`] }, solution: `function double${index}(x) { return 2 * x }` });
    default:
      return index % 12 === 5 ? 'I propose a problem about trains.' : `<problem>${a}*${b % 100}=</problem><answer>${a * (b % 100) + 1}</answer>`;
  }
}

/** Solves everything on even calls, nothing on odd calls: every valid proposal lands at pass rate 0.5. */
const instantSolver = new RuleChatPolicy((prompt, call) => {
  if (call % 2 === 1) return '<answer>nope</answer>';
  const sum = /Compute (\d+) \+ (\d+)\./.exec(prompt) ?? /(\d+) apples and (\d+) pears/.exec(prompt);
  if (sum) return `<answer>${Number(sum[1]) + Number(sum[2])}</answer>`;
  const double = /double(\d+)/.exec(prompt);
  if (double) return `\`\`\`javascript\nfunction double${double[1]}(x) { return 2 * x }\n\`\`\``;
  return '<answer>0</answer>';
}, 'instant-solver');

async function validationThroughput(): Promise<Record<string, number>> {
  const directory = mkdtempSync(join(tmpdir(), 'rlvr-bench-expand-'));
  const store = openCorpus(join(directory, 'corpus.db'));
  const verifiers = new VerifierSet();
  try {
    const perFamily = Math.ceil(CORPUS_SIZE / families.length);
    for (const family of families) store.addProblems(generateProblems(family, { count: perFamily, minDifficulty: 0, maxDifficulty: 1, seed: 7, split: 'train' }));
    const validator = new ProposalValidator({
      store, nearDuplicates: buildNearDuplicateIndex(store), verifiers,
      solver: { target: { kind: 'chat', policy: instantSolver, maxConcurrentEpisodes: 64 }, samples: 4, temperature: 1, maxTokens: 64 },
      band: [0, 1], minAgreement: 2, sandboxTimeoutMs: 2_000, concurrency: 8, split: 'train',
    });
    const random = new Random(11);
    const provenance = { origin: 'proposer' as const, proposer: { id: 'bench', version: '1' }, parents: [] };
    const inputs: ProposalInput[] = Array.from({ length: PROPOSALS }, (_, index) => ({ parse: parseProposal(proposalText(index, random)), provenance }));
    await validator.validateBatch(inputs.slice(0, 12)); // warm the isolate pool and verifiers
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    let accepted = 0;
    const reasons: Record<string, number> = {};
    for (let start = 12; start < inputs.length; start += 32) {
      for (const outcome of await validator.validateBatch(inputs.slice(start, start + 32))) {
        if (outcome.record.accepted) accepted++;
        else reasons[outcome.record.reason!] = (reasons[outcome.record.reason!] ?? 0) + 1;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    // Sandboxes are isolates inside this process, so its CPU time covers them too.
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const validated = inputs.length - 12;
    console.log(
      `validation: ${validated} proposals in ${seconds.toFixed(2)} s wall = ${(validated / seconds).toFixed(1)} proposals/s; ${cpuSeconds.toFixed(2)} s CPU = ${(validated / cpuSeconds).toFixed(1)} proposals per CPU-second ` +
        `(accepted ${accepted}; rejected ${JSON.stringify(reasons)})`,
    );
    return { validationProposalsPerSecond: round(validated / seconds, 1), validationProposalsPerCpuSecond: round(validated / cpuSeconds, 1), validationAccepted: accepted, validationProposals: validated };
  } finally {
    store.close();
    await verifiers.close();
    closeJavaScriptSandbox();
    rmSync(directory, { recursive: true, force: true });
  }
}

const WORDS = Array.from({ length: 20_000 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 0).toString(36).slice(0, 3 + (i % 6)));
function syntheticPrompt(random: Random): string {
  const parts: string[] = [];
  for (let i = random.int(15, 45); i > 0; i--) parts.push(random.bool(0.15) ? String(random.int(0, 9999)) : random.pick(WORDS));
  return `${parts.join(' ')}?`;
}

/** A number of 1 to 6 digits (log-uniform), as task families write them. */
function familyNumber(random: Random): number {
  return random.int(0, 10 ** random.int(1, 6) - 1);
}

const SUFFIX = 'Put your final answer in <answer></answer>.';
/** Prompts in the shape of the task families' templates: fixed instructions around a few numbers. */
function templatedPrompt(random: Random): string {
  const a = familyNumber(random);
  const b = familyNumber(random);
  switch (random.int(0, 5)) {
    case 0:
      return `Compute ${a} + ${b}. ${SUFFIX}`;
    case 1:
      return `Compute ${a} × ${b}. ${SUFFIX}`;
    case 2:
      return `Compute (${a} * ${b}) mod ${(a % 97) + 2}, as a number in 0..${(a % 97) + 1}. ${SUFFIX}`;
    case 3:
      return `Solve ${a}x + ${b} = ${familyNumber(random)} for x. ${SUFFIX}`;
    case 4:
      return `What is the largest number in the list: ${Array.from({ length: random.int(3, 8) }, () => familyNumber(random)).join(', ')}? ${SUFFIX}`;
    default:
      return `Write the decimal number ${a} in binary, without a prefix. ${SUFFIX}`;
  }
}

const collectGarbage = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

interface QueryTiming {
  wallMs: number[];
  cpuMs: number[];
  garbageCollections: Array<{ start: number; duration: number }>;
  slowQueries: Array<{ start: number; wallMs: number }>;
}

/**
 * Times each query by wall clock and by process CPU time (the latter barely moves when other
 * processes take the cores), and records garbage-collection pauses so slow queries can be told
 * apart: a query that overlaps a collection paid for the heap, not for the index.
 */
async function timeQueries(index: NearDuplicateIndex, queries: readonly string[]): Promise<QueryTiming & { found: number }> {
  const garbageCollections: QueryTiming['garbageCollections'] = [];
  const observer = new PerformanceObserver((list) => garbageCollections.push(...list.getEntries().map((entry) => ({ start: entry.startTime, duration: entry.duration }))));
  observer.observe({ entryTypes: ['gc'] });
  collectGarbage(); // the index build's garbage is not the queries' cost
  await new Promise((resolve) => setTimeout(resolve, 10));
  garbageCollections.length = 0;
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  const slowQueries: QueryTiming['slowQueries'] = [];
  let found = 0;
  for (const query of queries) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    if (index.query(query, 1).length > 0) found++;
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    wallMs.push(wall);
    cpuMs.push((cpu.user + cpu.system) / 1000);
    if (wall > 1) slowQueries.push({ start: started, wallMs: wall });
  }
  await new Promise((resolve) => setTimeout(resolve, 10)); // gc entries arrive asynchronously
  observer.disconnect();
  return { wallMs, cpuMs, garbageCollections, slowQueries, found };
}

/**
 * Asks the 20 slowest queries (by CPU time) again, 5 times each, and returns the largest median:
 * small when the first slowness came from the machine (cold caches, other processes), large when
 * those queries are slow by themselves (e.g. a crowded LSH bucket).
 */
function repeatSlowest(index: NearDuplicateIndex, queries: readonly string[], cpuMs: readonly number[]): number {
  const slowest = queries.map((query, item) => ({ query, cpu: cpuMs[item]! })).sort((a, b) => b.cpu - a.cpu).slice(0, 20);
  return Math.max(
    ...slowest.map(({ query }) => {
      const times = Array.from({ length: 5 }, () => {
        const started = process.cpuUsage();
        index.query(query, 1);
        const used = process.cpuUsage(started);
        return (used.user + used.system) / 1000;
      }).sort((a, b) => a - b);
      return times[2]!;
    }),
  );
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
}

async function nearDuplicateQueries(kind: 'diverse' | 'templated'): Promise<Record<string, number>> {
  const random = new Random(kind === 'diverse' ? 5 : 6);
  const makePrompt = kind === 'diverse' ? syntheticPrompt : templatedPrompt;
  // The pipeline's index comes from buildNearDuplicateIndex, which ignores template shingles found in a 20,000-problem sample.
  const sampleRandom = new Random(7);
  const sample = kind === 'templated' ? Array.from({ length: 20_000 }, () => templatedPrompt(sampleRandom)) : [];
  const index = new NearDuplicateIndex(kind === 'templated' ? { ignoredShingles: frequentShingles(sample) } : {});
  index.reserve(INDEX_SIZE);
  const seen = new Set<string>();
  const kept: string[] = [];
  const buildStarted = performance.now();
  while (index.size < INDEX_SIZE) {
    const prompt = makePrompt(random);
    // The corpus holds no exact duplicates (its hash check rejects them first).
    if (kind === 'templated' && seen.has(prompt)) continue;
    if (kind === 'templated') seen.add(prompt);
    if (index.size % (INDEX_SIZE / QUERIES) === 0) kept.push(prompt);
    index.add(`p${index.size}`, prompt);
  }
  seen.clear();
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  // Half fresh proposals, half edits of indexed problems: the pipeline's two cases.
  const edit = (prompt: string) => (kind === 'diverse' ? prompt.replace(/^\S+/, 'edited') : prompt.replace(/\d(?=\D*$)/, (digit) => String((Number(digit) + 1) % 10)));
  const queries = Array.from({ length: QUERIES }, (_, item) => (item % 2 === 0 ? makePrompt(random) : edit(kept[item]!)));
  const timing = await timeQueries(index, queries);
  const wall = [...timing.wallMs].sort((a, b) => a - b);
  const cpu = [...timing.cpuMs].sort((a, b) => a - b);
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const duringCollection = timing.slowQueries.filter((query) => timing.garbageCollections.some((collection) => collection.start < query.start + query.wallMs && collection.start + collection.duration > query.start)).length;
  const prefix = kind === 'diverse' ? 'nearDuplicate' : 'templatedNearDuplicate';
  const repeated = repeatSlowest(index, queries, timing.cpuMs);
  const figures = {
    [`${prefix}IndexSize`]: INDEX_SIZE,
    [`${prefix}BuildSeconds`]: round(buildSeconds, 1),
    [`${prefix}QueryMsMean`]: round(mean(wall)),
    [`${prefix}QueryMsP50`]: round(percentile(wall, 0.5)),
    [`${prefix}QueryMsP99`]: round(percentile(wall, 0.99)),
    [`${prefix}QueryMsMax`]: round(wall.at(-1)!),
    [`${prefix}QueryCpuMsMean`]: round(mean(cpu)),
    [`${prefix}QueryCpuMsP50`]: round(percentile(cpu, 0.5)),
    [`${prefix}QueryCpuMsP99`]: round(percentile(cpu, 0.99)),
    [`${prefix}QueriesOver1Ms`]: timing.slowQueries.length,
    [`${prefix}QueriesOver1MsDuringGc`]: duringCollection,
    [`${prefix}GcPauses`]: timing.garbageCollections.length,
    [`${prefix}QueriesMatched`]: timing.found,
    [`${prefix}SlowestRepeatedCpuMs`]: round(repeated),
  };
  console.log(
    `near-duplicate query, ${kind} prompts, ${INDEX_SIZE} indexed (build ${buildSeconds.toFixed(1)} s): wall mean ${mean(wall).toFixed(3)} ms, p50 ${percentile(wall, 0.5).toFixed(3)}, p99 ${percentile(wall, 0.99).toFixed(3)}, max ${wall.at(-1)!.toFixed(3)}; ` +
      `CPU mean ${mean(cpu).toFixed(3)} ms, p50 ${percentile(cpu, 0.5).toFixed(3)}, p99 ${percentile(cpu, 0.99).toFixed(3)}; ${timing.slowQueries.length} queries over 1 ms (${duringCollection} during a GC pause; ${timing.garbageCollections.length} pauses); ` +
      `${timing.found} of ${QUERIES} queries matched (${QUERIES / 2} are edits); the 20 slowest by CPU, asked again, take at most ${repeated.toFixed(3)} ms CPU (median of 5)`,
  );
  return figures;
}

function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

console.log(`node ${process.version}, ${cpus().length} cores`);
if (process.env.EXPAND_BENCH === 'self-play') {
  const { compareSelfPlay } = await import('./self-play-comparison.js');
  const comparison = await compareSelfPlay();
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/expand-self-play.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, comparison }, null, 2)}\n`);
} else {
  console.log(`load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  const figures = { loadAverageAtStart: round(loadavg()[0]!, 2), ...(await validationThroughput()), ...(await nearDuplicateQueries('diverse')), ...(await nearDuplicateQueries('templated')), loadAverageAtEnd: round(loadavg()[0]!, 2) };
  console.log(`load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/expand.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`);
}
