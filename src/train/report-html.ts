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

/** What a report shows of a corpus expansion: `rlvr expand`, or the rounds of a self-play run. */
export interface ExpansionSummary {
  proposer: string;
  solver: string;
  proposed: number;
  accepted: number;
  /** Rejections per reason, in the order to list them (zero counts included). */
  rejected: Record<string, number>;
  /** Admitted problems per difficulty bin of width 0.1 (difficulty = 1 − the solver's pass rate). */
  difficultyHistogram: number[];
  /** One point per round (self-play step, validated batch), with totals so far; the first may be the starting corpus. */
  growth: Array<{ label: string; proposals: number; accepted: number; corpusSize: number }>;
  /** Earlier expansions of the same corpus, oldest first (this one last). */
  history?: Array<{ at: string; proposer: string; proposed: number; accepted: number; corpusSize: number }>;
}

/** The self-play run a report describes. */
export interface SelfPlayRunSummary {
  runId: string;
  seed: number;
  steps: number;
  proposalsPerStep: number;
  solverProblemsPerStep: number;
  groupSize: number;
  wallSeconds: number;
}

/** The per-step curves of a self-play report. */
export interface SelfPlayRound {
  step: number;
  meanProposerReward: number;
  meanSolverReward: number;
}

const PAGE_STYLE = 'body{font:14px/1.45 system-ui,sans-serif;max-width:720px;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td:first-child{text-align:left}h1{font-size:1.4em}svg text{font:11px system-ui,sans-serif}';

/** A self-contained page for a self-play run: reward curves, then the corpus it grew. */
export function renderSelfPlayReport(run: SelfPlayRunSummary, rounds: readonly SelfPlayRound[], expansion: ExpansionSummary): string {
  const curves = lineChart(
    'Proposer reward (learnability − repetition penalty) and solver reward per step',
    rounds.map((round) => round.step),
    [
      { name: 'proposer reward', color: '#2ca02c', values: rounds.map((round) => round.meanProposerReward) },
      { name: 'solver reward', color: '#1f77b4', values: rounds.map((round) => round.meanSolverReward) },
    ],
  );
  const body = `<h1>rlvr self-play run ${escapeHtml(run.runId)}</h1>
<p>Seed ${run.seed}: ${run.steps} self-play steps, each proposing ${run.proposalsPerStep} problems (validated with ${run.groupSize} solver rollouts each) and training the solver on ${run.solverProblemsPerStep} problems × ${run.groupSize} samples; ${run.wallSeconds.toFixed(0)} s in the last session.</p>
<h2>Rewards</h2>
${curves}
${renderExpansionSection(expansion)}`;
  return htmlPage(`rlvr self-play run ${run.runId}`, body);
}

/** A self-contained page holding only the expansion section (`rlvr expand --report`). */
export function renderExpansionPage(title: string, expansion: ExpansionSummary): string {
  return htmlPage(title, `<h1>${escapeHtml(title)}</h1>\n${renderExpansionSection(expansion)}`);
}

/** Corpus growth over rounds, rejections by reason and the admitted difficulty histogram, as inline SVG and tables. */
export function renderExpansionSection(expansion: ExpansionSummary): string {
  const reasons = Object.entries(expansion.rejected);
  const rejectedTotal = reasons.reduce((sum, [, count]) => sum + count, 0);
  const growthRows = expansion.growth
    .map((point) => `<tr><td>${escapeHtml(point.label)}</td><td>${point.proposals}</td><td>${point.accepted}</td><td>${point.corpusSize}</td></tr>`)
    .join('\n');
  const historyRows = (expansion.history ?? [])
    .map((entry) => `<tr><td>${escapeHtml(entry.at)}</td><td>${escapeHtml(entry.proposer)}</td><td>${entry.proposed}</td><td>${entry.accepted}</td><td>${entry.corpusSize}</td></tr>`)
    .join('\n');
  const history =
    historyRows === ''
      ? ''
      : `<h3>Expansions of this corpus</h3>\n<table><tr><th>at</th><th>proposer</th><th>proposed</th><th>accepted</th><th>corpus size</th></tr>\n${historyRows}\n</table>\n`;
  return `<section id="corpus-expansion">
<h2>Corpus expansion</h2>
<p>${expansion.proposed} proposals by ${escapeHtml(expansion.proposer)}: ${expansion.accepted} admitted, ${rejectedTotal} rejected (learnability judged by ${escapeHtml(expansion.solver)}).</p>
<h3>Corpus growth</h3>
${countLineChart('Corpus size and problems admitted so far, per round', expansion.growth.map((point) => point.label), [
    { name: 'corpus size', color: '#1f77b4', values: expansion.growth.map((point) => point.corpusSize) },
    { name: 'admitted so far', color: '#2ca02c', values: expansion.growth.map((point) => point.accepted) },
  ])}
<table><tr><th>round</th><th>proposals so far</th><th>admitted so far</th><th>corpus size</th></tr>
${growthRows}
</table>
<h3>Rejected by reason</h3>
${countBarChart('Rejected proposals per reason', reasons.map(([reason]) => reason), reasons.map(([, count]) => count), '#d62728')}
<table><tr><th>reason</th><th>rejected</th></tr>
${reasons.map(([reason, count]) => `<tr><td>${escapeHtml(reason)}</td><td>${count}</td></tr>`).join('\n')}
</table>
<h3>Difficulty of admitted problems</h3>
${countBarChart('Admitted problems per difficulty bin (1 − solver pass rate)', expansion.difficultyHistogram.map((_count, bin) => `${(bin / 10).toFixed(1)}–${((bin + 1) / 10).toFixed(1)}`), expansion.difficultyHistogram, '#3182bd')}
${history}</section>`;
}

