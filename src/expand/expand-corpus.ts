import { Random } from '../core/random.js';
import type { NearDuplicateIndex } from '../corpus/near-duplicate-index.js';
import type { SqliteCorpus } from '../corpus/sqlite-corpus.js';
import type { EvaluationTarget } from '../rollout/evaluate.js';
import type { IsolatePool } from '../sandbox/index.js';
import type { VerifierSet } from '../verify/verifier-set.js';
import { recordHistory, summarizeOutcomes, type ExpansionReport, type GrowthPoint } from './expansion-report.js';
import { parseProposal, parseProposals } from './parse-proposal.js';
import { ProposalValidator, type ProposalInput, type ValidationOutcome } from './proposal-validator.js';
import { compactProposerPrompt, documentExtractionMessages, proposerMessages, type ParentExample } from './proposer-prompt.js';
import type { DocumentChunk } from './read-documents.js';
import { boundaryPool, drawParents } from './select-parents.js';

export interface ExpandOptions {
  store: SqliteCorpus;
  nearDuplicates: NearDuplicateIndex;
  verifiers: VerifierSet;
  proposer: EvaluationTarget;
  solver: EvaluationTarget;
  /** Proposals to make (from documents: the most problems to extract). */
  proposals: number;
  family?: string[];
  /** Pass-rate band of the parents shown to the proposer. */
  band: [number, number];
  /** Admitted when the solver's pass rate is in this band and strictly between 0 and 1. */
  acceptBand: [number, number];
  solverSamples: number;
  parentsPerPrompt: number;
  batchSize: number;
  seed: number;
  proposerTemperature: number;
  solverTemperature: number;
  proposerMaxTokens: number;
  solverMaxTokens: number;
  minAgreement: number;
  sandboxTimeoutMs: number;
  concurrency: number;
  /** Documents to extract problems from instead of asking for new ones. */
  documents?: DocumentChunk[];
  pool?: IsolatePool;
  onBatch?(point: GrowthPoint): void;
}

/**
 * Grows the corpus: the proposer sees boundary problems (or documents) and writes new problems;
 * every proposal goes through the validation pipeline; admitted ones enter the corpus with
 * provenance and their first difficulty estimate. Returns the report, also appended to the
 * corpus's expansion history.
 */
export async function expandCorpus(options: ExpandOptions): Promise<ExpansionReport> {
  const validator = new ProposalValidator({
    store: options.store,
    nearDuplicates: options.nearDuplicates,
    verifiers: options.verifiers,
    solver: { target: options.solver, samples: options.solverSamples, temperature: options.solverTemperature, maxTokens: options.solverMaxTokens },
    band: options.acceptBand,
    minAgreement: options.minAgreement,
    sandboxTimeoutMs: options.sandboxTimeoutMs,
    concurrency: options.concurrency,
    split: 'train',
    ...(options.pool ? { pool: options.pool } : {}),
  });
  const random = new Random(options.seed).fork('expand');
  const pool = boundaryPool(options.store, options.band, options.family);
  const outcomes: ValidationOutcome[] = [];
  const growth: GrowthPoint[] = [];
  let validationMs = 0;
  const batches = options.documents ? documentBatches(options) : proposalBatches(options, pool, random);
  for await (const inputs of batches) {
    const started = performance.now();
    const batch = await validator.validateBatch(inputs);
    const rolloutMs = batch.reduce((sum, outcome) => sum + (outcome.record.steps.find((step) => step.step === 'learnable')?.ms ?? 0), 0);
    validationMs += Math.max(0, performance.now() - started - rolloutMs / Math.max(1, options.concurrency));
    outcomes.push(...batch);
    const point = { at: new Date().toISOString(), proposals: outcomes.length, accepted: outcomes.filter((outcome) => outcome.problem).length, corpusSize: options.store.countProblems() };
    growth.push(point);
    options.onBatch?.(point);
  }
  const summary = summarizeOutcomes(outcomes);
  const proposer = `${options.proposer.policy.id}@${options.proposer.policy.version}`;
  const history = recordHistory(options.store, { at: new Date().toISOString(), proposer, proposed: outcomes.length, accepted: summary.accepted, corpusSize: options.store.countProblems() });
  return {
    proposer,
    solver: `${options.solver.policy.id}@${options.solver.policy.version}`,
    proposed: outcomes.length,
    ...summary,
    growth,
    validationMsPerProposal: outcomes.length ? validationMs / outcomes.length : 0,
    parentsOutsideBand: !options.documents && pool.outsideBand,
    history,
  };
}

