// Sampler ablation: the same SFT model and RL budget per seed, trained with each sampler; held-out
// pass@1 per band after the budget, steps until the boundary band gains 10 points, spread over seeds.
//
// The training pool spans difficulty [--min-difficulty, --max-difficulty] (default [0, 0.4], all
// four held-out bands), wider than the `rlvr start` preset's: the more of it is out of the model's
// reach, the more it matters which problems a sampler picks.
//
// Usage: npm run bench:curriculum [-- --seeds 1,2,3 --sampler uniform --sampler 'boundary:pool=0.1' --rl-steps N]
// (`--sampler` repeats; default: the four plain samplers). Each process writes
// bench/results/curriculum-<tag>.json (its cells); `--table` alone merges every
// bench/results/curriculum-*.json into one table, printed and written to
// bench/results/curriculum-table.md for BENCHMARKS.md (where the reading of it is written by hand).
// Without --table and without --tag, one process does both.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runStart, type PreparedStart } from '../src/train/start-pipeline.js';
import { startPreset } from '../src/train/start-preset.js';

const ALL_SAMPLERS = ['uniform', 'curriculum', 'prioritized', 'boundary'];
const TARGET_GAIN = 0.1;

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    sampler: { type: 'string', multiple: true, default: ALL_SAMPLERS },
    'rl-steps': { type: 'string', default: '300' },
    'sft-steps': { type: 'string' },
    'eval-every': { type: 'string', default: '25' },
    'min-difficulty': { type: 'string', default: '0' },
    'max-difficulty': { type: 'string', default: '0.4' },
    'runs-dir': { type: 'string', default: 'runs/bench-curriculum' },
    /** Skip SFT: start from this checkpoint, `{seed}` replaced by the seed (e.g. the sft/ of an earlier `rlvr start --seed N`). */
    'sft-checkpoint': { type: 'string' },
    tag: { type: 'string' },
    table: { type: 'boolean', default: false },
  },
});

interface Cell {
  sampler: string;
  seed: number;
  bands: [number, number][];
  before: number[];
  after: number[];
  boundary: number;
  passAtKBefore: number;
  passAtKAfter: number;
  stepsToTarget: number | null;
  /** Groups generated per RL step (informative or not): the compute a sampler spends to fill a step. */
  groupsDrawnPerStep: number;
  /** Share of drawn groups dropped as uninformative (all completions equally scored). */
  droppedShare: number;
  rlSeconds: number;
  cpuSeconds: number | null;
  loadAverage: number | null;
}

interface Settings {
  rlSteps: number;
  sftSteps: number;
  evalEvery: number;
  pool: [number, number];
  sftCheckpoint?: string;
}

const RESULTS_DIR = 'bench/results';

if (values.table) {
  await writeTable();
} else {
  await runCells();
  if (values.tag === undefined) await writeTable();
}

async function runCells(): Promise<void> {
  const seeds = values.seeds.split(',').map(Number);
  const samplers = values.sampler;
  const settings: Settings = {
    rlSteps: Number(values['rl-steps']),
    sftSteps: Number(values['sft-steps'] ?? (await checkpointSftSteps(values['sft-checkpoint'], seeds[0]!)) ?? startPreset.sft.steps),
    evalEvery: Number(values['eval-every']),
    pool: [Number(values['min-difficulty']), Number(values['max-difficulty'])],
    ...(values['sft-checkpoint'] ? { sftCheckpoint: values['sft-checkpoint'] } : {}),
  };
  const tag = values.tag ?? 'all';
  const cells: Cell[] = [];
  for (const seed of seeds) {
    let prepared: PreparedStart | undefined;
    for (const sampler of samplers) {
      const preset = {
        ...startPreset,
        corpus: { ...startPreset.corpus, minDifficulty: settings.pool[0], maxDifficulty: settings.pool[1] },
        sft: { ...startPreset.sft, steps: settings.sftSteps },
        rl: { ...startPreset.rl, steps: settings.rlSteps, sampler, evalEvery: settings.evalEvery },
      };
      const cpuBefore = process.cpuUsage();
      const sftCheckpoint = values['sft-checkpoint']?.replaceAll('{seed}', String(seed));
      const result = await runStart({ seed, runsDir: values['runs-dir'], preset, quiet: true, reuse: prepared, ...(sftCheckpoint ? { sftCheckpoint } : {}) });
      const cpu = process.cpuUsage(cpuBefore);
      prepared = result.prepared;
      cells.push(cellOf(sampler, seed, result, settings, (cpu.user + cpu.system) / 1e6));
      console.log(JSON.stringify(cells.at(-1)));
      await mkdir(RESULTS_DIR, { recursive: true });
      await writeFile(`${RESULTS_DIR}/curriculum-${tag}.json`, `${JSON.stringify({ date: new Date().toISOString(), settings, cells }, null, 2)}\n`);
    }
  }
}

