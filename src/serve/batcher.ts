import type { TokenPolicy, TokenSample, TokenSampleOptions } from '../core/policy.js';

interface Pending {
  prefix: number[];
  resolve(sample: TokenSample): void;
  reject(error: unknown): void;
}

/**
 * Gathers continuation requests that arrive within a short window and share sampling options
 * into one batched call: concurrent HTTP requests then cost one forward pass per token, not one
 * each.
 */
export class ContinuationBatcher {
  private readonly queues = new Map<string, { options: TokenSampleOptions; pending: Pending[]; timer?: NodeJS.Timeout }>();

  constructor(
    private readonly policy: TokenPolicy,
    private readonly windowMs = 2,
    private readonly maxBatch = 64,
  ) {}

  continue(prefix: number[], options: TokenSampleOptions): Promise<TokenSample> {
    const key = JSON.stringify({ ...options, signal: undefined });
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = { options, pending: [] }));
    const entry = queue;
    return new Promise<TokenSample>((resolve, reject) => {
      entry.pending.push({ prefix, resolve, reject });
      if (entry.pending.length >= this.maxBatch) this.flush(key);
      else entry.timer ??= setTimeout(() => this.flush(key), this.windowMs);
    });
  }

  private flush(key: string): void {
    const queue = this.queues.get(key);
    if (!queue) return;
    this.queues.delete(key);
    clearTimeout(queue.timer);
    const { pending, options } = queue;
    this.policy.continue(
      pending.map((entry) => entry.prefix),
      { ...options, signal: undefined },
    ).then(
      (samples) => pending.forEach((entry, index) => entry.resolve(samples[index]!)),
      (error: unknown) => pending.forEach((entry) => entry.reject(error)),
    );
  }
}