function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head><body>
${body}
</body></html>
`;
}

/** Counts on a linear axis from 0 to the largest value (rounded up to a whole tick). */
function countAxis(top: number): { y: (value: number) => number; ticks: string } {
  const step = Math.max(1, Math.ceil(top / 4));
  const max = step * 4;
  const y = (value: number) => HEIGHT - MARGIN.bottom - (value / max) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const ticks = [0, 1, 2, 3, 4]
    .map((tick) => `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick * step)}" y2="${y(tick * step)}" stroke="#eee"/><text x="${MARGIN.left - 8}" y="${y(tick * step) + 4}" text-anchor="end">${tick * step}</text>`)
    .join('');
  return { y, ticks: `${ticks}<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${y(0)}" stroke="#888"/>` };
}

function countLineChart(title: string, labels: readonly string[], series: readonly Series[]): string {
  if (labels.length === 0) return `<p>${escapeHtml(title)}: no rounds recorded.</p>`;
  const { y, ticks } = countAxis(Math.max(1, ...series.flatMap((line) => line.values)));
  const x = (index: number) => MARGIN.left + (labels.length === 1 ? 0.5 : index / (labels.length - 1)) * (WIDTH - MARGIN.left - MARGIN.right);
  const lines = series
    .map((line) => {
      const points = line.values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
      const dots = line.values.length === 1 ? `<circle cx="${x(0).toFixed(1)}" cy="${y(line.values[0]!).toFixed(1)}" r="3" fill="${line.color}"/>` : '';
      return `<polyline fill="none" stroke="${line.color}" stroke-width="1.8" points="${points}"/>${dots}`;
    })
    .join('');
  const legend = series
    .map((line, index) => `<rect x="${MARGIN.left + 10 + index * 130}" y="${MARGIN.top}" width="12" height="3" fill="${line.color}"/><text x="${MARGIN.left + 26 + index * 130}" y="${MARGIN.top + 5}">${escapeHtml(line.name)}</text>`)
    .join('');
  const axisLabels = `<text x="${MARGIN.left}" y="${HEIGHT - 6}">${escapeHtml(labels[0]!)}</text><text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 6}" text-anchor="end">${escapeHtml(labels.at(-1)!)}</text>`;
  return svg(title, `${ticks}${lines}${legend}${axisLabels}`);
}

function countBarChart(title: string, labels: readonly string[], values: readonly number[], color: string): string {
  const { y, ticks } = countAxis(Math.max(1, ...values));
  const slot = (WIDTH - MARGIN.left - MARGIN.right) / Math.max(values.length, 1);
  const bars = values
    .map((value, index) => {
      const left = MARGIN.left + index * slot + slot * 0.15;
      return (
        `<rect x="${left.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${(y(0) - y(value)).toFixed(1)}" fill="${color}"><title>${escapeHtml(labels[index]!)}: ${value}</title></rect>` +
        `<text x="${(left + slot * 0.35).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 14}" text-anchor="middle" font-size="9">${escapeHtml(labels[index]!)}</text>`
      );
    })
    .join('');
  return svg(title, `${ticks}${bars}`);
}
