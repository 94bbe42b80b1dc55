import type { SqliteCorpus } from '../corpus/sqlite-corpus.js';
import { renderExpansionPage, type ExpansionSummary } from '../train/report-html.js';
import { REJECTION_REASONS, type RejectionReason } from './proposal.js';
import type { ValidationOutcome } from './proposal-validator.js';
import type { SelfPlayStepMetrics } from './self-play.js';

/** One point of the corpus-growth curve: after a batch, how many problems the corpus held. */
export interface GrowthPoint {
  at: string;
  proposals: number;
  accepted: number;
  corpusSize: number;
}

export interface ExpansionReport {
  proposer: string;
  solver: string;
  proposed: number;
  accepted: number;
  rejected: Record<RejectionReason, number>;
  /** Admitted problems per difficulty bin of width 0.1 (difficulty = 1 − solver pass rate). */
  difficultyHistogram: number[];
  growth: GrowthPoint[];
  admitted: Array<{ id: string; family: string; difficulty: number; statement: string }>;
  /** A few rejections per reason, with the step's explanation, for inspection. */
  rejectionExamples: Array<{ reason: RejectionReason; detail: string; statement?: string }>;
  /** Validation time per proposal, excluding model time (solver rollouts). */
  validationMsPerProposal: number;
  /** True when the boundary band held no problem and the nearest ones were shown instead. */
  parentsOutsideBand: boolean;
  /** Every expansion run recorded in this corpus so far (this one last). */
  history: Array<{ at: string; proposer: string; proposed: number; accepted: number; corpusSize: number }>;
}

const HISTORY_KEY = 'expand:history';
const EXAMPLES_PER_REASON = 3;

/** The histogram bin (of 10, width 0.1) a difficulty in [0, 1] falls in. */
function difficultyBin(difficulty: number): number {
  return Math.min(9, Math.floor(difficulty * 10));
}

export function emptyRejections(): Record<RejectionReason, number> {
  return Object.fromEntries(REJECTION_REASONS.map((reason) => [reason, 0])) as Record<RejectionReason, number>;
}

export function summarizeOutcomes(outcomes: readonly ValidationOutcome[]): Pick<ExpansionReport, 'accepted' | 'rejected' | 'difficultyHistogram' | 'admitted' | 'rejectionExamples'> {
  const rejected = emptyRejections();
  const difficultyHistogram = Array.from({ length: 10 }, () => 0);
  const admitted: ExpansionReport['admitted'] = [];
  const rejectionExamples: ExpansionReport['rejectionExamples'] = [];
  for (const outcome of outcomes) {
    if (outcome.problem) {
      admitted.push({ id: outcome.problem.id, family: outcome.problem.family, difficulty: outcome.problem.difficulty, statement: outcome.problem.prompt });
      difficultyHistogram[difficultyBin(outcome.problem.difficulty)]! += 1;
      continue;
    }
    const reason = outcome.record.reason ?? 'error';
    rejected[reason] += 1;
    if (rejectionExamples.filter((example) => example.reason === reason).length < EXAMPLES_PER_REASON) {
      const step = outcome.record.steps.find((entry) => entry.outcome === 'reject');
      rejectionExamples.push({ reason, detail: step?.detail ?? '', ...(outcome.proposal ? { statement: outcome.proposal.statement } : {}) });
    }
  }
  return { accepted: admitted.length, rejected, difficultyHistogram, admitted, rejectionExamples };
}

/** Appends this run to the corpus's expansion history (kept in the corpus's state table) and returns the whole history. */
export function recordHistory(store: SqliteCorpus, entry: ExpansionReport['history'][number]): ExpansionReport['history'] {
  const history = [...(store.getState<ExpansionReport['history']>(HISTORY_KEY) ?? []), entry];
  store.setState(HISTORY_KEY, history);
  return history;
}

export function renderExpansionText(report: ExpansionReport): string {
  const lines = [
    `proposer ${report.proposer}, solver ${report.solver}`,
    `proposals ${report.proposed}: accepted ${report.accepted}, rejected ${report.proposed - report.accepted}`,
    ...(report.parentsOutsideBand ? ['note: no corpus problem had a pass rate inside the band; the nearest ones were shown to the proposer'] : []),
    '',
    'rejected by reason:',
    ...REJECTION_REASONS.filter((reason) => report.rejected[reason] > 0).map((reason) => `  ${reason.padEnd(16)} ${String(report.rejected[reason]).padStart(6)}`),
    '',
    'admitted by difficulty:',
    ...report.difficultyHistogram.map((count, bin) => `  ${(bin / 10).toFixed(1)}–${((bin + 1) / 10).toFixed(1)} ${String(count).padStart(5)} ${'#'.repeat(Math.min(60, count))}`),
    '',
    'corpus growth:',
    ...report.growth.map((point) => `  ${point.at}  proposals ${String(point.proposals).padStart(5)}  accepted ${String(point.accepted).padStart(5)}  corpus ${point.corpusSize}`),
    '',
    `validation ${report.validationMsPerProposal.toFixed(1)} ms per proposal (excluding model time)`,
    ...report.rejectionExamples.map((example) => `  e.g. ${example.reason}: ${example.detail}${example.statement ? ` — "${example.statement.slice(0, 60)}"` : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The report's figures in the shape the HTML report draws (src/train/report-html.ts). */
export function expansionSummary(report: ExpansionReport): ExpansionSummary {
  return {
    proposer: report.proposer,
    solver: report.solver,
    proposed: report.proposed,
    accepted: report.accepted,
    rejected: report.rejected,
    difficultyHistogram: report.difficultyHistogram,
    growth: report.growth.map((point, index) => ({ label: `batch ${index + 1}`, proposals: point.proposals, accepted: point.accepted, corpusSize: point.corpusSize })),
    history: report.history,
  };
}

/** A self-contained HTML page of the report (`rlvr expand --report FILE`). */
export function expansionHtmlPage(report: ExpansionReport): string {
  return renderExpansionPage('rlvr corpus expansion', expansionSummary(report));
}

/**
 * The expansion a self-play run made, step by step: the corpus before step 1 (its size then is
 * derived from step 1, so a resumed run needs nothing stored besides its history), then totals
 * after every step.
 */
export function selfPlayExpansion(history: readonly SelfPlayStepMetrics[], proposer: string, solver: string): ExpansionSummary {
  const rejected = emptyRejections();
  const difficultyHistogram = Array.from({ length: 10 }, () => 0);
  const growth: ExpansionSummary['growth'] = [];
  let proposals = 0;
  let accepted = 0;
  if (history.length > 0) growth.push({ label: 'start', proposals: 0, accepted: 0, corpusSize: history[0]!.corpusSize - history[0]!.admitted });
  for (const step of history) {
    proposals += step.proposals;
    accepted += step.admitted;
    for (const [reason, count] of Object.entries(step.rejected)) rejected[reason as RejectionReason] += count;
    for (const difficulty of step.admittedDifficulties) difficultyHistogram[difficultyBin(difficulty)]! += 1;
    growth.push({ label: `step ${step.step}`, proposals, accepted, corpusSize: step.corpusSize });
  }
  return { proposer, solver, proposed: proposals, accepted, rejected, difficultyHistogram, growth };
}
