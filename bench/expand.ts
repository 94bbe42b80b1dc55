/**
 * Corpus expansion speed: (1) proposals validated per second excluding model time — the solver is
 * an instant scripted policy, so what is timed is parsing, verifier checks, duplicate and
 * near-duplicate search against a 20,000-problem corpus, sandbox runs (twice) and the corpus
 * writes; (2) near-duplicate query time against 1,000,000 indexed problems (the index the
 * pipeline keeps in memory). Writes bench/results/expand.json.
 * Run: npm run bench:expand   (EXPAND_BENCH_INDEX_SIZE overrides the 1,000,000)
 *
 * EXPAND_BENCH=self-play runs the comparison instead (bench/self-play-comparison.ts): self-play
 * that grows the corpus vs the same solver budget on the fixed corpus, held-out pass rate, seeds.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../src/core/random.js';
import { buildNearDuplicateIndex } from '../src/corpus/build-near-duplicate-index.js';
import { generateProblems } from '../src/corpus/generate-problems.js';
import { NearDuplicateIndex } from '../src/corpus/near-duplicate-index.js';
import { openCorpus } from '../src/corpus/sqlite-corpus.js';
import { parseProposal } from '../src/expand/parse-proposal.js';
import { ProposalValidator, type ProposalInput } from '../src/expand/proposal-validator.js';
import { RuleChatPolicy } from '../src/expand/rule-policies.test-support.js';
import { closeJavaScriptSandbox } from '../src/sandbox/index.js';
import { families } from '../src/tasks/registry.js';
import { VerifierSet } from '../src/verify/verifier-set.js';

const CORPUS_SIZE = 20_000;
const PROPOSALS = Number(process.env.EXPAND_BENCH_PROPOSALS ?? 600);
const INDEX_SIZE = Number(process.env.EXPAND_BENCH_INDEX_SIZE ?? 1_000_000);
const QUERIES = 1_000;

/** A mix like a proposer's output: arithmetic checked by the family solver, free-form answers, JavaScript programs, and rejects. */
function proposalText(index: number, random: Random): string {
  const a = random.int(100, 99_999);
  const b = random.int(100, 99_999);
  switch (index % 6) {
    case 0:
    case 1:
      return `<problem>${a}+${b}=</problem><answer>${a + b}</answer>`;
    case 2:
      return JSON.stringify({ statement: `Riddle ${index}: a crate holds ${a} apples and ${b} pears. How many fruits are in the crate? Put your final answer in <answer></answer>.`, answer: String(a + b) });
    case 3:
      return JSON.stringify({ statement: `Read n from stdin and print n*${a % 97} + ${b}. (${index})`, tests: { language: 'javascript', cases: [1, 2, 3].map((n) => ({ input: `${n}\n`, output: `${n * (a % 97) + b}\n` })) }, solution: `const n = Number(require('fs').readFileSync(0, 'utf8').trim());\nconsole.log(n * ${a % 97} + ${b});` });
    case 4:
      return JSON.stringify({ statement: `Write double${index}(x) returning 2x.`, tests: { language: 'javascript', asserts: [`assert(double${index}(${a}) === ${2 * a})`] }, solution: `function double${index}(x) { return 2 * x }` });
    default:
      return index % 12 === 5 ? 'I propose a problem about trains.' : `<problem>${a}*${b % 100}=</problem><answer>${a * (b % 100) + 1}</answer>`;
  }
}

/** Solves everything on even calls, nothing on odd calls: every valid proposal lands at pass rate 0.5. */
const instantSolver = new RuleChatPolicy((prompt, call) => {
  if (call % 2 === 1) return '<answer>nope</answer>';
  const sum = /Compute (\d+) \+ (\d+)\./.exec(prompt) ?? /(\d+) apples and (\d+) pears/.exec(prompt);
  if (sum) return `<answer>${Number(sum[1]) + Number(sum[2])}</answer>`;
  const double = /double(\d+)/.exec(prompt);
  if (double) return `\`\`\`javascript\nfunction double${double[1]}(x) { return 2 * x }\n\`\`\``;
  return '<answer>0</answer>';
}, 'instant-solver');

