/**
 * Corpus speed: (1) importing a JSONL file of synthetic problems, with and without the
 * near-duplicate check; (2) applying 10,000 attempt results to the statistics; (3) near-duplicate
 * query time at 1,000,000 indexed problems (and the index build time); then the sampler figures
 * of bench/sampling.ts. Writes bench/results/corpus.json (merged into the figures already there,
 * so a partial run updates only its own).
 * Run: npm run bench:corpus
 *   CORPUS_BENCH_PARTS=import,attempts   only these parts (of import, attempts, cli, near-duplicates,
 *                                        templated, sampling; default all; near-duplicates builds a
 *                                        1,000,000-problem index, about 2 minutes)
 *   CORPUS_BENCH_CLI_RECORDS=1000000     size of the file `bin/rlvr corpus import` reads in the cli part
 *   CORPUS_BENCH_REPEATS=5               import repetitions per variant (median reported)
 *   CORPUS_BENCH_INDEX_SIZE=1000000      near-duplicate index size
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Attempt } from '../src/core/corpus.js';
import { Random } from '../src/core/random.js';
import { importFile, type ImportReport } from '../src/corpus/import-file.js';
import { NearDuplicateCheck } from '../src/corpus/near-duplicate-check.js';
import { frequentShingles, shingleHashes } from '../src/corpus/min-hash.js';
import { NearDuplicateIndex } from '../src/corpus/near-duplicate-index.js';
import { normalizeText } from '../src/corpus/normalize-text.js';
import { openCorpus } from '../src/corpus/sqlite-corpus.js';

const IMPORT_RECORDS = 100_000;
const ATTEMPTS = 10_000;
const INDEX_SIZE = Number(process.env.CORPUS_BENCH_INDEX_SIZE ?? 1_000_000);
const QUERIES = 2_000;
const TEMPLATED_SIZE = 100_000;
const IMPORT_REPEATS = Number(process.env.CORPUS_BENCH_REPEATS ?? 5);
const PARTS = new Set((process.env.CORPUS_BENCH_PARTS ?? 'import,attempts,cli,near-duplicates,templated,sampling').split(','));
const CLI_RECORDS = Number(process.env.CORPUS_BENCH_CLI_RECORDS ?? 1_000_000);

const VOCABULARY = Array.from({ length: 20_000 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 0).toString(36).slice(0, 3 + (i % 6)));

/** A word-problem-like text of 15 to 45 words over a 20,000-word vocabulary, with numbers. */
function syntheticPrompt(random: Random): string {
  const words = random.int(15, 45);
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(random.bool(0.15) ? String(random.int(0, 9999)) : random.pick(VOCABULARY));
  return `${parts.join(' ')}?`;
}

/** Exact Jaccard similarity of two texts' shingle sets, to score the index's recall. */
function jaccard(a: string, b: string): number {
  const left = new Set(shingleHashes(normalizeText(a)));
  const right = new Set(shingleHashes(normalizeText(b)));
  const shared = [...left].filter((hash) => right.has(hash)).length;
  return shared / (left.size + right.size - shared);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** The 1-minute load average, to print beside each figure (the machine may be shared). */
function load(): number {
  return Number(loadavg()[0]!.toFixed(2));
}

/**
 * What `rlvr corpus import FILE` does into a new database, timed from opening it to closing it
 * (the close checkpoints the WAL into the database file): the near-duplicate variant builds its
 * index as the CLI does for an empty corpus, ignoring the file's template shingles.
 */
async function timeImport(file: string, path: string, withNearDuplicates: boolean): Promise<{ seconds: number; cpuSeconds: number; report: ImportReport }> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const corpus = openCorpus(path);
  const nearDuplicates = withNearDuplicates ? NearDuplicateCheck.forCorpus(corpus) : undefined;
  const report = await importFile(corpus, file, { nearDuplicates });
  await nearDuplicates?.close();
  corpus.close();
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, report };
}

