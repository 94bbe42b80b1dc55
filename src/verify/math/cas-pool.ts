import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../core/worker.js';
import type { CasRequest, CasResponse } from './cas-protocol.js';

/** The computer-algebra check overran its time budget; the worker running it was replaced. */
export class CasTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CasTimeoutError';
  }
}

/** The worker died (out of memory on an absurd expression, usually); it was replaced. */
export class CasCrashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CasCrashError';
  }
}

export interface CasPoolOptions {
  workers: number;
  /** Time a comparison may run once a worker has it. */
  timeoutMs: number;
  /** Heap limit of each worker; an expression that needs more kills only its worker. */
  memoryMb: number;
}

interface Job {
  request: CasRequest;
  resolve: (response: CasResponse) => void;
  reject: (error: Error) => void;
  /** Epoch ms after which the caller no longer wants an answer. */
  deadline: number;
  signal?: AbortSignal;
  cleanup: () => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

const workerEntry = new URL('./cas-worker.ts', import.meta.url);

/**
 * A few worker threads running the compute engine. Workers start on first use; a comparison that
 * overruns its budget or the caller's deadline, or is cancelled, terminates its worker and a
 * fresh one takes its place, so a hostile expression costs one worker start, never a hang.
 */
export class CasPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: CasPoolOptions) {}

  compare(request: Omit<CasRequest, 'id'>, deadline: number, signal?: AbortSignal): Promise<CasResponse> {
    if (this.closed) return Promise.reject(new Error('the math verifier was closed'));
    return new Promise<CasResponse>((resolve, reject) => {
      const job: Job = { request: { ...request, id: this.nextId++ }, resolve, reject, deadline, signal, cleanup: () => {} };
      const giveUp = (error: Error) => this.abandon(job, error);
      const deadlineTimer = setTimeout(() => giveUp(new CasTimeoutError('the deadline passed during the computer-algebra check')), Math.max(0, deadline - Date.now()));
      const onAbort = () => giveUp(new CasTimeoutError('the check was cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      job.cleanup = () => {
        clearTimeout(deadlineTimer);
        signal?.removeEventListener('abort', onAbort);
      };
      if (signal?.aborted) return onAbort();
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Number of live workers (for tests and memory checks). */
  get workerCount(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new Error('the math verifier was closed'));
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot, new Error('the math verifier was closed'))));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((candidate) => candidate.ready && !candidate.job);
      if (!slot) {
        if (this.slots.length < this.options.workers) this.slots.push(this.spawn());
        return;
      }
      this.run(slot, this.queue.shift()!);
    }
  }

  private run(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    const budget = Math.min(this.options.timeoutMs, job.deadline - Date.now());
    slot.timer = setTimeout(() => this.abandon(job, new CasTimeoutError(`the computer-algebra check ran over ${this.options.timeoutMs} ms`)), Math.max(0, budget));
    slot.worker.postMessage(job.request);
  }

  private spawn(): Slot {
    const worker = startWorker(workerEntry, undefined, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb, maxYoungGenerationSizeMb: 16 },
    });
    const slot: Slot = { worker, ready: false };
    worker.on('message', (message: CasResponse | { ready: true }) => {
      if ('ready' in message) {
        slot.ready = true;
        worker.unref();
      } else if (slot.job && message.id === slot.job.request.id) {
        const job = slot.job;
        this.release(slot);
        this.settle(job, undefined, message);
      }
      this.dispatch();
    });
    worker.on('error', (error) => this.replace(slot, new CasCrashError(`computer-algebra worker failed: ${error.message}`)));
    worker.on('exit', () => this.replace(slot, new CasCrashError('computer-algebra worker exited')));
    return slot;
  }

  private release(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.worker.unref();
  }

  /** Fails a job wherever it is: waiting in the queue, or running (its worker is then replaced). */
  private abandon(job: Job, error: Error): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, error);
      return;
    }
    const slot = this.slots.find((candidate) => candidate.job === job);
    if (slot) this.replace(slot, error);
  }

  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    void this.retire(slot, error);
    if (!slot.ready) {
      // A worker that cannot even start would fail again: fail the waiting checks instead of looping.
      for (const job of this.queue.splice(0)) this.settle(job, error);
      return;
    }
    if (!this.closed) this.dispatch();
  }

  private async retire(slot: Slot, error: Error): Promise<void> {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.worker.removeAllListeners('exit');
    slot.worker.on('error', () => {});
    if (job) this.settle(job, error);
    await slot.worker.terminate();
  }

  private settle(job: Job, error?: Error, response?: CasResponse): void {
    job.cleanup();
    if (error) job.reject(error);
    else job.resolve(response!);
  }
}
