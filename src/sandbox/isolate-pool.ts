import ivm from 'isolated-vm';
import { cpus } from 'node:os';
import { Semaphore } from '../core/semaphore.js';
import { JAVASCRIPT_BOOTSTRAP } from './javascript-bootstrap.js';

/** An isolate lent to one run at a time, with the bootstrap script compiled in it. */
export interface IsolateLease {
  isolate: ivm.Isolate;
  bootstrap: ivm.Script;
}

interface Slot extends IsolateLease {
  memoryMb: number;
  runs: number;
}

export interface IsolatePoolOptions {
  /** Isolates running at once; defaults to the number of CPUs (isolates run on their own threads). */
  size?: number;
  /** An isolate is disposed after this many leases, so garbage from hostile programs cannot pile up. */
  maxLeasesPerIsolate?: number;
}

/**
 * Reuses V8 isolates across runs (each run gets a fresh context, never a used one) and disposes
 * an isolate after N leases, when its heap has grown past half its limit, or when a run killed it.
 */
export class IsolatePool {
  private readonly idle: Slot[] = [];
  private readonly limit: Semaphore;
  private readonly maxLeases: number;
  private closed = false;

  constructor(options: IsolatePoolOptions = {}) {
    this.limit = new Semaphore(options.size ?? cpus().length);
    this.maxLeases = options.maxLeasesPerIsolate ?? 200;
  }

  get size(): number {
    return this.limit.capacity;
  }

  async withIsolate<T>(memoryMb: number, use: (lease: IsolateLease) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the isolate pool is closed');
    return this.limit.run(async () => {
      const slot = this.take(memoryMb);
      try {
        return await use(slot);
      } finally {
        this.giveBack(slot);
      }
    });
  }

  /** Disposes every idle isolate; runs in progress dispose theirs when they finish. */
  close(): void {
    this.closed = true;
    for (const slot of this.idle.splice(0)) dispose(slot);
  }

  private take(memoryMb: number): Slot {
    const index = this.idle.findIndex((slot) => slot.memoryMb === memoryMb && !slot.isolate.isDisposed);
    if (index >= 0) return this.idle.splice(index, 1)[0]!;
    const isolate = new ivm.Isolate({ memoryLimit: memoryMb });
    return { isolate, bootstrap: isolate.compileScriptSync(JAVASCRIPT_BOOTSTRAP), memoryMb, runs: 0 };
  }

  private giveBack(slot: Slot): void {
    slot.runs++;
    if (this.closed || !this.reusable(slot)) return dispose(slot);
    this.idle.push(slot);
    while (this.idle.length > this.limit.capacity) dispose(this.idle.shift()!);
  }

  private reusable(slot: Slot): boolean {
    if (slot.isolate.isDisposed || slot.runs >= this.maxLeases) return false;
    const heap = slot.isolate.getHeapStatisticsSync();
    return heap.used_heap_size + heap.externally_allocated_size < (slot.memoryMb * 1024 * 1024) / 2;
  }
}

function dispose(slot: Slot): void {
  if (!slot.isolate.isDisposed) slot.isolate.dispose();
}