/** A JSONL file of `records` synthetic problems (~250 bytes a line). */
function writeSyntheticFile(file: string, records: number): void {
  const random = new Random('import');
  const lines: string[] = [];
  for (let i = 0; i < records; i++) {
    lines.push(JSON.stringify({ id: `q${i}`, family: `family${i % 8}`, prompt: syntheticPrompt(random), answer: String(random.int(0, 1e6)), difficulty: random.next(), metadata: { split: i % 20 === 0 ? 'heldout' : 'train' } }));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

async function benchImport(dir: string): Promise<Record<string, number>> {
  const file = join(dir, 'problems.jsonl');
  writeSyntheticFile(file, IMPORT_RECORDS);
  const runs = { exact: { wall: [] as number[], cpu: [] as number[], load: [] as number[] }, near: { wall: [] as number[], cpu: [] as number[], load: [] as number[] } };
  // Variants alternate so a change in the machine's load hits both alike.
  for (let repeat = 0; repeat < IMPORT_REPEATS; repeat++) {
    for (const withNearDuplicates of [false, true]) {
      const path = join(dir, `import-${withNearDuplicates}-${repeat}.db`);
      const { seconds, cpuSeconds, report } = await timeImport(file, path, withNearDuplicates);
      if (report.added !== IMPORT_RECORDS) throw new Error(`import added ${report.added} of ${IMPORT_RECORDS}`);
      const run = runs[withNearDuplicates ? 'near' : 'exact'];
      run.wall.push(IMPORT_RECORDS / seconds);
      run.cpu.push(IMPORT_RECORDS / cpuSeconds);
      run.load.push(load());
      if (withNearDuplicates || repeat > 0) rmSync(path);
    }
  }
  const figures: Record<string, number> = {};
  for (const [variant, run] of Object.entries(runs)) {
    const key = variant === 'near' ? 'importProblemsPerSecond' : 'importProblemsPerSecondWithoutNearDuplicateCheck';
    figures[key] = Math.round(median(run.wall));
    figures[`${key}ByCpuTime`] = Math.round(median(run.cpu));
    figures[`${key}LoadAverage`] = median(run.load);
    console.log(
      `import ${IMPORT_RECORDS} problems from JSONL, open to close${variant === 'near' ? ', with the near-duplicate check (CLI default)' : ', exact duplicates only (--no-near-duplicates)'}: ` +
        `median of ${IMPORT_REPEATS}: ${figures[key]} problems/s wall, ${figures[`${key}ByCpuTime`]} problems/s of CPU time ` +
        `(runs: ${run.wall.map(Math.round).join(', ')} wall; load average ${run.load.join(', ')})`,
    );
  }
  return figures;
}

/**
 * What a user runs: `bin/rlvr corpus import` of a large file into a new database, in a fresh
 * process, timed from spawning it to its exit (Node and module start-up, JIT warm-up and the
 * near-duplicate worker's start-up included). One run per variant.
 */
function benchCliImport(dir: string): Record<string, number> {
  const file = join(dir, 'cli-problems.jsonl');
  writeSyntheticFile(file, CLI_RECORDS);
  const figures: Record<string, number> = {};
  for (const withNearDuplicates of [true, false]) {
    const database = join(dir, `cli-${withNearDuplicates}.db`);
    const started = performance.now();
    const result = spawnSync(fileURLToPath(new URL('../bin/rlvr', import.meta.url)), ['corpus', 'import', file, '--db', database, '--json', ...(withNearDuplicates ? [] : ['--no-near-duplicates'])], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`rlvr corpus import failed: ${result.stderr}`);
    const [report] = JSON.parse(result.stdout) as ImportReport[];
    if (report!.added !== CLI_RECORDS) throw new Error(`rlvr corpus import added ${report!.added} of ${CLI_RECORDS}`);
    rmSync(database);
    const key = withNearDuplicates ? 'cliImportProblemsPerSecond' : 'cliImportProblemsPerSecondWithoutNearDuplicateCheck';
    figures[key] = Math.round(CLI_RECORDS / seconds);
    figures[`${key}LoadAverage`] = load();
    console.log(
      `bin/rlvr corpus import of ${CLI_RECORDS} problems, fresh process, spawn to exit${withNearDuplicates ? ', with the near-duplicate check (default)' : ', --no-near-duplicates'}: ` +
        `${seconds.toFixed(1)} s = ${figures[key]} problems/s (load average ${figures[`${key}LoadAverage`]})`,
    );
  }
  rmSync(file);
  return figures;
}

function benchAttempts(dir: string): Record<string, number> {
  const corpus = openCorpus(join(dir, 'import-false-0.db'));
  const random = new Random('attempts');
  const timings: number[] = [];
  const cpuTimings: number[] = [];
  const loads: number[] = [];
  for (let round = 0; round < 7; round++) {
    const attempts: Attempt[] = Array.from({ length: ATTEMPTS }, () => {
      const score = random.bool(0.4) ? 1 : 0;
      return { problemId: `q${random.int(0, IMPORT_RECORDS - 1)}`, policyVersion: `v${round}`, reward: score, score, tokens: random.int(50, 500), ms: random.next() * 100 };
    });
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    corpus.recordAttempts(attempts);
    const cpu = process.cpuUsage(cpuBefore);
    timings.push(performance.now() - started);
    cpuTimings.push((cpu.user + cpu.system) / 1000);
    loads.push(load());
  }
  corpus.close();
  const figures = {
    recordAttemptsMsPer10k: Number(median(timings).toFixed(1)),
    recordAttemptsMsPer10kWorst: Number(Math.max(...timings).toFixed(1)),
    recordAttemptsCpuMsPer10k: Number(median(cpuTimings).toFixed(1)),
    recordAttemptsLoadAverage: median(loads),
  };
  console.log(
    `apply ${ATTEMPTS} attempts to the statistics (one transaction, ${IMPORT_RECORDS}-problem corpus): median ${figures.recordAttemptsMsPer10k} ms wall ` +
      `(worst ${figures.recordAttemptsMsPer10kWorst} ms of 7), median ${figures.recordAttemptsCpuMsPer10k} ms CPU; load average ${loads.join(', ')}`,
  );
  return figures;
}

function benchNearDuplicates(): Record<string, number> {
  const random = new Random('near-duplicates');
  const index = new NearDuplicateIndex();
  const kept: string[] = [];
  const started = performance.now();
  for (let i = 0; i < INDEX_SIZE; i++) {
    const prompt = syntheticPrompt(random);
    if (i % Math.floor(INDEX_SIZE / QUERIES) === 0) kept.push(prompt);
    index.add(`n${i}`, prompt);
  }
  const buildSeconds = (performance.now() - started) / 1000;
  console.log(`near-duplicate index over ${INDEX_SIZE} problems: built in ${buildSeconds.toFixed(1)} s (${Math.round(INDEX_SIZE / buildSeconds)} problems/s), ${(process.memoryUsage().arrayBuffers / 1e6).toFixed(0)} MB of typed arrays`);
  const timings: number[] = [];
  let found = 0;
  let trueNearDuplicates = 0;
  for (const [i, prompt] of kept.entries()) {
    // Half the proposals are light rewrites of stored problems (one word changed), half are new.
    const proposal = i % 2 === 0 ? prompt.replace(/^\S+/, 'Compute') : syntheticPrompt(random);
    const queryStarted = performance.now();
    const matches = index.query(proposal);
    timings.push(performance.now() - queryStarted);
    if (i % 2 === 0 && jaccard(prompt, proposal) >= index.threshold) {
      trueNearDuplicates++;
      if (matches.length > 0) found++;
    }
  }
  const figures = {
    nearDuplicateIndexSize: INDEX_SIZE,
    nearDuplicateBuildSeconds: Number(buildSeconds.toFixed(1)),
    nearDuplicateQueryMsMean: Number((timings.reduce((a, b) => a + b, 0) / timings.length).toFixed(3)),
    nearDuplicateQueryMsP99: Number(percentile(timings, 0.99).toFixed(3)),
    nearDuplicateRecall: Number((found / Math.max(1, trueNearDuplicates)).toFixed(3)),
    nearDuplicateRecallPairs: trueNearDuplicates,
  };
  console.log(`near-duplicate query per proposal at ${INDEX_SIZE} problems: mean ${figures.nearDuplicateQueryMsMean} ms, p99 ${figures.nearDuplicateQueryMsP99} ms; rewrites with true Jaccard >= ${index.threshold} found: ${(figures.nearDuplicateRecall * 100).toFixed(1)}% of ${trueNearDuplicates}`);
  return figures;
}

/**
 * Templated prompts (one family's instructions around random numbers), with and without the
 * template shingles ignored as `buildNearDuplicateIndex` does: the case where LSH candidates explode.
 */
function benchTemplatedNearDuplicates(): Record<string, number> {
  const random = new Random('templated');
  const prompt = () => `Compute ${random.int(0, 10 ** random.int(1, 8))} + ${random.int(0, 10 ** random.int(1, 8))}. Put your final answer in <answer></answer>.`;
  const stored = Array.from({ length: TEMPLATED_SIZE }, prompt);
  const figures: Record<string, number> = {};
  for (const ignoreTemplate of [false, true]) {
    const index = new NearDuplicateIndex(ignoreTemplate ? { ignoredShingles: frequentShingles(stored.slice(0, 20_000)) } : {});
    stored.forEach((text, i) => index.add(`t${i}`, text));
    const timings = Array.from({ length: 100 }, () => {
      const started = performance.now();
      index.query(prompt());
      return performance.now() - started;
    });
    const key = ignoreTemplate ? 'templatedQueryMsMeanTemplateIgnored' : 'templatedQueryMsMeanPlain';
    figures[key] = Number((timings.reduce((a, b) => a + b, 0) / timings.length).toFixed(3));
    console.log(`near-duplicate query on ${TEMPLATED_SIZE} templated prompts${ignoreTemplate ? ', template shingles ignored' : ', plain'}: mean ${figures[key]} ms`);
  }
  return figures;
}

async function benchSamplingIfPresent(): Promise<Record<string, number>> {
  const module = new URL('./sampling.ts', import.meta.url);
  if (!existsSync(module)) return {};
  const { benchSampling } = (await import(module.href)) as { benchSampling: () => Promise<Record<string, number>> };
  return benchSampling();
}

const dir = mkdtempSync(join(tmpdir(), 'rlvr-bench-corpus-'));
try {
  const figures: Record<string, number> = {};
  // The attempts part needs the database the import part leaves behind.
  if (PARTS.has('import') || PARTS.has('attempts')) Object.assign(figures, await benchImport(dir));
  if (PARTS.has('attempts')) Object.assign(figures, benchAttempts(dir));
  if (PARTS.has('cli')) Object.assign(figures, benchCliImport(dir));
  if (PARTS.has('near-duplicates')) Object.assign(figures, benchNearDuplicates());
  if (PARTS.has('templated')) Object.assign(figures, benchTemplatedNearDuplicates());
  if (PARTS.has('sampling')) Object.assign(figures, await benchSamplingIfPresent());
  const results = new URL('./results/corpus.json', import.meta.url);
  const earlier = existsSync(results) ? (JSON.parse(readFileSync(results, 'utf8')) as { figures?: Record<string, number> }).figures : undefined;
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(results, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, parts: [...PARTS], figures: { ...earlier, ...figures } }, null, 2)}\n`);
  console.log(JSON.stringify(figures));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
