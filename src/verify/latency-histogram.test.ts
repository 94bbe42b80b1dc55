import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.js';

describe('LatencyHistogram', () => {
  it('gives the mean exactly and percentiles within about 1%', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms++) histogram.add(ms);
    expect(histogram.count).toBe(1000);
    expect(histogram.mean()).toBeCloseTo(500.5, 9);
    expect(histogram.quantile(0.99)).toBeGreaterThanOrEqual(990);
    expect(histogram.quantile(0.99)).toBeLessThanOrEqual(990 * 1.011);
    expect(histogram.quantile(0.5)).toBeGreaterThanOrEqual(500);
    expect(histogram.quantile(0.5)).toBeLessThanOrEqual(500 * 1.011);
  });

  it('reports zero when empty and handles zero latencies', () => {
    expect(new LatencyHistogram().quantile(0.99)).toBe(0);
    const histogram = new LatencyHistogram();
    histogram.add(0);
    expect(histogram.quantile(0.99)).toBeLessThanOrEqual(0.001);
  });
});
