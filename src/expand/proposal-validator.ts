import * as crypto from 'node:crypto';
import type { Attempt } from '../core/corpus.js';
import type { Problem } from '../core/problem.js';
import { Semaphore } from '../core/semaphore.js';
import { runVerifier, type Verifier } from '../core/verifier.js';
import { NearDuplicateIndex } from '../corpus/near-duplicate-index.js';
import { normalizedHash, normalizeText } from '../corpus/normalize-text.js';
import type { SqliteCorpus } from '../corpus/sqlite-corpus.js';
import { pythonSandboxProblem, type IsolatePool } from '../sandbox/index.js';
import { getFamily } from '../tasks/registry.js';
import { normalizeCodeTests } from '../verify/code/code-tests.js';
import { extractAnswer } from '../verify/extract-answer.js';
import { verifierEntry } from '../verify/registry.js';
import type { VerifierSet } from '../verify/verifier-set.js';
import { familyAnswer, recognizeStatement } from './family-structure.js';
import { findForbiddenConstruct } from './forbidden-code.js';
import type { ProposalParse } from './parse-proposal.js';
import type { Proposal, RejectionReason, ValidationRecord, ValidationStep, ValidationStepName } from './proposal.js';
import { runProgram } from './reference-runs.js';
import { sampleSolver, type SolverSettings } from './solver-rollouts.js';

/** Where a proposal came from, stored with the problem when it is admitted. */
export interface Provenance {
  origin: 'proposer' | 'document';
  proposer: { id: string; version: string };
  parents: string[];
  document?: string;
}

export interface ProposalInput {
  parse: ProposalParse;
  provenance: Provenance;
  /** The raw model output, kept on rejection records for inspection. */
  raw?: string;
  /** The model call itself failed: recorded as an `error` rejection, not held against the proposal. */
  modelError?: string;
}

export interface ValidatorOptions {
  store: SqliteCorpus;
  /** The corpus's near-duplicate index, kept in memory across batches; admitted problems are added to it. */
  nearDuplicates: NearDuplicateIndex;
  verifiers: VerifierSet;
  solver: SolverSettings;
  /** Admitted when the solver pass rate is in [lo, hi] and strictly between 0 and 1. */
  band: [number, number];
  /** Solver samples that must reproduce a proposed answer when no family solver or reference can. */
  minAgreement: number;
  sandboxTimeoutMs: number;
  /** Proposals checked at once (sandbox work overlaps). */
  concurrency: number;
  pool?: IsolatePool;
  /** Split written into admitted problems' metadata. */
  split: string;
}

export interface ValidationOutcome {
  record: ValidationRecord;
  problem?: Problem;
  proposal?: Proposal;
  provenance: Provenance;
  raw?: string;
}

interface Pending {
  input: ProposalInput;
  steps: ValidationStep[];
  proposal?: Proposal;
  problem?: Problem;
  verifier?: Verifier;
  answerCheck?: ValidationRecord['answerCheck'];
  rejection?: RejectionReason;
  rollouts?: { passRate: number; attempts: Array<Omit<Attempt, 'problemId' | 'policyVersion'>> };
}

const ASSERT_STATEMENT = /^\s*assert\b/;

class Rejection extends Error {
  constructor(readonly reason: RejectionReason, message: string) {
    super(message);
  }
}

/**
 * The validation pipeline: parse → verifiable → novel → safe → deterministic → consistent →
 * learnable. Cheap, model-free checks run first so sandbox and solver time go only to proposals
 * that could still be admitted; the solver's k rollouts are batched over every survivor and also
 * serve to reproduce answers no family solver can check. Every step is recorded with its timing.
 */
export class ProposalValidator {
  private readonly options: ValidatorOptions;

  constructor(options: ValidatorOptions) {
    this.options = options;
  }

