/**
 * Latencies in logarithmic buckets 1% wide, so percentiles of millions of verifications cost a
 * fixed few kilobytes instead of one number per line. Percentiles are accurate to about 1%.
 */
export class LatencyHistogram {
  private static readonly GROWTH = 1.01;
  private static readonly SMALLEST_MS = 0.001;
  private readonly counts = new Map<number, number>();
  private total = 0;
  private sum = 0;

  add(ms: number): void {
    const bucket = ms <= LatencyHistogram.SMALLEST_MS ? 0 : Math.ceil(Math.log(ms / LatencyHistogram.SMALLEST_MS) / Math.log(LatencyHistogram.GROWTH));
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.total++;
    this.sum += ms;
  }

  get count(): number {
    return this.total;
  }

  mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  /** The upper edge of the bucket holding the q-quantile (q in [0, 1]). */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (const bucket of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(bucket)!;
      if (seen >= rank) return LatencyHistogram.SMALLEST_MS * LatencyHistogram.GROWTH ** bucket;
    }
    return 0;
  }
}