/** The SFT steps a reused checkpoint was trained with (its config.json), not the current preset's. */
async function checkpointSftSteps(checkpoint: string | undefined, seed: number): Promise<number | undefined> {
  if (checkpoint === undefined) return undefined;
  const config = JSON.parse(await readFile(`${checkpoint.replaceAll('{seed}', String(seed))}/config.json`, 'utf8')) as { extra?: { sft?: { steps?: number } } };
  return config.extra?.sft?.steps;
}

function cellOf(sampler: string, seed: number, result: Awaited<ReturnType<typeof runStart>>, settings: Settings, cpuSeconds: number): Cell {
  const { summary, metrics } = result;
  const boundary = summary.evalBefore.findIndex((band) => band.band.join() === summary.boundaryBand.join());
  const before = summary.evalBefore[boundary]!.passAt1;
  const after = summary.evalAfter[boundary]!.passAt1;
  const reached = metrics.find((line) => line.heldout && line.heldout[boundary]!.passAt1 >= before + TARGET_GAIN);
  const drawn = metrics.reduce((sum, line) => sum + line.sampler.drawn, 0);
  const dropped = metrics.reduce((sum, line) => sum + line.droppedGroups, 0);
  return {
    sampler,
    seed,
    bands: summary.evalBefore.map((band) => band.band),
    before: summary.evalBefore.map((band) => band.passAt1),
    after: summary.evalAfter.map((band) => band.passAt1),
    boundary,
    passAtKBefore: summary.evalBefore[boundary]!.passAtK,
    passAtKAfter: summary.evalAfter[boundary]!.passAtK,
    stepsToTarget: reached ? reached.step : after >= before + TARGET_GAIN ? settings.rlSteps : null,
    groupsDrawnPerStep: drawn / Math.max(1, metrics.length),
    droppedShare: dropped / Math.max(1, drawn),
    rlSeconds: summary.phaseSeconds['rl'] ?? 0,
    cpuSeconds,
    loadAverage: loadavg()[0]!,
  };
}

