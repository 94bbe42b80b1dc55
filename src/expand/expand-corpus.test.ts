import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { buildNearDuplicateIndex } from '../corpus/build-near-duplicate-index.js';
import { openCorpus, type SqliteCorpus } from '../corpus/sqlite-corpus.js';
import { temporaryDirectory } from '../corpus/test-helpers.js';
import { generateProblems } from '../corpus/generate-problems.js';
import { closeJavaScriptSandbox } from '../sandbox/index.js';
import { addition } from '../tasks/addition.js';
import { VerifierSet } from '../verify/verifier-set.js';
import { expandCorpus, type ExpandOptions } from './expand-corpus.js';
import { expansionHtmlPage, renderExpansionText } from './expansion-report.js';
import { readDocuments } from './read-documents.js';
import { RuleChatPolicy } from './rule-policies.test-support.js';

let directory: ReturnType<typeof temporaryDirectory>;
let store: SqliteCorpus;
let verifiers: VerifierSet;

/** Solves sums of two one-digit numbers half of the time, everything else never. */
const solver = new RuleChatPolicy((prompt, call) => {
  const sum = /Compute (\d) \+ (\d)\./.exec(prompt);
  if (sum && call % 2 === 0) return `<answer>${Number(sum[1]) + Number(sum[2])}</answer>`;
  const height = /How tall is the tower/.exec(prompt);
  if (height && call % 4 !== 3) return '<answer>324</answer>';
  return `<answer>${call}</answer>`;
}, 'rule-solver');

function options(overrides: Partial<ExpandOptions>): ExpandOptions {
  return {
    store, nearDuplicates: buildNearDuplicateIndex(store), verifiers,
    proposer: { kind: 'chat', policy: new RuleChatPolicy(() => 'nothing') }, solver: { kind: 'chat', policy: solver },
    proposals: 4, band: [0.2, 0.8], acceptBand: [0, 1], solverSamples: 4, parentsPerPrompt: 2, batchSize: 2, seed: 3,
    proposerTemperature: 1, solverTemperature: 1, proposerMaxTokens: 256, solverMaxTokens: 32, minAgreement: 2,
    sandboxTimeoutMs: 2_000, concurrency: 2, ...overrides,
  };
}

beforeEach(() => {
  directory = temporaryDirectory();
  store = openCorpus(join(directory.dir, 'corpus.db'));
  store.addProblems(generateProblems(addition, { count: 6, minDifficulty: 0.3, maxDifficulty: 0.5, seed: 1, split: 'train' }));
  verifiers = new VerifierSet();
});
afterEach(async () => {
  store.close();
  await verifiers.close();
  directory.cleanup();
});
afterAll(() => closeJavaScriptSandbox());

describe('expandCorpus', () => {
  it('shows boundary parents to the proposer, admits what validates, and reports growth, reasons and difficulty', async () => {
    const proposals = ['<problem>3+4=</problem><answer>7</answer>', '<problem>3+4=</problem><answer>7</answer>', 'no idea', '<problem>5+2=</problem><answer>8</answer>'];
    let call = 0;
    const seenPrompts: string[] = [];
    const proposer = new RuleChatPolicy((prompt) => {
      seenPrompts.push(prompt);
      return proposals[call++]!;
    }, 'rule-proposer');
    const before = store.countProblems();
    const report = await expandCorpus(options({ proposer: { kind: 'chat', policy: proposer } }));
    expect(seenPrompts[0]).toMatch(/Example 1 \(family addition, solved 50% of the time\)/);
    expect(report).toMatchObject({ proposed: 4, accepted: 1, rejected: { duplicate: 1, parse: 1, inconsistent: 1 } });
    expect(report.difficultyHistogram[5]).toBe(1);
    expect(report.growth.map((point) => point.corpusSize)).toEqual([before + 1, before + 1]);
    expect(report.history).toHaveLength(1);
    const admitted = store.getProblem(report.admitted[0]!.id)!;
    expect(admitted.parents).toHaveLength(2);
    expect(store.getProblem(admitted.parents![0]!)?.family).toBe('addition');
    expect(renderExpansionText(report)).toMatch(/inconsistent\s+1/);
    expect(expansionHtmlPage(report)).toMatch(/<section id="corpus-expansion">/);
  });

  it('--from-docs: extracts problems from text, Markdown and HTML pages and validates them the same way', async () => {
    const docs = join(directory.dir, 'docs');
    mkdirSync(join(docs, 'nested'), { recursive: true });
    writeFileSync(join(docs, 'tower.html'), '<html><body><h1>Paris</h1><p>The tower is <b>324 metres</b> tall.</p><script>ignored()</script></body></html>');
    writeFileSync(join(docs, 'nested', 'notes.md'), '# Notes\n\nNothing to ask here.');
    writeFileSync(join(docs, 'image.png'), 'not text');
    const chunks = await readDocuments(docs);
    expect(chunks.map((chunk) => chunk.source)).toEqual(['nested/notes.md', 'tower.html']);
    expect(chunks[1]!.text).toMatch(/The tower is 324 metres tall/);
    const extractor = new RuleChatPolicy((prompt) =>
      prompt.includes('The tower is 324 metres tall')
        ? '```json\n[{"statement": "How tall is the tower, in metres? Put your final answer in <answer></answer>.", "answer": "324"}, {"statement": "Who built it?"}]\n```'
        : '```json\n[]\n```',
    'rule-extractor');
    const report = await expandCorpus(options({ proposer: { kind: 'chat', policy: extractor }, documents: chunks, proposals: 10 }));
    expect(report).toMatchObject({ proposed: 2, accepted: 1, rejected: { parse: 1 } });
    const admitted = store.getProblem(report.admitted[0]!.id)!;
    expect(admitted.metadata['provenance']).toMatchObject({ origin: 'document', document: 'tower.html', parents: [] });
    expect(admitted.difficulty).toBe(0.25);
  });

  it('records a failing proposer call as an error and goes on', async () => {
    const flaky = new RuleChatPolicy((_prompt, call) => (call === 0 ? new Error('503 from server') : '<problem>2+5=</problem><answer>7</answer>'), 'flaky');
    const report = await expandCorpus(options({ proposer: { kind: 'chat', policy: flaky }, proposals: 2, batchSize: 1, parentsPerPrompt: 6 }));
    expect(report.rejected.error).toBeGreaterThanOrEqual(1);
    expect(report.proposed).toBe(2);
  });
});

describe('rlvr expand usage', () => {
  it.each([
    [['--solver-policy', 'openai'], /proposer/],
    [['--proposer-policy', 'openai', '--proposer-base-url', 'http://127.0.0.1:9'], /solver/],
    [['--proposer-policy', 'openai', '--solver-policy', 'openai', '--family', 'nope'], /unknown task family/],
    [['--proposer-policy', 'openai', '--solver-policy', 'openai', '--accept-band', '0.5..0.5'], /admits nothing/],
    [['--proposer-policy', 'bogus', '--solver-policy', 'openai'], /unknown policy/],
    [['--n', '0'], /positive integer/],
  ])('exits 2 on %j', async (args, message) => {
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => errors.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      expect(await main(['node', 'rlvr', 'expand', ...args, '--db', join(directory.dir, 'cli.db')])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toMatch(message);
  });

});
