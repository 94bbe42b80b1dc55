import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import type { StepMetrics } from './metrics-log.js';
import { renderExpansionSection, renderReport, renderSelfPlayReport, type ExpansionSummary, type RunSummary } from './report-html.js';
import { boundaryBandIndex } from './start-pipeline.js';

const summary: RunSummary = {
  runId: 'r<1>',
  preset: 'start (addition)',
  seed: 1,
  evalBefore: [
    { band: [0, 0.1], n: 10, passAt1: 0.9, greedyPassAt1: 1, passAtK: 1 },
    { band: [0.1, 0.2], n: 10, passAt1: 0.4, greedyPassAt1: 0.5, passAtK: 0.8 },
  ],
  evalAfter: [
    { band: [0, 0.1], n: 10, passAt1: 0.95, greedyPassAt1: 1, passAtK: 1 },
    { band: [0.1, 0.2], n: 10, passAt1: 0.7, greedyPassAt1: 0.6, passAtK: 0.9 },
  ],
  boundaryBand: [0.1, 0.2],
  boundaryGain: 0.3,
  steps: 3,
  sftSteps: 10,
  wallSeconds: 12,
  phaseSeconds: { sft: 5, rl: 6 },
  trainTokensPerSecond: 1000,
  genTokensPerSecond: 500,
  peakRssMb: 300,
};

const metrics = [1, 2, 3].map((step) => ({ step, rewardMean: step / 4, passRate: step / 5 }) as StepMetrics);

describe('renderReport', () => {
  it('is a self-contained page with the curves, the band table and escaped text', () => {
    const html = renderReport(summary, metrics);
    expect(html).not.toMatch(/(src|href)=/);
    expect(html.match(/https?:\/\/[^"]*/g)).toEqual(['http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg']);
    expect(html.match(/<polyline/g)).toHaveLength(2);
    expect(html).toContain('<td>90.0%</td><td>95.0%</td><td>+5.0</td><td>100.0%</td><td>100.0%</td><td>+0.0</td>');
    expect(html).toContain('<td>40.0%</td><td>70.0%</td><td>+30.0</td><td>50.0%</td><td>60.0%</td><td>+10.0</td><td>80.0%</td><td>90.0%</td>');
    expect(html).toContain('r&lt;1&gt;');
  });
});

const expansion: ExpansionSummary = {
  proposer: 'embedded:self-play <run>',
  solver: 'embedded:self-play <run>',
  proposed: 32,
  accepted: 5,
  rejected: { parse: 20, 'near-duplicate': 4, 'too-easy': 3, 'too-hard': 0 },
  difficultyHistogram: [0, 0, 0, 0, 1, 3, 0, 1, 0, 0],
  growth: [
    { label: 'start', proposals: 0, accepted: 0, corpusSize: 40 },
    { label: 'step 1', proposals: 16, accepted: 2, corpusSize: 42 },
    { label: 'step 2', proposals: 32, accepted: 5, corpusSize: 45 },
  ],
};

/** Every non-void element is closed, in order: enough to catch a broken template. */
function unbalancedTags(html: string): string[] {
  const open: string[] = [];
  const problems: string[] = [];
  const voidElements = new Set(['meta', 'line', 'rect', 'polyline', 'circle', 'br']);
  for (const [tag, closing, name, selfClosing] of html.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*?(\/?)>/g)) {
    if (voidElements.has(name!) || selfClosing) continue;
    if (!closing) open.push(name!);
    else if (open.pop() !== name) problems.push(tag);
  }
  return [...problems, ...open];
}

describe('renderSelfPlayReport', () => {
  const rounds = [1, 2].map((step) => ({ step, meanProposerReward: step / 4, meanSolverReward: step / 3 }));
  const html = renderSelfPlayReport({ runId: 'sp<1>', seed: 4, steps: 2, proposalsPerStep: 16, solverProblemsPerStep: 8, groupSize: 8, wallSeconds: 30 }, rounds, expansion);

  it('is one self-contained, well-formed page', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/(src|href)=|<script|<link/);
    expect(new Set(html.match(/https?:\/\/[^"]*/g))).toEqual(new Set(['http://www.w3.org/2000/svg']));
    expect(unbalancedTags(html)).toEqual([]);
    expect(html).toContain('sp&lt;1&gt;');
    expect(html).toContain('embedded:self-play &lt;run&gt;');
  });

  it('shows growth per round, rejections by reason and the admitted difficulty histogram', () => {
    expect(html).toContain('<section id="corpus-expansion">');
    expect(html).toContain('32 proposals by embedded:self-play &lt;run&gt;: 5 admitted, 27 rejected');
    expect(html).toContain('<tr><td>start</td><td>0</td><td>0</td><td>40</td></tr>');
    expect(html).toContain('<tr><td>step 2</td><td>32</td><td>5</td><td>45</td></tr>');
    expect(html).toContain('<tr><td>near-duplicate</td><td>4</td></tr>');
    expect(html).toContain('<tr><td>too-hard</td><td>0</td></tr>');
    expect(html).toContain('<title>0.5–0.6: 3</title>');
    expect(html.match(/<title>\d\.\d–\d\.\d: \d+<\/title>/g)).toHaveLength(10);
    expect(html.match(/<polyline/g)).toHaveLength(4); // two reward curves, corpus size and admitted so far
    expect(html).toContain('Proposer reward (learnability − repetition penalty)');
  });
});

describe('renderExpansionSection', () => {
  it('draws a single round as a point and lists earlier expansions when given', () => {
    const section = renderExpansionSection({ ...expansion, growth: [expansion.growth[2]!], history: [{ at: '2026-11-25T10:00:00Z', proposer: 'm@1', proposed: 32, accepted: 5, corpusSize: 45 }] });
    expect(section).toContain('<circle');
    expect(section).toContain('<tr><td>2026-11-25T10:00:00Z</td><td>m@1</td><td>32</td><td>5</td><td>45</td></tr>');
    expect(unbalancedTags(section)).toEqual([]);
  });
});

describe('boundaryBandIndex', () => {
  it('picks the band whose pre-RL pass@1 is closest to 50%, the harder one on a tie', () => {
    expect(boundaryBandIndex(summary.evalBefore)).toBe(1);
    expect(boundaryBandIndex([{ band: [0, 1], n: 1, passAt1: 0.3, greedyPassAt1: 0, passAtK: 1 }, { band: [1, 1], n: 1, passAt1: 0.7, greedyPassAt1: 1, passAtK: 1 }])).toBe(1);
  });
});

describe('CLI', () => {
  it('rejects bad training flags with exit status 2 before loading anything', async () => {
    expect(await main(['node', 'rlvr', 'train', '--init', 'missing', '--steps', 'x'])).toBe(2);
    expect(await main(['node', 'rlvr', 'train'])).toBe(2);
    expect(await main(['node', 'rlvr', 'sft', '--out', 'x', '--target', 'poem'])).toBe(2);
  });
});