  /** Validates a batch and admits the accepted problems into the corpus (with their solver attempts). */
  async validateBatch(inputs: readonly ProposalInput[]): Promise<ValidationOutcome[]> {
    const batchHashes = new Set<string>();
    const batchIndex = new NearDuplicateIndex({ threshold: this.options.nearDuplicates.threshold });
    const limiter = new Semaphore(this.options.concurrency);
    const pending: Pending[] = inputs.map((input) => ({ input, steps: [] }));
    // Novelty is checked in input order (synchronously) before any sandbox work, so within-batch duplicates are deterministic.
    for (const entry of pending) {
      this.runStep(entry, 'parse', () => this.parseStep(entry));
      await this.runStepAsync(entry, 'verifiable', () => this.verifiableStep(entry));
      this.runStep(entry, 'novel', () => this.novelStep(entry, batchHashes, batchIndex));
    }
    await Promise.all(pending.map((entry) => limiter.run(() => this.sandboxSteps(entry))));
    await this.learnableStep(pending.filter((entry) => !entry.rejection));
    return pending.map((entry) => this.finish(entry));
  }

  private parseStep(entry: Pending): string {
    if (entry.input.modelError) throw new Rejection('error', entry.input.modelError);
    const parse = entry.input.parse;
    if ('error' in parse) throw new Rejection('parse', parse.error);
    entry.proposal = parse.proposal;
    return 'statement and answer/tests present';
  }

  private async verifiableStep(entry: Pending): Promise<string> {
    const proposal = entry.proposal!;
    const problem = buildProblem(proposal, entry.input.provenance, this.options.split);
    try {
      verifierEntry(problem.verifier);
    } catch (error) {
      throw new Rejection('unverifiable', (error as Error).message);
    }
    entry.problem = problem;
    entry.verifier = await this.options.verifiers.get(problem.verifier);
    if (problem.tests) {
      const parsed = normalizeCodeTests(problem.tests, problem.tests.language);
      if ('error' in parsed) throw new Rejection('unverifiable', parsed.error);
      // A bare expression "passes" whenever it does not throw, so `f(2) === 5` would accept any program.
      const bare = parsed.tests.asserts.find((statement) => !ASSERT_STATEMENT.test(statement));
      if (bare) throw new Rejection('unverifiable', `"${bare.slice(0, 80)}" is not an assert statement (write assert(…) or assert …); a bare expression checks nothing`);
      if (problem.tests.language === 'python') {
        const unavailable = pythonSandboxProblem();
        if (unavailable) throw new Rejection('error', `Python tests cannot run here: ${unavailable}`);
      }
      return `${problem.verifier} verifier; ${parsed.tests.cases.length} case(s), ${parsed.tests.asserts.length} assert(s) in ${problem.tests.language}`;
    }
    const verdict = await runVerifier(entry.verifier, { response: `<answer>${problem.answer}</answer>`, answer: problem.answer, config: problem.verifierConfig, problem });
    if (verdict.reason === 'timeout' || verdict.reason === 'error') throw new Rejection('error', `the ${problem.verifier} verifier failed on the answer itself: ${verdict.reason}`);
    if (!verdict.passed) throw new Rejection('unverifiable', `the ${problem.verifier} verifier cannot check the answer "${problem.answer}" (${verdict.reason})`);
    return `${problem.verifier} verifier reads the answer`;
  }

  private novelStep(entry: Pending, batchHashes: Set<string>, batchIndex: NearDuplicateIndex): string {
    const problem = entry.problem!;
    const hash = normalizedHash(problem.prompt);
    const existing = this.options.store.findExisting(problem.id, hash);
    if (existing) throw new Rejection('duplicate', `same statement as corpus problem ${existing.id}`);
    if (batchHashes.has(hash)) throw new Rejection('duplicate', 'same statement as an earlier proposal of this batch');
    const [match] = this.options.nearDuplicates.query(problem.prompt, 1);
    if (match) throw new Rejection('near-duplicate', `similarity ${match.similarity.toFixed(2)} to corpus problem ${match.id}`);
    const [sibling] = batchIndex.queryThenAdd(problem.id, problem.prompt, 1);
    batchHashes.add(hash);
    if (sibling) throw new Rejection('near-duplicate', `similarity ${sibling.similarity.toFixed(2)} to proposal ${sibling.id} of this batch`);
    return 'no exact or near duplicate in the corpus or this batch';
  }