async function writeTable(): Promise<void> {
  const files = (await readdir(RESULTS_DIR)).filter((file) => /^curriculum-.+\.json$/.test(file)).sort();
  const parts = await Promise.all(files.map(async (file) => JSON.parse(await readFile(`${RESULTS_DIR}/${file}`, 'utf8')) as { settings: Settings; cells: Cell[] }));
  const cells = parts.flatMap((part) => part.cells);
  const settings = parts[0]!.settings;
  const mismatched = parts.findIndex((part) => JSON.stringify(part.settings) !== JSON.stringify(settings));
  if (mismatched >= 0) {
    throw new Error(`${RESULTS_DIR}/${files[mismatched]} was run with other settings than ${files[0]} (${JSON.stringify(parts[mismatched]!.settings)} vs ${JSON.stringify(settings)}): move one aside before merging`);
  }
  const seeds = [...new Set(cells.map((cell) => cell.seed))].sort();
  const samplers = [...new Set(cells.map((cell) => cell.sampler))];
  const bands = cells[0]!.bands;
  const bandName = (band: [number, number]) => `[${band[0]}, ${band[1]})`;
  const lines = [
    `### Sampler ablation, ${settings.rlSteps} RL steps (${new Date().toISOString().slice(0, 10)})`,
    '',
    `Command: \`${commandOf(seeds, samplers, settings)}\``,
    `(${parts.length === 1 ? 'one process' : `split over ${parts.length} processes with \`--tag\``}, merged with \`--table\`); 2 cores, no GPU, Node ${process.version}.`,
    `Per seed: one SFT model (the \`rlvr start\` preset, ${settings.sftSteps} steps${settings.sftCheckpoint ? `; reused from ${settings.sftCheckpoint}` : ''}), then ${settings.rlSteps} RL steps per sampler from the same SFT weights`,
    `and a fresh copy of the same corpus; the RL trainer is the preset's (DAPO-style, G = 8, 16 informative groups per step, up to 4 draw rounds).`,
    `Training pool: difficulty [${settings.pool[0]}, ${settings.pool[1]}] (the preset's is [${startPreset.corpus.minDifficulty ?? 0}, ${startPreset.corpus.maxDifficulty}]).`,
    `Held-out pass@1 = mean of 8 samples at T = 1 per problem, ~100 problems per band. Boundary band = the band whose pre-RL pass@1 is closest to 50%.`,
    `"Steps to +${TARGET_GAIN * 100}" = first in-loop held-out evaluation (every ${settings.evalEvery} steps) where the boundary band gained ${TARGET_GAIN * 100} points (— = never).`,
    '',
    `| sampler | ${bands.map((band) => `${bandName(band)} after RL`).join(' | ')} | boundary Δ | boundary pass@8 before → after | steps to +${TARGET_GAIN * 100} (per seed) | groups drawn / step (dropped) | RL s (CPU s) per run |`,
    `|---|${bands.map(() => '---|').join('')}---|---|---|---|---|`,
    `| SFT model (before RL) | ${bands.map((_, index) => meanSd(cells.filter((cell) => cell.sampler === samplers[0]).map((cell) => cell.before[index]!))).join(' | ')} | | | | | |`,
    ...samplers.map((sampler) => {
      const rows = seeds.map((seed) => cells.find((cell) => cell.sampler === sampler && cell.seed === seed)).filter((cell) => cell !== undefined);
      return [
        `| ${sampler} (seeds ${rows.map((row) => row.seed).join(', ')})`,
        ...bands.map((_, index) => meanSd(rows.map((row) => row.after[index]!))),
        signedMeanSd(rows.map((row) => row.after[row.boundary]! - row.before[row.boundary]!)),
        `${pct(mean(rows.map((row) => row.passAtKBefore)))} → ${pct(mean(rows.map((row) => row.passAtKAfter)))}`,
        rows.map((row) => row.stepsToTarget ?? '—').join(', '),
        `${mean(rows.map((row) => row.groupsDrawnPerStep)).toFixed(1)} (${(mean(rows.map((row) => row.droppedShare)) * 100).toFixed(0)}%)`,
        `${mean(rows.map((row) => row.rlSeconds)).toFixed(0)} (${cpuSeconds(rows)}) |`,
      ].join(' | ');
    }),
    '',
    `Load average (1 min) at the end of each run: ${cells.map((cell) => cell.loadAverage?.toFixed(1) ?? 'n/a').join(', ')}.`,
    '',
  ];
  console.log(lines.join('\n'));
  await writeFile(`${RESULTS_DIR}/curriculum-table.md`, lines.join('\n'));
}

/** The one-process command that reproduces the merged cells. */
function commandOf(seeds: readonly number[], samplers: readonly string[], settings: Settings): string {
  const samplerOptions = samplers.join() === ALL_SAMPLERS.join() ? [] : samplers.map((sampler) => `--sampler '${sampler}'`);
  const checkpointOption = settings.sftCheckpoint ? [`--sft-checkpoint '${settings.sftCheckpoint}'`] : [];
  return ['npm run bench:curriculum --', `--seeds ${seeds.join(',')}`, `--rl-steps ${settings.rlSteps}`, `--eval-every ${settings.evalEvery}`, ...samplerOptions, ...checkpointOption].join(' ');
}

/** CPU seconds of the runs that measured it (a run rebuilt from another run's log has none). */
function cpuSeconds(rows: readonly Cell[]): string {
  const measured = rows.map((row) => row.cpuSeconds).filter((seconds): seconds is number => typeof seconds === 'number');
  return measured.length ? mean(measured).toFixed(0) : 'n/a';
}

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

function meanSd(values: readonly number[]): string {
  return `${pct(mean(values))} ± ${(std(values) * 100).toFixed(1)}`;
}

function signedMeanSd(values: readonly number[]): string {
  const center = mean(values) * 100;
  return `${center >= 0 ? '+' : ''}${center.toFixed(1)} ± ${(std(values) * 100).toFixed(1)}`;
}
