import { finalReply } from '../../rollout/chat-episode.js';
import { resolveTools, toolNames } from '../../tools/registry.js';
import { auditVerifier, type AuditReport } from '../../verify/audit/audit-verifier.js';
import { readLabeledCases } from '../../verify/audit/read-labeled-cases.js';
import { VerifierSet } from '../../verify/verifier-set.js';
import type { AuditOptions } from '../commands/verifier.js';
import { policyFromFlags, type PolicyFlags } from '../policy-options.js';
import { UsageError } from '../usage-error.js';

export async function runAudit(options: AuditOptions, judge: PolicyFlags): Promise<void> {
  const config = parseConfig(options.config);
  const cases = await readLabeledCases(options.labeled, config);
  const verifierOptions: Record<string, Record<string, unknown>> = {};
  if (options.verifier === 'llm-judge') verifierOptions['llm-judge'] = await judgeOptions(judge, options);
  const verifiers = new VerifierSet(verifierOptions);
  try {
    const verifier = await verifiers.get(options.verifier).catch((error: Error) => {
      throw new UsageError(`--verifier: ${error.message}`);
    });
    const report = await auditVerifier(verifier, cases, { concurrency: options.concurrency, timeoutMs: options.timeoutMs });
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderAudit(report));
  } finally {
    await verifiers.close();
  }
}

async function judgeOptions(flags: PolicyFlags, options: AuditOptions): Promise<Record<string, unknown>> {
  const unknownTool = options.judgeTools?.find((name) => !toolNames.includes(name));
  if (unknownTool) throw new UsageError(`--judge-tools: unknown tool "${unknownTool}"; available: ${toolNames.join(', ')}`);
  const target = await policyFromFlags(flags);
  if (target.kind !== 'chat') throw new UsageError('the llm-judge needs a chat policy: --judge-policy openai --judge-base-url URL --judge-model NAME');
  const tools = await resolveTools(options.judgeTools ?? [], { docsFolder: options.judgeDocs });
  // Several votes only mean something if the judge samples; one vote is the judge's greedy opinion.
  const temperature = options.judgeSamples > 1 ? 0.7 : 0;
  return { ask: finalReply(target.policy, { temperature, tools, limits: { maxTokensPerTurn: 1_024 } }), samples: options.judgeSamples };
}

function parseConfig(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new UsageError(`--config: expected a JSON object, received ${text}`);
}

function renderAudit(report: AuditReport): string {
  const rate = ({ rate, interval, count, of }: AuditReport['falsePositiveRate']) =>
    `${(100 * rate).toFixed(1)}% (${count}/${of}; 95% CI ${(100 * interval[0]).toFixed(1)}–${(100 * interval[1]).toFixed(1)}%)`;
  const lines = [
    `verifier ${report.verifier} on ${report.cases} labeled responses: accuracy ${(100 * report.accuracy).toFixed(1)}%`,
    `false positives (wrong responses passed):  ${rate(report.falsePositiveRate)}`,
    `false negatives (right responses failed):  ${rate(report.falseNegativeRate)}`,
    `confusion: TP ${report.truePositives}, FP ${report.falsePositives}, TN ${report.trueNegatives}, FN ${report.falseNegatives}`,
    ...report.mistakes.slice(0, 20).map((mistake) => `  ${mistake.label ? 'FN' : 'FP'} ${mistake.id} (${mistake.reason})`),
  ];
  if (report.mistakes.length > 20) lines.push(`  … ${report.mistakes.length - 20} more (use --json)`);
  return `${lines.join('\n')}\n`;
}