  /** safe, deterministic and consistent: static scan, two sandbox runs compared, then the problem's own check. */
  private async sandboxSteps(entry: Pending): Promise<void> {
    if (entry.rejection) return;
    const problem = entry.problem!;
    const proposal = entry.proposal!;
    if (!problem.tests) {
      this.skip(entry, 'safe', 'no code to run');
      this.skip(entry, 'deterministic', 'no code to run');
      await this.runStepAsync(entry, 'consistent', async () => this.familyConsistency(entry));
      return;
    }
    const tests = problem.tests;
    const solution = proposal.solution!;
    let runs: Awaited<ReturnType<typeof runProgram>>[] = [];
    await this.runStepAsync(entry, 'safe', async () => {
      const forbidden = [solution, ...(tests.asserts ?? [])].map((code) => findForbiddenConstruct(code, tests.language)).find(Boolean);
      if (forbidden) throw new Rejection('unsafe', `the code ${forbidden}`);
      const inputs = (tests.cases ?? []).map((testCase) => testCase.input);
      const options = { timeoutMs: this.options.sandboxTimeoutMs, ...(this.options.pool ? { pool: this.options.pool } : {}) };
      runs = await Promise.all([runProgram(solution, tests.language, inputs, options), runProgram(solution, tests.language, inputs, options)]);
      const stopped = runs.find((run) => run.stopped)?.stopped;
      if (stopped) throw new Rejection('unsafe', `the reference solution ${stopped} in the sandbox`);
      return 'no forbidden construct; stayed within the sandbox limits';
    });
    await this.runStepAsync(entry, 'deterministic', async () => {
      const differing = runs[0]!.outputs.findIndex((output, index) => output !== runs[1]!.outputs[index]);
      if (differing >= 0) throw new Rejection('nondeterministic', `two runs of the reference solution printed different output for input ${differing + 1}`);
      return 'two sandbox runs printed identical output';
    });
    await this.runStepAsync(entry, 'consistent', async () => {
      const response = `\`\`\`${tests.language}\n${solution}\n\`\`\``;
      const verdicts = await Promise.all([0, 1].map(() => runVerifier(entry.verifier!, { response, tests, problem }, { timeoutMs: 4 * this.options.sandboxTimeoutMs + 5_000 })));
      const failedVerdict = verdicts.find((verdict) => !verdict.passed);
      if (failedVerdict?.reason === 'error') throw new Rejection('error', `the code verifier failed: ${JSON.stringify(failedVerdict.details ?? {})}`);
      if (failedVerdict) throw new Rejection('inconsistent', `the reference solution fails its own tests (${failedVerdict.reason}${detailMessage(failedVerdict.details)})`);
      entry.answerCheck = 'reference-solution';
      return 'the reference solution passes every test (twice)';
    });
  }

  /** A statement in a family's compact form is checked by the family's own solver; others wait for solver agreement. */
  private async familyConsistency(entry: Pending): Promise<string> {
    const problem = entry.problem!;
    if (!recognizeStatement(entry.proposal!.statement)) return 'deferred to solver agreement';
    const expected = familyAnswer(problem);
    const verdict = await runVerifier(entry.verifier!, { response: `<answer>${expected}</answer>`, answer: problem.answer, config: problem.verifierConfig, problem });
    if (!verdict.passed) throw new Rejection('inconsistent', `the ${problem.family} solver answers ${expected}, the proposal says ${problem.answer}`);
    entry.answerCheck = 'family-solver';
    return `the ${problem.family} solver reproduces the answer`;
  }

  private async learnableStep(entries: Pending[]): Promise<void> {
    if (entries.length === 0) return;
    const started = performance.now();
    let groups;
    try {
      groups = await sampleSolver(entries.map((entry) => entry.problem!), this.options.solver);
    } catch (error) {
      for (const entry of entries) this.reject(entry, 'learnable', 'error', `solver rollouts failed: ${(error as Error).message}`, performance.now() - started);
      return;
    }
    await Promise.all(entries.map((entry, index) => this.judgeRollouts(entry, groups[index]!.responses, groups[index]!.completionTokens, groups[index]!.ms)));
  }

