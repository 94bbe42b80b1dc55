import type { BandResult } from './evaluate.js';
import type { StepMetrics } from './metrics-log.js';

export interface RunSummary {
  runId: string;
  preset: string;
  seed: number;
  evalBefore: BandResult[];
  evalAfter: BandResult[];
  boundaryBand: [number, number];
  boundaryGain: number;
  steps: number;
  sftSteps: number;
  wallSeconds: number;
  phaseSeconds: Record<string, number>;
  trainTokensPerSecond: number;
  genTokensPerSecond: number;
  peakRssMb: number;
}

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { left: 48, right: 16, top: 16, bottom: 36 };

/** A self-contained HTML report: inline SVG plots, inline CSS, no external asset. */
export function renderReport(summary: RunSummary, metrics: readonly StepMetrics[]): string {
  const steps = metrics.map((line) => line.step);
  const curves = lineChart(
    'Training reward and pass rate per step (moving average over 10 steps)',
    steps,
    [
      { name: 'mean reward', color: '#1f77b4', values: movingAverage(metrics.map((line) => line.rewardMean), 10) },
      { name: 'pass rate', color: '#ff7f0e', values: movingAverage(metrics.map((line) => line.passRate), 10) },
    ],
  );
  const bands = barChart('Held-out pass@1 (mean of 8 samples, T=1) per difficulty band', summary.evalBefore, summary.evalAfter);
  const rows = summary.evalBefore
    .map((before, index) => {
      const after = summary.evalAfter[index]!;
      const cells = [
        `[${before.band[0]}, ${before.band[1]})`,
        String(before.n),
        ...comparison(before.passAt1, after.passAt1),
        ...comparison(before.greedyPassAt1, after.greedyPassAt1),
        percent(before.passAtK),
        percent(after.passAtK),
      ];
      return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rlvr run ${escapeHtml(summary.runId)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;max-width:720px;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}h1{font-size:1.4em}svg text{font:11px system-ui,sans-serif}</style>
</head><body>
<h1>rlvr run ${escapeHtml(summary.runId)}</h1>
<p>Preset <b>${escapeHtml(summary.preset)}</b>, seed ${summary.seed}: ${summary.sftSteps} SFT steps, then ${summary.steps} RL steps, in ${summary.wallSeconds.toFixed(0)} s
(peak RSS ${summary.peakRssMb.toFixed(0)} MB; training ${summary.trainTokensPerSecond.toFixed(0)} tokens/s, generation ${summary.genTokensPerSecond.toFixed(0)} tokens/s).
Boundary band [${summary.boundaryBand.join(', ')}): ${summary.boundaryGain >= 0 ? '+' : ''}${(summary.boundaryGain * 100).toFixed(1)} points of held-out pass@1 (mean of 8 samples, T=1) from RL.</p>
<h2>Held-out pass@1 before and after RL</h2>
<p>pass@1 = mean success of 8 sampled completions per problem at T=1 (the training temperature); greedy = one T=0 completion; pass@8 = at least one of the 8 samples right.</p>
<table><tr><th rowspan="2">band</th><th rowspan="2">n</th><th colspan="3">pass@1 (mean of 8 samples, T=1)</th><th colspan="3">greedy pass@1</th><th colspan="2">pass@8</th></tr>
<tr><th>before RL</th><th>after RL</th><th>Δ points</th><th>before RL</th><th>after RL</th><th>Δ points</th><th>before RL</th><th>after RL</th></tr>
${rows}
</table>
${bands}
<h2>Training curves</h2>
${curves}
</body></html>
`;
}

interface Series {
  name: string;
  color: string;
  values: number[];
}

function lineChart(title: string, xs: readonly number[], series: readonly Series[]): string {
  if (xs.length === 0) return `<p>${escapeHtml(title)}: no steps recorded.</p>`;
  const xMin = xs[0]!;
  const xMax = Math.max(xs[xs.length - 1]!, xMin + 1);
  const x = (value: number) => MARGIN.left + ((value - xMin) / (xMax - xMin)) * (WIDTH - MARGIN.left - MARGIN.right);
  const y = (value: number) => HEIGHT - MARGIN.bottom - value * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const paths = series
    .map((line) => {
      const points = line.values.map((value, index) => `${x(xs[index]!).toFixed(1)},${y(clamp01(value)).toFixed(1)}`).join(' ');
      return `<polyline fill="none" stroke="${line.color}" stroke-width="1.8" points="${points}"/>`;
    })
    .join('');
  const legend = series
    .map((line, index) => `<rect x="${MARGIN.left + 10 + index * 130}" y="${MARGIN.top}" width="12" height="3" fill="${line.color}"/><text x="${MARGIN.left + 26 + index * 130}" y="${MARGIN.top + 5}">${escapeHtml(line.name)}</text>`)
    .join('');
  return svg(title, `${axes(y, `step ${xMin}`, `step ${xMax}`)}${paths}${legend}`);
}

function barChart(title: string, before: readonly BandResult[], after: readonly BandResult[]): string {
  const groupWidth = (WIDTH - MARGIN.left - MARGIN.right) / Math.max(before.length, 1);
  const barWidth = groupWidth * 0.35;
  const y = (value: number) => HEIGHT - MARGIN.bottom - value * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const bars = before
    .map((result, index) => {
      const left = MARGIN.left + index * groupWidth + groupWidth * 0.12;
      const afterValue = after[index]?.passAt1 ?? 0;
      return (
        `<rect x="${left}" y="${y(result.passAt1)}" width="${barWidth}" height="${y(0) - y(result.passAt1)}" fill="#9ecae1"/>` +
        `<rect x="${left + barWidth}" y="${y(afterValue)}" width="${barWidth}" height="${y(0) - y(afterValue)}" fill="#3182bd"/>` +
        `<text x="${left}" y="${HEIGHT - MARGIN.bottom + 14}">[${result.band[0]}, ${result.band[1]})</text>`
      );
    })
    .join('');
  const legend = `<rect x="${WIDTH - 170}" y="${MARGIN.top}" width="12" height="10" fill="#9ecae1"/><text x="${WIDTH - 154}" y="${MARGIN.top + 9}">before RL</text><rect x="${WIDTH - 90}" y="${MARGIN.top}" width="12" height="10" fill="#3182bd"/><text x="${WIDTH - 74}" y="${MARGIN.top + 9}">after RL</text>`;
  return svg(title, `${axes(y, '', '')}${bars}${legend}`);
}

function axes(y: (value: number) => number, leftLabel: string, rightLabel: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((value) => `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(value)}" y2="${y(value)}" stroke="#eee"/><text x="${MARGIN.left - 8}" y="${y(value) + 4}" text-anchor="end">${value * 100}%</text>`)
    .join('');
  const labels = `<text x="${MARGIN.left}" y="${HEIGHT - 6}">${leftLabel}</text><text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 6}" text-anchor="end">${rightLabel}</text>`;
  return `${ticks}<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${y(0)}" stroke="#888"/>${labels}`;
}

function svg(title: string, body: string): string {
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">${body}</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`;
}

function movingAverage(values: readonly number[], window: number): number[] {
  return values.map((_, index) => {
    const slice = values.slice(Math.max(0, index - window + 1), index + 1);
    return slice.reduce((sum, value) => sum + value, 0) / slice.length;
  });
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function comparison(before: number, after: number): string[] {
  const delta = (after - before) * 100;
  return [percent(before), percent(after), `${delta >= 0 ? '+' : ''}${delta.toFixed(1)}`];
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[character]!);
}
