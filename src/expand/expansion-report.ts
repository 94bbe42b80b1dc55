import type { SqliteCorpus } from '../corpus/sqlite-corpus.js';
import { REJECTION_REASONS, type RejectionReason } from './proposal.js';
import type { ValidationOutcome } from './proposal-validator.js';

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
      difficultyHistogram[Math.min(9, Math.floor(outcome.problem.difficulty * 10))]! += 1;
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

/** A self-contained HTML section (no scripts): counts, histogram and growth as inline SVG bars. */
export function renderExpansionHtml(report: ExpansionReport): string {
  const escape = (text: string) => text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);
  const bars = (values: number[], labels: string[]) => {
    const top = Math.max(1, ...values);
    const width = 36;
    return `<svg width="${values.length * width + 10}" height="150" role="img">${values
      .map((value, index) => {
        const height = Math.round((120 * value) / top);
        return `<rect x="${5 + index * width}" y="${125 - height}" width="${width - 6}" height="${height}" fill="#4a7bd0"><title>${escape(labels[index]!)}: ${value}</title></rect><text x="${5 + index * width}" y="140" font-size="9">${escape(labels[index]!)}</text>`;
      })
      .join('')}</svg>`;
  };
  const rows = REJECTION_REASONS.map((reason) => `<tr><td>${reason}</td><td>${report.rejected[reason]}</td></tr>`).join('');
  const growth = report.history.map((entry) => `<tr><td>${escape(entry.at)}</td><td>${escape(entry.proposer)}</td><td>${entry.proposed}</td><td>${entry.accepted}</td><td>${entry.corpusSize}</td></tr>`).join('');
  return `<section id="corpus-expansion"><h2>Corpus expansion</h2>
<p>${report.proposed} proposals by ${escape(report.proposer)}, ${report.accepted} admitted (solver ${escape(report.solver)}).</p>
<h3>Rejected by reason</h3><table><tr><th>reason</th><th>count</th></tr>${rows}</table>
<h3>Difficulty of admitted problems</h3>${bars(report.difficultyHistogram, report.difficultyHistogram.map((_count, bin) => (bin / 10).toFixed(1)))}
<h3>Corpus growth</h3>${bars(report.growth.map((point) => point.corpusSize), report.growth.map((_point, index) => `b${index + 1}`))}
<table><tr><th>run</th><th>proposer</th><th>proposed</th><th>accepted</th><th>corpus</th></tr>${growth}</table></section>`;
}

export function expansionHtmlPage(report: ExpansionReport): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>rlvr corpus expansion</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;text-align:left}</style></head><body>${renderExpansionHtml(report)}</body></html>\n`;
}