  private async judgeRollouts(entry: Pending, responses: string[], tokens: number[], rolloutMs: number): Promise<void> {
    const started = performance.now();
    const problem = entry.problem!;
    const input = (response: string) => ({ response, answer: problem.answer, tests: problem.tests, config: problem.verifierConfig, problem });
    const verdicts = await Promise.all(responses.map((response) => runVerifier(entry.verifier!, input(response), { timeoutMs: 4 * this.options.sandboxTimeoutMs + 5_000 })));
    const passes = verdicts.filter((verdict) => verdict.passed).length;
    const passRate = passes / Math.max(1, responses.length);
    entry.rollouts = { passRate, attempts: verdicts.map((verdict, index) => ({ reward: verdict.reward, score: verdict.score, tokens: tokens[index] ?? 0, ms: rolloutMs / Math.max(1, responses.length) })) };
    if (!entry.answerCheck && !problem.tests) {
      const agreement = answerAgreement(responses, verdicts.map((verdict) => verdict.passed));
      const consistent = entry.steps.find((step) => step.step === 'consistent');
      const fail = passes < this.options.minAgreement ? `only ${passes} of ${responses.length} solver samples reproduce the answer (need ${this.options.minAgreement})` : agreement.rival && agreement.rival.count > passes ? `solver samples agree on "${agreement.rival.answer}" (${agreement.rival.count}) more than on the proposed answer (${passes})` : undefined;
      // Too few reproductions of an answer the solver never finds is learnability's verdict (too hard), not a contradiction.
      if (fail && !(passes === 0 && !agreement.rival)) {
        if (consistent) Object.assign(consistent, { outcome: 'reject', reason: 'inconsistent', detail: fail });
        entry.rejection = 'inconsistent';
        return;
      }
      if (!fail) {
        entry.answerCheck = 'solver-agreement';
        if (consistent) consistent.detail = `${passes} of ${responses.length} solver samples reproduce the answer`;
      }
    }
    const [lo, hi] = this.options.band;
    const detail = `pass rate ${passes}/${responses.length} (band ${lo}..${hi})`;
    const ms = rolloutMs + performance.now() - started;
    if (passes === responses.length || passRate > hi) this.reject(entry, 'learnable', 'too-easy', detail, ms);
    else if (passes === 0 || passRate < lo) this.reject(entry, 'learnable', 'too-hard', detail, ms);
    else entry.steps.push({ step: 'learnable', outcome: 'pass', detail, ms });
  }

  private finish(entry: Pending): ValidationOutcome {
    const rollouts = entry.rollouts;
    const accepted = !entry.rejection;
    const record: ValidationRecord = {
      accepted,
      ...(entry.rejection ? { reason: entry.rejection } : {}),
      steps: entry.steps,
      ...(rollouts ? { passRate: rollouts.passRate, solverSamples: rollouts.attempts.length } : {}),
      ...(entry.answerCheck ? { answerCheck: entry.answerCheck } : {}),
    };
    const base = { record, provenance: entry.input.provenance, ...(entry.proposal ? { proposal: entry.proposal } : {}), ...(entry.input.raw !== undefined ? { raw: entry.input.raw } : {}) };
    if (!accepted || !entry.problem || !rollouts) return base;
    const problem = admittedProblem(entry.problem, record, rollouts.passRate, entry.input.provenance);
    let added: number;
    try {
      ({ added } = this.options.store.addProblems([problem]));
    } catch (error) {
      return { ...base, record: { ...record, accepted: false, reason: 'error', steps: [...record.steps, { step: 'learnable', outcome: 'reject', reason: 'error', detail: `the corpus refused the problem: ${(error as Error).message}`, ms: 0 }] } };
    }
    if (added === 0) return { ...base, record: { ...record, accepted: false, reason: 'duplicate' } };
    const policyVersion = this.options.solver.target.policy.version;
    this.options.store.recordAttempts(rollouts.attempts.map((attempt) => ({ ...attempt, problemId: problem.id, policyVersion })));
    this.options.nearDuplicates.add(problem.id, problem.prompt);
    return { ...base, problem };
  }