async function* proposalBatches(options: ExpandOptions, pool: ReturnType<typeof boundaryPool>, random: Random): AsyncGenerator<ProposalInput[]> {
  const { proposer } = options;
  for (let made = 0; made < options.proposals; made += options.batchSize) {
    const count = Math.min(options.batchSize, options.proposals - made);
    const parentSets = Array.from({ length: count }, () => drawParents(options.store, pool, options.parentsPerPrompt, random));
    const responses = await sampleProposer(proposer, parentSets, options);
    yield responses.map((response, index) => ({
      ...('failure' in response ? { parse: { error: 'no response' }, modelError: response.failure } : { parse: parseProposal(response.text), raw: response.text }),
      provenance: { origin: 'proposer', proposer: { id: proposer.policy.id, version: proposer.policy.version }, parents: parentSets[index]!.map((parent) => parent.problem.id) },
    }));
  }
}

async function* documentBatches(options: ExpandOptions): AsyncGenerator<ProposalInput[]> {
  const { proposer } = options;
  if (proposer.kind !== 'chat') throw new Error('extracting problems from documents needs a chat proposer');
  let remaining = options.proposals;
  for (const chunk of options.documents!) {
    if (remaining <= 0) return;
    let raw: string;
    try {
      const [sample] = await proposer.policy.sample({ messages: documentExtractionMessages(chunk.source, chunk.text, Math.min(remaining, 10)), maxTokens: options.proposerMaxTokens, temperature: options.proposerTemperature });
      raw = sample?.text ?? '';
    } catch (error) {
      remaining -= 1;
      yield [{ parse: { error: 'no response' }, modelError: `the extraction call failed on ${chunk.source}: ${(error as Error).message}`, provenance: documentProvenance(options, chunk) }];
      continue;
    }
    const parses = parseProposals(raw).slice(0, remaining);
    remaining -= parses.length;
    yield parses.map((parse) => ({ parse, raw, provenance: documentProvenance(options, chunk) }));
  }
}

function documentProvenance(options: ExpandOptions, chunk: DocumentChunk): ProposalInput['provenance'] {
  return { origin: 'document', proposer: { id: options.proposer.policy.id, version: options.proposer.policy.version }, parents: [], document: chunk.source };
}

/** One proposal per parent set: chat requests in parallel, or one batched continuation of the embedded model. */
export async function sampleProposer(proposer: EvaluationTarget, parentSets: readonly ParentExample[][], settings: { proposerTemperature: number; proposerMaxTokens: number }): Promise<Array<{ text: string } | { failure: string }>> {
  if (proposer.kind === 'tokens') {
    const policy = proposer.policy;
    const prefixes = parentSets.map((parents) => policy.encodePrompt(compactProposerPrompt(parents)));
    const room = Math.max(1, Math.min(settings.proposerMaxTokens, proposer.maxSequenceTokens - Math.max(...prefixes.map((prefix) => prefix.length))));
    const samples = await policy.continue(prefixes, { maxTokens: room, temperature: settings.proposerTemperature, stopTokens: [policy.endOfSequence] });
    return samples.map((sample) => ({ text: policy.decode(sample.tokenIds) }));
  }
  return Promise.all(
    parentSets.map(async (parents) => {
      try {
        const [sample] = await proposer.policy.sample({ messages: proposerMessages(parents), maxTokens: settings.proposerMaxTokens, temperature: settings.proposerTemperature });
        return { text: sample?.text ?? '' };
      } catch (error) {
        return { failure: `the proposer's model call failed: ${(error as Error).message}` };
      }
    }),
  );
}
