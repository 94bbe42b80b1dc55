import { Worker, type WorkerOptions } from 'node:worker_threads';

const bootstrap = new URL('./worker-bootstrap.mjs', import.meta.url);

/**
 * Starts a worker thread running a TypeScript module of this package (pass
 * `new URL('./x-worker.ts', import.meta.url)`). Plain workers cannot load `.ts`; the bootstrap
 * registers the loader first. The module reads its own data from `workerData.data`.
 */
export function startWorker(entry: URL, data?: unknown, options: Omit<WorkerOptions, 'workerData'> = {}): Worker {
  return new Worker(bootstrap, { ...options, workerData: { entry: entry.href, data } });
}
