import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildNearDuplicateIndex } from '../corpus/build-near-duplicate-index.js';
import { openCorpus, type SqliteCorpus } from '../corpus/sqlite-corpus.js';
import { sampleProblem, temporaryDirectory } from '../corpus/test-helpers.js';
import { closeJavaScriptSandbox } from '../sandbox/index.js';
import { addition } from '../tasks/addition.js';
import { VerifierSet } from '../verify/verifier-set.js';
import { parseProposal } from './parse-proposal.js';
import type { RejectionReason } from './proposal.js';
import { ProposalValidator, type ProposalInput } from './proposal-validator.js';
import { RuleChatPolicy, solverRightOn } from './rule-policies.test-support.js';

const provenance = { origin: 'proposer' as const, proposer: { id: 'scripted', version: 'v7' }, parents: ['p1', 'p2'] };
const input = (proposal: unknown): ProposalInput => ({ parse: parseProposal(typeof proposal === 'string' ? proposal : JSON.stringify(proposal)), provenance });
const code = (language: string, solution: string, tests: Record<string, unknown>) => ({ statement: `Write a ${language} program. Variant ${solution.length}-${JSON.stringify(tests).length}.`, tests: { language, ...tests }, solution });

let directory: ReturnType<typeof temporaryDirectory>;
let store: SqliteCorpus;
let verifiers: VerifierSet;

/** Solver: half right on "Compute 7 + 8", always right on the "easy" riddle, never on the "hard" one, consistently wrong (same rival answer) on the "contested" one. */
const solver = solverRightOn([
  { when: /Compute 7 \+ 8/, right: 2, of: 4, answer: '<answer>15</answer>' },
  { when: /agreeable riddle/, right: 3, of: 4, answer: '<answer>42</answer>' },
  { when: /easy riddle/, right: 4, of: 4, answer: '<answer>42</answer>' },
  { when: /hard riddle/, right: 0, of: 4, answer: '<answer>42</answer>', wrong: (call) => `<answer>${call * 7}</answer>` },
  { when: /contested riddle/, right: 1, of: 4, answer: '<answer>42</answer>', wrong: '<answer>41</answer>' },
  { when: /program/, right: 2, of: 4, answer: '```javascript\nconsole.log("no")\n```' },
]);

function validator(): ProposalValidator {
  return new ProposalValidator({
    store,
    nearDuplicates: buildNearDuplicateIndex(store),
    verifiers,
    solver: { target: { kind: 'chat', policy: solver }, samples: 4, temperature: 1, maxTokens: 64 },
    band: [0, 1],
    minAgreement: 2,
    sandboxTimeoutMs: 2_000,
    concurrency: 4,
    split: 'train',
  });
}

async function reasonOf(proposal: unknown): Promise<RejectionReason | 'accepted'> {
  const [outcome] = await validator().validateBatch([input(proposal)]);
  return outcome!.record.accepted ? 'accepted' : outcome!.record.reason!;
}

beforeEach(() => {
  directory = temporaryDirectory();
  store = openCorpus(join(directory.dir, 'corpus.db'));
  store.addProblems([
    sampleProblem(1),
    { ...addition.generate(3, 0.2), prompt: 'Compute 12 + 39. Put your final answer in <answer></answer>.', id: 'add-12-39' },
    { ...sampleProblem(2), id: 'long', prompt: 'A farmer has a rectangular field that is forty meters long and thirty meters wide; what is the length of its diagonal in meters?' },
  ]);
  verifiers = new VerifierSet();
});
afterEach(async () => {
  store.close();
  await verifiers.close();
  directory.cleanup();
});
afterAll(() => closeJavaScriptSandbox());

describe('each rejection reason is reached by a crafted proposal', () => {
  it.each<[RejectionReason, unknown]>([
    ['parse', 'I would like to propose a problem about trains.'],
    ['parse', { statement: 'What is 2+2?' }],
    ['unverifiable', { statement: 'Name a colour of the rainbow riddle.', answer: 'blue', verifier: 'no-such-verifier' }],
    ['unverifiable', { statement: 'Which program prints it riddle?', answer: '42', verifier: 'code' }],
    ['duplicate', { statement: sampleProblem(1).prompt, answer: '4' }],
    ['duplicate', { statement: '12+39=', answer: '51' }],
    ['near-duplicate', { statement: 'A farmer has a rectangular field that is forty meters long and thirty meters wide; what is the length of its diagonal, in meters?', answer: '50' }],
    ['unsafe', code('javascript', 'const fs = require("fs"); console.log(fs.readFileSync("/etc/passwd", "utf8"))', { cases: [{ input: '', output: 'x' }] })],
    ['unsafe', code('python', 'import os\nprint(os.listdir("/"))', { cases: [{ input: '', output: 'x' }] })],
    ['unsafe', code('javascript', 'while (true) {}', { cases: [{ input: '', output: '1' }] })],
    ['nondeterministic', code('javascript', 'function double(x) { return 2 * x }\nconsole.log(Math.random())', { asserts: ['assert(double(2) === 4)'] })],
    ['nondeterministic', code('javascript', 'let spins = 0;\nconst end = Date.now() + 5;\nwhile (Date.now() < end) spins++;\nconsole.log(spins)', { cases: [{ input: '', output: '0' }] })],
    ['inconsistent', code('javascript', 'function double(x) { return 3 * x }', { asserts: ['assert(double(2) === 4)'] })],
    ['unverifiable', code('javascript', 'function double(x) { return 3 * x }', { asserts: ['double(2) === 4'] })],
    ['inconsistent', { statement: '7*8=', answer: '54' }],
    ['inconsistent', { statement: 'The contested riddle: what is six times seven?', answer: '42' }],
    ['too-easy', { statement: 'The easy riddle: what is six times seven?', answer: '42' }],
    ['too-hard', { statement: 'The hard riddle: what is six times seven?', answer: '42' }],
  ])('%s (case %#)', async (reason, proposal) => {
    expect(await reasonOf(proposal)).toBe(reason);
  });

  it('error: a failed model call is recorded as an infrastructure error, not a parse failure', async () => {
    const [outcome] = await validator().validateBatch([{ parse: { error: 'no response' }, modelError: 'connection refused', provenance }]);
    expect(outcome!.record).toMatchObject({ accepted: false, reason: 'error', steps: [{ step: 'parse', outcome: 'reject', reason: 'error', detail: 'connection refused' }] });
  });

  it('error: a solver that throws rejects the batch with error, and the run goes on', async () => {
    const broken = new ProposalValidator({
      store, nearDuplicates: buildNearDuplicateIndex(store), verifiers,
      solver: { target: { kind: 'chat', policy: new RuleChatPolicy(() => new Error('server down')) }, samples: 2, temperature: 1, maxTokens: 8 },
      band: [0, 1], minAgreement: 2, sandboxTimeoutMs: 1_000, concurrency: 2, split: 'train',
    });
    const [outcome] = await broken.validateBatch([input({ statement: 'Compute 7 + 8 riddle', answer: '15' })]);
    // runChatEpisode turns a failed call into an episode that ends in error: no sample passes.
    expect(outcome!.record.accepted).toBe(false);
    expect(['too-hard', 'error']).toContain(outcome!.record.reason);
  });
});

