import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import type { StepMetrics } from './metrics-log.js';
import { renderReport, type RunSummary } from './report-html.js';
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
