// The main job's learning result over seeds: held-out pass@1 gain from RL on the boundary band
// (the band whose pass@1 after SFT is closest to 50%), per seed and as mean ± spread.
// Usage: npm run bench:train [-- --seeds 1,2,3 --rl-steps N --sft-steps N]
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runStart } from '../src/train/start-pipeline.js';
import { startPreset } from '../src/train/start-preset.js';

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '1,2,3' }, 'rl-steps': { type: 'string' }, 'sft-steps': { type: 'string' }, 'runs-dir': { type: 'string', default: 'runs/bench-train' } },
});
const seeds = values.seeds.split(',').map(Number);
const preset = {
  ...startPreset,
  sft: { ...startPreset.sft, steps: Number(values['sft-steps'] ?? startPreset.sft.steps) },
  rl: { ...startPreset.rl, steps: Number(values['rl-steps'] ?? startPreset.rl.steps) },
};

const rows = [];
for (const seed of seeds) {
  const { summary } = await runStart({ seed, runsDir: values['runs-dir'], preset, quiet: true });
  const perBand = summary.evalBefore.map((before, index) => ({ band: before.band, before: before.passAt1, after: summary.evalAfter[index]!.passAt1 }));
  rows.push({ seed, boundaryBand: summary.boundaryBand, boundaryGain: summary.boundaryGain, perBand, wallSeconds: summary.wallSeconds, peakRssMb: summary.peakRssMb });
  console.log(
    `seed ${seed}: boundary band [${summary.boundaryBand.join(', ')}) ${points(summary.boundaryGain)} points; ` +
      perBand.map((band) => `[${band.band.join(', ')}) ${percent(band.before)} → ${percent(band.after)}`).join('  ') +
      `; ${summary.wallSeconds.toFixed(0)} s, peak RSS ${summary.peakRssMb.toFixed(0)} MB`,
  );
}
const gains = rows.map((row) => row.boundaryGain);
const mean = gains.reduce((sum, gain) => sum + gain, 0) / gains.length;
const spread = Math.sqrt(gains.reduce((sum, gain) => sum + (gain - mean) ** 2, 0) / Math.max(1, gains.length - 1));
console.log(`boundary-band gain over ${gains.length} seeds: ${points(mean)} ± ${(spread * 100).toFixed(1)} points (mean ± sample std)`);
await mkdir('bench/results', { recursive: true });
await writeFile(
  path.join('bench/results', 'train.json'),
  `${JSON.stringify({ date: new Date().toISOString(), preset: { sftSteps: preset.sft.steps, rlSteps: preset.rl.steps }, rows, meanGain: mean, spread }, null, 2)}\n`,
);

function points(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}`;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(0)}%`;
}
