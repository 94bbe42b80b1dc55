/**
 * Sampler speed: drawing a batch of 512 with the prioritized sampler from 1,000,000 problems.
 * (1) The sum tree built directly from synthetic pass rates: pure draw and update cost.
 * (2) A real SQLite corpus of SAMPLING_BENCH_STORE_SIZE problems (default 1,000,000): time to build
 *     the sampler from the store, and a draw that also fetches the 512 problems from SQLite.
 * Run: node --import tsx bench/sampling.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Attempt } from '../src/core/corpus.js';
import type { Problem } from '../src/core/problem.js';
import { Random } from '../src/core/random.js';
import { openCorpus } from '../src/corpus/sqlite-corpus.js';
import { createSampler } from '../src/sampling/sampler.js';
import { prioritizedWeight, WeightedStrategy } from '../src/sampling/weighted-strategy.js';

const CORPUS_SIZE = 1_000_000;
const BATCH = 512;
const REPEATS = 200;

export async function benchSampling(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  Object.assign(figures, benchTree());
  const storeSize = Number(process.env.SAMPLING_BENCH_STORE_SIZE ?? CORPUS_SIZE);
  if (storeSize > 0) Object.assign(figures, benchStore(storeSize));
  return figures;
}

function benchTree(): Record<string, number> {
  const random = new Random('bench-sampling');
  const passRates = new Float64Array(CORPUS_SIZE);
  for (let i = 0; i < CORPUS_SIZE; i++) passRates[i] = random.next();
  let start = performance.now();
  const strategy = new WeightedStrategy(passRates, prioritizedWeight(0.05), 'prioritized');
  const buildMs = performance.now() - start;
  const drawTimes: number[] = [];
  const updateTimes: number[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    start = performance.now();
    const drawn = strategy.draw(BATCH, random, new Set());
    drawTimes.push(performance.now() - start);
    start = performance.now();
    for (const position of drawn) passRates[position] = random.next();
    strategy.observe(drawn.map((position) => ({ position, scores: [] })));
    updateTimes.push(performance.now() - start);
  }
  return {
    tree_build_1m_ms: buildMs,
    tree_draw_512_of_1m_median_ms: median(drawTimes),
    tree_draw_512_of_1m_p95_ms: quantile(drawTimes, 0.95),
    tree_update_512_leaves_median_ms: median(updateTimes),
  };
}

function benchStore(size: number): Record<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'rlvr-bench-sampling-'));
  const store = openCorpus(join(dir, 'corpus.db'));
  try {
    const random = new Random('bench-store');
    let start = performance.now();
    for (let offset = 0; offset < size; offset += 10_000) {
      store.addProblems(Array.from({ length: Math.min(10_000, size - offset) }, (_, k) => benchProblem(offset + k, random)));
    }
    // A tenth of the problems get 4 attempts each, so pass rates vary as in a run under way.
    for (let offset = 0; offset < size; offset += 100_000) {
      const attempts: Attempt[] = [];
      for (let id = offset; id < Math.min(size, offset + 100_000); id += 10) {
        for (let k = 0; k < 4; k++) {
          const score = random.bool(0.5) ? 1 : 0;
          attempts.push({ problemId: `bench-${id}`, policyVersion: 'v0', reward: score, score, tokens: 10, ms: 1 });
        }
      }
      store.recordAttempts(attempts);
    }
    const fillMs = performance.now() - start;
    start = performance.now();
    const sampler = createSampler('prioritized:floor=0.05', store, { seed: 1, filter: { split: 'train' } });
    const samplerBuildMs = performance.now() - start;
    const drawTimes: number[] = [];
    const observeTimes: number[] = [];
    for (let repeat = 0; repeat < 20; repeat++) {
      start = performance.now();
      const problems = sampler.draw(BATCH);
      drawTimes.push(performance.now() - start);
      start = performance.now();
      sampler.observe(problems.map((problem) => ({ problemId: problem.id, scores: [1, 0, 1, 1, 0, 0, 1, 0] })));
      observeTimes.push(performance.now() - start);
    }
    return {
      store_size: size,
      store_fill_s: fillMs / 1000,
      store_sampler_build_s: samplerBuildMs / 1000,
      store_draw_512_with_fetch_median_ms: median(drawTimes),
      store_observe_512_groups_median_ms: median(observeTimes),
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchProblem(index: number, random: Random): Problem {
  const a = random.int(0, 9999);
  const b = random.int(0, 9999);
  return {
    id: `bench-${index}`,
    family: 'addition',
    prompt: `Problem ${index}: what is ${a} + ${b}?`,
    answer: String(a + b),
    verifier: 'math',
    difficulty: random.next(),
    source: 'generated',
    metadata: { compactPrompt: `${a}+${b}=`, ...(index % 20 === 0 ? { split: 'heldout' } : {}) },
  };
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchSampling();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(40)} ${value.toFixed(3)}`);
}
