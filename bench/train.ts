// The main job's learning result over seeds: held-out pass@1 gain from RL on the boundary band
// (the band whose pass@1 after SFT is closest to 50%), per seed and as mean ± spread.
// Usage: npm run bench:train [-- --seeds 1,2,3 --rl-steps N --sft-steps N …] (see `options` below);
// without overrides it measures `npm start`'s preset exactly. Evaluation is never overridable.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runStart } from '../src/train/start-pipeline.js';
import { startPreset, type StartPreset } from '../src/train/start-preset.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    'rl-steps': { type: 'string' },
    'sft-steps': { type: 'string' },
    'sft-learning-rate': { type: 'string' },
    'group-size': { type: 'string' },
    'problems-per-step': { type: 'string' },
    'updates-per-batch': { type: 'string' },
    'learning-rate': { type: 'string' },
    /** `lo,hi`: difficulties of the RL training problems. */
    'rl-difficulty': { type: 'string' },
    sampler: { type: 'string' },
    'eval-every': { type: 'string' },
    /** Start RL from another run's `sft/` instead of training SFT again (same SFT settings only). */
    'sft-checkpoint': { type: 'string' },
    'runs-dir': { type: 'string', default: 'runs/bench-train' },
    out: { type: 'string', default: path.join('bench/results', 'train.json') },
  },
});
const seeds = values.seeds.split(',').map(Number);
const preset = withOverrides(startPreset);

const rows = [];
for (const seed of seeds) {
  const cpuBefore = process.cpuUsage();
  const { summary } = await runStart({
    seed,
    runsDir: values['runs-dir'],
    preset,
    quiet: true,
    ...(values['sft-checkpoint'] !== undefined ? { sftCheckpoint: values['sft-checkpoint'] } : {}),
  });
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const perBand = summary.evalBefore.map((before, index) => ({ before, after: summary.evalAfter[index]! }));
  rows.push({ seed, boundaryBand: summary.boundaryBand, boundaryGain: summary.boundaryGain, perBand, wallSeconds: summary.wallSeconds, cpuSeconds, peakRssMb: summary.peakRssMb, phaseSeconds: summary.phaseSeconds });
  console.log(
    `seed ${seed}: boundary band [${summary.boundaryBand.join(', ')}) ${points(summary.boundaryGain)} points; ` +
      `${summary.wallSeconds.toFixed(0)} s wall, ${cpuSeconds.toFixed(0)} s CPU, peak RSS ${summary.peakRssMb.toFixed(0)} MB`,
  );
  for (const { before, after } of perBand) {
    console.log(
      `  [${before.band.join(', ')}) pass@1 ${percent(before.passAt1)} → ${percent(after.passAt1)}  greedy ${percent(before.greedyPassAt1)} → ${percent(after.greedyPassAt1)}  ` +
        `pass@8 ${percent(before.passAtK)} → ${percent(after.passAtK)}`,
    );
  }
}
const gains = rows.map((row) => row.boundaryGain);
const mean = gains.reduce((sum, gain) => sum + gain, 0) / gains.length;
const spread = Math.sqrt(gains.reduce((sum, gain) => sum + (gain - mean) ** 2, 0) / Math.max(1, gains.length - 1));
console.log(`boundary-band gain over ${gains.length} seeds: ${points(mean)} ± ${(spread * 100).toFixed(1)} points (mean ± sample std)`);
await mkdir(path.dirname(values.out), { recursive: true });
await writeFile(values.out, `${JSON.stringify({ date: new Date().toISOString(), preset: { sft: preset.sft, rl: preset.rl, corpus: preset.corpus }, rows, meanGain: mean, spread }, null, 2)}\n`);

/** The preset with this invocation's overrides; the bands and the evaluation stay the preset's. */
function withOverrides(base: StartPreset): StartPreset {
  const optional = (name: keyof typeof values) => (values[name] === undefined ? undefined : Number(values[name]));
  const trainer = {
    ...base.rl.trainer,
    groupSize: optional('group-size') ?? base.rl.trainer.groupSize,
    updatesPerBatch: optional('updates-per-batch') ?? base.rl.trainer.updatesPerBatch,
    optimizer: { ...base.rl.trainer.optimizer, learningRate: optional('learning-rate') ?? base.rl.trainer.optimizer.learningRate },
  };
  const [minDifficulty, maxDifficulty] = values['rl-difficulty']?.split(',').map(Number) ?? [base.corpus.minDifficulty ?? 0, base.corpus.maxDifficulty];
  return {
    ...base,
    corpus: { ...base.corpus, minDifficulty: minDifficulty!, maxDifficulty: maxDifficulty! },
    sft: { ...base.sft, steps: optional('sft-steps') ?? base.sft.steps, learningRate: optional('sft-learning-rate') ?? base.sft.learningRate },
    rl: {
      ...base.rl,
      trainer,
      sampler: values.sampler ?? base.rl.sampler,
      problemsPerStep: optional('problems-per-step') ?? base.rl.problemsPerStep,
      steps: optional('rl-steps') ?? base.rl.steps,
      evalEvery: optional('eval-every') ?? base.rl.evalEvery,
    },
  };
}

function points(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}`;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
