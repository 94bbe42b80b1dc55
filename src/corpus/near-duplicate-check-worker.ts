import { parentPort, workerData } from 'node:worker_threads';
import { frequentShingles, TEMPLATE_SAMPLE_SIZE } from './min-hash.js';
import { NearDuplicateIndex } from './near-duplicate-index.js';
import type { NearDuplicateCheckRequest, NearDuplicateCheckResponse, NearDuplicateCheckSettings } from './near-duplicate-check-protocol.js';

const settings = (workerData as { data: NearDuplicateCheckSettings }).data;
let index: NearDuplicateIndex | undefined;
/** Problems to check that arrived before the template shingles were known. */
let waiting: Array<{ ids: string[]; prompts: string[] }> = [];
let checked = 0;
/** Index position of the first problem checked since the previous flush. */
let firstChecked = 0;
/** Room to make once the index exists. */
let expected = 0;
let matches: Extract<NearDuplicateCheckResponse, { type: 'matches' }> = emptyMatches();

function emptyMatches(): Extract<NearDuplicateCheckResponse, { type: 'matches' }> {
  return { type: 'matches', positions: [], similarTo: [], similarities: [], similarToChecked: [] };
}

function createIndex(templatePrompts: string[]): NearDuplicateIndex {
  const created = new NearDuplicateIndex({ threshold: settings.threshold, ignoredShingles: frequentShingles(templatePrompts) });
  created.reserve(expected);
  return created;
}

function check(current: NearDuplicateIndex, ids: string[], prompts: string[]): void {
  current.reserve(ids.length);
  if (checked === 0) firstChecked = current.size;
  for (let i = 0; i < ids.length; i++, checked++) {
    for (const match of current.queryThenAdd(ids[i]!, prompts[i]!)) {
      matches.positions.push(checked);
      matches.similarTo.push(match.id);
      matches.similarities.push(match.similarity);
      matches.similarToChecked.push(match.order >= firstChecked);
    }
  }
}

/** Without a stored sample, the first problems checked are the template sample (as many as arrive before a flush). */
function checkWaiting(): void {
  index ??= createIndex(waiting.flatMap(({ prompts }) => prompts).slice(0, TEMPLATE_SAMPLE_SIZE));
  for (const batch of waiting) check(index, batch.ids, batch.prompts);
  waiting = [];
}

function handle(request: NearDuplicateCheckRequest): void {
  switch (request.type) {
    case 'template-sample':
      index = createIndex(request.prompts);
      return;
    case 'stored':
      // NearDuplicateCheck sends the template sample first.
      for (let i = 0; i < request.ids.length; i++) index!.add(request.ids[i]!, request.prompts[i]!);
      return;
    case 'reserve':
      if (index) index.reserve(request.count);
      else expected += request.count;
      return;
    case 'check':
      if (index) return check(index, request.ids, request.prompts);
      waiting.push(request);
      if (waiting.reduce((count, batch) => count + batch.ids.length, 0) >= TEMPLATE_SAMPLE_SIZE) checkWaiting();
      return;
    case 'flush':
      if (waiting.length > 0) checkWaiting();
      parentPort!.postMessage(matches);
      matches = emptyMatches();
      checked = 0;
  }
}

parentPort!.on('message', (request: NearDuplicateCheckRequest) => {
  try {
    handle(request);
  } catch (error) {
    parentPort!.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies NearDuplicateCheckResponse);
  }
});
