import { Semaphore } from '../../core/semaphore.js';
import { runVerifier, type Verifier, type VerifyInput } from '../../core/verifier.js';
import { wilsonInterval } from './wilson-interval.js';

export interface LabeledCase extends VerifyInput {
  id: string;
  /** Whether the response is truly correct, as a person or a trusted source judged it. */
  label: boolean;
}

export interface RateWithInterval {
  rate: number;
  /** 95% Wilson interval. */
  interval: [number, number];
  count: number;
  of: number;
}

export interface AuditReport {
  verifier: string;
  cases: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  /** Wrong responses the verifier passed: each one is a reward hack waiting to happen. */
  falsePositiveRate: RateWithInterval;
  /** Right responses the verifier failed: lost learning signal. */
  falseNegativeRate: RateWithInterval;
  accuracy: number;
  mistakes: Array<{ id: string; label: boolean; passed: boolean; reason: string }>;
}

/** Runs a verifier over a labeled set and reports how often it disagrees with the labels. */
export async function auditVerifier(
  verifier: Verifier,
  cases: readonly LabeledCase[],
  options: { concurrency?: number; timeoutMs?: number } = {},
): Promise<AuditReport> {
  const limiter = new Semaphore(options.concurrency ?? 4);
  const verdicts = await Promise.all(cases.map((testCase) => limiter.run(() => runVerifier(verifier, testCase, { timeoutMs: options.timeoutMs }))));
  const counts = { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
  const mistakes: AuditReport['mistakes'] = [];
  cases.forEach((testCase, index) => {
    const { passed, reason } = verdicts[index]!;
    if (testCase.label && passed) counts.truePositives++;
    else if (testCase.label) counts.falseNegatives++;
    else if (passed) counts.falsePositives++;
    else counts.trueNegatives++;
    if (passed !== testCase.label) mistakes.push({ id: testCase.id, label: testCase.label, passed, reason });
  });
  const negatives = counts.falsePositives + counts.trueNegatives;
  const positives = counts.truePositives + counts.falseNegatives;
  return {
    verifier: verifier.name,
    cases: cases.length,
    ...counts,
    falsePositiveRate: rate(counts.falsePositives, negatives),
    falseNegativeRate: rate(counts.falseNegatives, positives),
    accuracy: cases.length ? (counts.truePositives + counts.trueNegatives) / cases.length : 0,
    mistakes,
  };
}

function rate(count: number, of: number): RateWithInterval {
  return { rate: of ? count / of : 0, interval: wilsonInterval(count, of), count, of };
}
