import { parentPort } from 'node:worker_threads';
import { ComputeEngine } from '@cortex-js/compute-engine';
import { compareWithEngine } from './cas-compare.js';
import type { CasRequest, CasResponse } from './cas-protocol.js';

/** The engine caches parsed symbols and numeric values; a fresh one every so often bounds memory. */
const REQUESTS_PER_ENGINE = 500;

let engine = createEngine();
let served = 0;

function createEngine(): ComputeEngine {
  const created = new ComputeEngine();
  created.timeLimit = 2_000;
  return created;
}

parentPort!.on('message', (request: CasRequest) => {
  let response: CasResponse;
  try {
    response = compareWithEngine(engine, request);
  } catch (error) {
    response = { id: request.id, method: `cas-error: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (++served % REQUESTS_PER_ENGINE === 0) engine = createEngine();
  parentPort!.postMessage(response);
});
parentPort!.postMessage({ ready: true });
