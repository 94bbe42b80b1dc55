import type { Worker } from 'node:worker_threads';
import { startWorker } from '../core/worker.js';
import { sampleStoredPrompts } from './build-near-duplicate-index.js';
import type { NearDuplicateCheckRequest, NearDuplicateCheckResponse } from './near-duplicate-check-protocol.js';
import type { SqliteCorpus } from './sqlite-corpus.js';

export interface CheckedNearDuplicate {
  /** Position of the checked problem among those sent since the previous `matches()`. */
  position: number;
  similarTo: string;
  similarity: number;
  /** Whether the match is itself one of the problems sent since the previous `matches()`, rather than a stored one. */
  similarToChecked: boolean;
}

const STORED_BATCH = 10_000;

/**
 * The near-duplicate check of an import, on a worker thread: the importing thread only posts
 * prompts, and the MinHash signatures and LSH lookups (about as costly as parsing and storing a
 * problem) run on the other core while it parses and inserts. Near duplicates are reported, not
 * skipped, so nothing the import stores waits for this check. Problems are checked in the order
 * sent, each against the stored corpus and every problem sent before it.
 */
export class NearDuplicateCheck {
  private readonly worker: Worker;
  private pending?: { resolve: (matches: CheckedNearDuplicate[]) => void; reject: (error: Error) => void };
  private failure?: Error;

  /**
   * Starts a check against a corpus's stored prompts. Template shingles (text that a family's
   * prompts all share) are found in a sample of the stored prompts, or, for an empty corpus, in
   * the first problems checked.
   */
  static forCorpus(corpus: SqliteCorpus, threshold = 0.8): NearDuplicateCheck {
    const check = new NearDuplicateCheck(threshold);
    const stored = corpus.countProblems();
    if (stored > 0) {
      check.expect(stored);
      check.post({ type: 'template-sample', prompts: sampleStoredPrompts(corpus) });
      let ids: string[] = [];
      let prompts: string[] = [];
      for (const { id, prompt } of corpus.iteratePrompts()) {
        ids.push(id);
        prompts.push(prompt);
        if (ids.length === STORED_BATCH) {
          check.post({ type: 'stored', ids, prompts });
          ids = [];
          prompts = [];
        }
      }
      if (ids.length > 0) check.post({ type: 'stored', ids, prompts });
    }
    return check;
  }

  private constructor(threshold: number) {
    this.worker = startWorker(new URL('./near-duplicate-check-worker.ts', import.meta.url), { threshold });
    this.worker.on('message', (response: NearDuplicateCheckResponse) => {
      if (response.type === 'failed') return this.fail(new Error(`near-duplicate check failed: ${response.message}`));
      const matches = response.positions.map((position, i) => ({
        position,
        similarTo: response.similarTo[i]!,
        similarity: response.similarities[i]!,
        similarToChecked: response.similarToChecked[i]!,
      }));
      this.settle()?.resolve(matches);
    });
    this.worker.on('error', (error) => this.fail(new Error(`near-duplicate check failed: ${error.message}`)));
    this.worker.on('exit', (code) => this.fail(new Error(`near-duplicate check worker exited (code ${code})`)));
    this.worker.unref();
  }

  /** Makes room for about `count` more problems at once: growing step by step costs more than the checks. */
  expect(count: number): void {
    this.post({ type: 'reserve', count });
  }

  /** Queues problems for the check; they are checked while the caller goes on. */
  check(ids: string[], prompts: string[]): void {
    if (ids.length > 0) this.post({ type: 'check', ids, prompts });
  }

  /** Near duplicates of every problem queued since the previous call, most similar first per problem. */
  matches(): Promise<CheckedNearDuplicate[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('NearDuplicateCheck.matches() is already waiting'));
    this.worker.ref();
    const result = new Promise<CheckedNearDuplicate[]>((resolve, reject) => (this.pending = { resolve, reject }));
    this.post({ type: 'flush' });
    return result;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('NearDuplicateCheck is closed');
    await this.worker.terminate();
  }

  private post(request: NearDuplicateCheckRequest): void {
    if (!this.failure) this.worker.postMessage(request);
  }

  private settle(): NearDuplicateCheck['pending'] {
    const pending = this.pending;
    this.pending = undefined;
    this.worker.unref();
    return pending;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.settle()?.reject(this.failure);
  }
}