async function validationThroughput(): Promise<Record<string, number>> {
  const directory = mkdtempSync(join(tmpdir(), 'rlvr-bench-expand-'));
  const store = openCorpus(join(directory, 'corpus.db'));
  const verifiers = new VerifierSet();
  try {
    const perFamily = Math.ceil(CORPUS_SIZE / families.length);
    for (const family of families) store.addProblems(generateProblems(family, { count: perFamily, minDifficulty: 0, maxDifficulty: 1, seed: 7, split: 'train' }));
    const validator = new ProposalValidator({
      store, nearDuplicates: buildNearDuplicateIndex(store), verifiers,
      solver: { target: { kind: 'chat', policy: instantSolver, maxConcurrentEpisodes: 64 }, samples: 4, temperature: 1, maxTokens: 64 },
      band: [0, 1], minAgreement: 2, sandboxTimeoutMs: 2_000, concurrency: 8, split: 'train',
    });
    const random = new Random(11);
    const provenance = { origin: 'proposer' as const, proposer: { id: 'bench', version: '1' }, parents: [] };
    const inputs: ProposalInput[] = Array.from({ length: PROPOSALS }, (_, index) => ({ parse: parseProposal(proposalText(index, random)), provenance }));
    await validator.validateBatch(inputs.slice(0, 12)); // warm the isolate pool and verifiers
    const started = performance.now();
    let accepted = 0;
    const reasons: Record<string, number> = {};
    for (let start = 12; start < inputs.length; start += 32) {
      for (const outcome of await validator.validateBatch(inputs.slice(start, start + 32))) {
        if (outcome.record.accepted) accepted++;
        else reasons[outcome.record.reason!] = (reasons[outcome.record.reason!] ?? 0) + 1;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const validated = inputs.length - 12;
    console.log(`validation: ${validated} proposals in ${seconds.toFixed(2)} s = ${(validated / seconds).toFixed(1)} proposals/s (accepted ${accepted}; rejected ${JSON.stringify(reasons)})`);
    return { validationProposalsPerSecond: Number((validated / seconds).toFixed(1)), validationAccepted: accepted, validationProposals: validated };
  } finally {
    store.close();
    await verifiers.close();
    closeJavaScriptSandbox();
    rmSync(directory, { recursive: true, force: true });
  }
}

const WORDS = Array.from({ length: 20_000 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 0).toString(36).slice(0, 3 + (i % 6)));
function syntheticPrompt(random: Random): string {
  const parts: string[] = [];
  for (let i = random.int(15, 45); i > 0; i--) parts.push(random.bool(0.15) ? String(random.int(0, 9999)) : random.pick(WORDS));
  return `${parts.join(' ')}?`;
}

function nearDuplicateQueries(): Record<string, number> {
  const random = new Random(5);
  const index = new NearDuplicateIndex();
  index.reserve(INDEX_SIZE);
  const kept: string[] = [];
  const buildStarted = performance.now();
  for (let item = 0; item < INDEX_SIZE; item++) {
    const prompt = syntheticPrompt(random);
    if (item % (INDEX_SIZE / QUERIES) === 0) kept.push(prompt);
    index.add(`p${item}`, prompt);
  }
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  // Half fresh proposals, half one-word edits of indexed problems: the pipeline's two cases.
  const queries = Array.from({ length: QUERIES }, (_, item) => (item % 2 === 0 ? syntheticPrompt(random) : kept[item]!.replace(/^\S+/, 'edited')));
  const times: number[] = [];
  let found = 0;
  for (const query of queries) {
    const started = performance.now();
    if (index.query(query, 1).length > 0) found++;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
  const p99 = times[Math.floor(times.length * 0.99)]!;
  console.log(`near-duplicate query at ${INDEX_SIZE} problems: mean ${mean.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms (build ${buildSeconds.toFixed(1)} s; ${found} of ${QUERIES / 2} edited copies found)`);
  return { nearDuplicateIndexSize: INDEX_SIZE, nearDuplicateQueryMsMean: Number(mean.toFixed(3)), nearDuplicateQueryMsP99: Number(p99.toFixed(3)), nearDuplicateBuildSeconds: Number(buildSeconds.toFixed(1)) };
}

console.log(`node ${process.version}, ${cpus().length} cores`);
if (process.env.EXPAND_BENCH === 'self-play') {
  const { compareSelfPlay } = await import('./self-play-comparison.js');
  const comparison = await compareSelfPlay();
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/expand-self-play.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, comparison }, null, 2)}\n`);
} else {
  const figures = { ...(await validationThroughput()), ...nearDuplicateQueries() };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/expand.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`);
}
