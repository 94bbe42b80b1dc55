// Sampler ablation: the same SFT model and RL budget per seed, trained with each sampler; held-out
// pass@1 after the budget, steps until the boundary band gains 10 points, spread over seeds.
// Writes the table into BENCHMARKS.md under "## Sampler ablation".
// Usage: npm run bench:curriculum [-- --seeds 1,2,3 --rl-steps N --sft-steps N]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runStart, type PreparedStart } from '../src/train/start-pipeline.js';
import { startPreset } from '../src/train/start-preset.js';

const SAMPLERS = ['uniform', 'curriculum', 'prioritized', 'boundary'];
const EVAL_EVERY = 10;
const TARGET_GAIN = 0.1;

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '1,2,3' }, 'rl-steps': { type: 'string' }, 'sft-steps': { type: 'string' }, 'runs-dir': { type: 'string', default: 'runs/bench-curriculum' } },
});
const seeds = values.seeds.split(',').map(Number);
const rlSteps = Number(values['rl-steps'] ?? startPreset.rl.steps);
const sftSteps = Number(values['sft-steps'] ?? startPreset.sft.steps);

interface Cell {
  sampler: string;
  seed: number;
  boundaryBefore: number;
  boundaryAfter: number;
  meanAfter: number;
  stepsToTarget: number | null;
}

const cells: Cell[] = [];
for (const seed of seeds) {
  let prepared: PreparedStart | undefined;
  for (const sampler of SAMPLERS) {
    const preset = { ...startPreset, sft: { ...startPreset.sft, steps: sftSteps }, rl: { ...startPreset.rl, steps: rlSteps, sampler, evalEvery: EVAL_EVERY } };
    const result = await runStart({ seed, runsDir: values['runs-dir'], preset, quiet: true, reuse: prepared });
    prepared = result.prepared;
    const boundary = result.summary.evalBefore.findIndex((band) => band.band.join() === result.summary.boundaryBand.join());
    const before = result.summary.evalBefore[boundary]!.passAt1;
    const reached = result.metrics.find((line) => line.heldout && line.heldout[boundary]!.passAt1 >= before + TARGET_GAIN);
    const after = result.summary.evalAfter;
    cells.push({
      sampler,
      seed,
      boundaryBefore: before,
      boundaryAfter: after[boundary]!.passAt1,
      meanAfter: after.reduce((sum, band) => sum + band.passAt1, 0) / after.length,
      stepsToTarget: reached ? reached.step : after[boundary]!.passAt1 >= before + TARGET_GAIN ? rlSteps : null,
    });
    console.log(JSON.stringify(cells.at(-1)));
  }
}

const lines = [
  '## Sampler ablation',
  '',
  `Command: \`npm run bench:curriculum -- --seeds ${seeds.join(',')} --rl-steps ${rlSteps} --sft-steps ${sftSteps}\`; 2 cores, no GPU, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  `Each seed trains one SFT model (the \`rlvr start\` preset), then runs the same RL budget (${rlSteps} steps) once per sampler from a fresh copy of its corpus.`,
  `"Boundary band" = the held-out band whose pass@1 after SFT is closest to 50%. "Steps to +${TARGET_GAIN * 100} pts" = first held-out evaluation (every ${EVAL_EVERY} steps) where the boundary band gained ${TARGET_GAIN * 100} points (— = never).`,
  '',
  '| sampler | boundary band after RL (mean ± std) | all bands after RL (mean) | steps to +10 pts (per seed) |',
  '|---|---|---|---|',
  ...SAMPLERS.map((sampler) => {
    const rows = cells.filter((cell) => cell.sampler === sampler);
    const after = rows.map((row) => row.boundaryAfter);
    const before = rows.map((row) => row.boundaryBefore);
    return `| ${sampler} | ${pct(mean(after))} ± ${pct(std(after))} (before ${pct(mean(before))}) | ${pct(mean(rows.map((row) => row.meanAfter)))} | ${rows.map((row) => row.stepsToTarget ?? '—').join(', ')} |`;
  }),
  '',
];
console.log(lines.join('\n'));
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/curriculum.json', `${JSON.stringify({ date: new Date().toISOString(), rlSteps, sftSteps, cells }, null, 2)}\n`);
await replaceSection('BENCHMARKS.md', '## Sampler ablation', lines.join('\n'));

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

function std(values: readonly number[]): number {
  const center = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - center) ** 2, 0) / Math.max(1, values.length - 1));
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** Replaces the section starting at `heading` (up to the next `## `) or appends it. */
async function replaceSection(file: string, heading: string, section: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const start = text.indexOf(`${heading}\n`);
  if (start < 0) {
    await writeFile(file, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = text.indexOf('\n## ', start + heading.length);
  await writeFile(file, `${text.slice(0, start)}${section}${next < 0 ? '' : text.slice(next + 1)}`);
}