  private runStep(entry: Pending, step: ValidationStepName, check: () => string): void {
    if (entry.rejection) return;
    const started = performance.now();
    try {
      entry.steps.push({ step, outcome: 'pass', detail: check(), ms: performance.now() - started });
    } catch (error) {
      this.fail(entry, step, error, started);
    }
  }

  private async runStepAsync(entry: Pending, step: ValidationStepName, check: () => Promise<string>): Promise<void> {
    if (entry.rejection) return;
    const started = performance.now();
    try {
      entry.steps.push({ step, outcome: 'pass', detail: await check(), ms: performance.now() - started });
    } catch (error) {
      this.fail(entry, step, error, started);
    }
  }

  private fail(entry: Pending, step: ValidationStepName, error: unknown, started: number): void {
    const reason = error instanceof Rejection ? error.reason : 'error';
    const message = error instanceof Error ? error.message : String(error);
    this.reject(entry, step, reason, message, performance.now() - started);
  }

  private reject(entry: Pending, step: ValidationStepName, reason: RejectionReason, detail: string, ms: number): void {
    entry.rejection = reason;
    entry.steps.push({ step, outcome: 'reject', reason, detail, ms });
  }

  private skip(entry: Pending, step: ValidationStepName, detail: string): void {
    entry.steps.push({ step, outcome: 'skip', detail, ms: 0 });
  }
}

/** The problem a proposal describes, before validation decides whether it enters the corpus. */
export function buildProblem(proposal: Proposal, provenance: Provenance, split: string): Problem {
  const structured = recognizeStatement(proposal.statement);
  const family = structured?.family ?? proposal.family ?? (proposal.tests ? 'proposed-code' : 'proposed');
  const knownFamily = safeFamily(family);
  const verifier = proposal.verifier ?? (proposal.tests ? 'code' : (knownFamily?.verifier ?? 'math'));
  const prompt = structured?.prompt ?? proposal.statement;
  return {
    id: `proposed-${crypto.createHash('sha1').update(normalizeText(prompt)).digest('hex').slice(0, 16)}`,
    family,
    prompt,
    ...(proposal.answer !== undefined ? { answer: proposal.answer } : {}),
    ...(proposal.tests ? { tests: proposal.tests } : {}),
    verifier,
    difficulty: 0.5,
    source: 'proposed',
    parents: provenance.parents,
    metadata: {
      compactPrompt: structured?.compactPrompt ?? proposal.statement,
      split,
      ...(structured ? { parameters: structured.parameters } : {}),
    },
  };
}

/** The solver's pass rate becomes the first difficulty estimate; provenance and the full record travel with the problem. */
function admittedProblem(problem: Problem, record: ValidationRecord, passRate: number, provenance: Provenance): Problem {
  const metadata = { ...problem.metadata, provenance: { ...provenance, admittedAt: new Date().toISOString() }, validation: record };
  return { ...problem, difficulty: Number((1 - passRate).toFixed(4)), metadata };
}

function safeFamily(name: string) {
  try {
    return getFamily(name);
  } catch {
    return undefined;
  }
}

/** The most frequent answer among failing samples, to tell "hard" from "the proposed answer is wrong". */
function answerAgreement(responses: readonly string[], passed: readonly boolean[]): { rival?: { answer: string; count: number } } {
  const counts = new Map<string, number>();
  responses.forEach((response, index) => {
    if (passed[index]) return;
    const extracted = extractAnswer(response);
    if (extracted.source === 'response') return;
    const key = normalizeText(extracted.text);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  let rival: { answer: string; count: number } | undefined;
  for (const [answer, count] of counts) if (count >= 2 && (!rival || count > rival.count)) rival = { answer, count };
  return rival ? { rival } : {};
}

function detailMessage(details: Record<string, unknown> | undefined): string {
  const message = details?.['message'];
  return typeof message === 'string' ? `: ${message.slice(0, 300)}` : '';
}
