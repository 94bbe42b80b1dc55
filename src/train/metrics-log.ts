import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BandResult } from './evaluate.js';

/** One JSON line per RL step in `metrics.jsonl`. */
export interface StepMetrics {
  step: number;
  rewardMean: number;
  passRate: number;
  loss: number;
  kl: number;
  clipFraction: number;
  gradientNorm: number;
  /** Mean −log π_old of the sampled tokens: a Monte Carlo estimate of the per-token entropy. */
  entropy: number;
  learningRate: number;
  groups: number;
  droppedGroups: number;
  completionTokens: number;
  trainTokens: number;
  genTokensPerSecond: number;
  trainTokensPerSecond: number;
  tokensPerSecond: number;
  seconds: number;
  sampler: { name: string; drawn: number; rounds: number };
  /** Present on steps where the held-out set was evaluated. */
  heldout?: BandResult[];
}

export function appendMetrics(file: string, metrics: StepMetrics): void {
  appendFileSync(file, `${JSON.stringify(metrics)}\n`);
}

export function readMetrics(file: string): StepMetrics[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as StepMetrics);
}

/** Drops lines of steps after `step` (those a resumed run will redo). */
export function truncateMetrics(file: string, step: number): StepMetrics[] {
  const kept = readMetrics(file).filter((metrics) => metrics.step <= step);
  writeFileSync(file, kept.map((metrics) => `${JSON.stringify(metrics)}\n`).join(''));
  return kept;
}
