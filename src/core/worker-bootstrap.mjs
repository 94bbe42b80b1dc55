// Entry of every worker thread: registers the TypeScript loader, then runs the real module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