describe('admission', () => {
  it('admits a boundary problem with provenance, the validation record, attempts and its first difficulty', async () => {
    const [outcome] = await validator().validateBatch([input({ statement: '7+8=', answer: '15' })]);
    expect(outcome!.record.accepted).toBe(true);
    const stored = store.getProblem(outcome!.problem!.id)!;
    expect(stored).toMatchObject({ source: 'proposed', family: 'addition', parents: ['p1', 'p2'], difficulty: 0.5, answer: '15' });
    expect(stored.metadata).toMatchObject({ compactPrompt: '7+8=', split: 'train', provenance: { origin: 'proposer', proposer: { id: 'scripted', version: 'v7' }, parents: ['p1', 'p2'] } });
    const record = stored.metadata['validation'] as { steps: Array<{ step: string; outcome: string }>; answerCheck: string; passRate: number };
    expect(record.steps.map((step) => `${step.step}:${step.outcome}`)).toEqual(['parse:pass', 'verifiable:pass', 'novel:pass', 'safe:skip', 'deterministic:skip', 'consistent:pass', 'learnable:pass']);
    expect(record).toMatchObject({ answerCheck: 'family-solver', passRate: 0.5 });
    expect(store.getStats(stored.id)).toMatchObject({ attempts: 4, successes: 2 });
  });

  it('admits an answer reproduced by solver agreement, and a code problem whose reference passes its tests', async () => {
    const outcomes = await validator().validateBatch([
      input({ statement: 'The agreeable riddle: what is six times seven?', answer: '42' }),
      input(code('javascript', 'const n = Number(require0()); function require0() { return "3" }\nconsole.log(n * 2)', { cases: [{ input: '', output: '6' }] })),
    ]);
    expect(outcomes[0]!.record).toMatchObject({ accepted: true, answerCheck: 'solver-agreement', passRate: 0.75 });
    // The scripted solver prints "no", so the code problem is too hard for it.
    expect(outcomes[1]!.record).toMatchObject({ accepted: false, reason: 'too-hard', answerCheck: 'reference-solution' });
  });

  it('rejects the second of two identical proposals in one batch', async () => {
    const outcomes = await validator().validateBatch([input({ statement: '7+8=', answer: '15' }), input({ statement: '7 + 8 =', answer: '15' })]);
    expect(outcomes.map((outcome) => outcome.record.reason ?? 'accepted')).toEqual(['accepted', 'duplicate']);
  });
});

describe('hostile proposals are rejected without harm', () => {
  it('contains code that passes the static scan but tries to reach the host', async () => {
    const marker = join(directory.dir, 'escaped');
    const escape = `const F = Object.getPrototypeOf(function () {}).constructor;\nconst host = F('return this')();\nhost.process.mainModule.require('fs').writeFileSync(${JSON.stringify(marker)}, 'x');\nconsole.log('done')`;
    const python = `f = getattr(__builtins__, 'op' + 'en')\nf(${JSON.stringify(marker)}, 'w').write('x')\nprint('done')`;
    const outcomes = await validator().validateBatch([
      input(code('javascript', escape, { cases: [{ input: '', output: 'done' }] })),
      input(code('python', python, { cases: [{ input: '', output: 'done' }] })),
    ]);
    expect(outcomes.map((outcome) => outcome.record.accepted)).toEqual([false, false]);
    expect(['inconsistent', 'unsafe']).toContain(outcomes[0]!.record.reason);
    expect(outcomes[1]!.record.reason).toBe('unsafe');
    expect(existsSync(marker)).toBe(false);
  });

  it('stops a Python program that loops forever at the time limit', async () => {
    const started = performance.now();
    expect(await reasonOf(code('python', 'while True:\n    pass', { cases: [{ input: '', output: '1' }] }))).toBe('unsafe');
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
