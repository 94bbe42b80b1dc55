import { describe, expect, it } from 'vitest';
import { failed, succeeded } from '../../core/verdict.js';
import type { Verifier } from '../../core/verifier.js';
import { auditVerifier, type LabeledCase } from './audit-verifier.js';
import { wilsonInterval } from './wilson-interval.js';

describe('wilsonInterval', () => {
  it('matches published values', () => {
    const [low, high] = wilsonInterval(0, 10);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(0.2775, 3);
    const [low2, high2] = wilsonInterval(5, 10);
    expect(low2).toBeCloseTo(0.2366, 3);
    expect(high2).toBeCloseTo(0.7634, 3);
  });
});

describe('auditVerifier', () => {
  // A lenient verifier, the kind an audit must catch: it passes any response containing the answer.
  const lenient: Verifier = {
    name: 'contains',
    description: '',
    verify: async ({ response, answer }) => (response.includes(answer ?? '') ? succeeded() : failed('wrong')),
  };
  const labeled: LabeledCase[] = [
    { id: 'right', response: '42', answer: '42', label: true },
    { id: 'hedge', response: '41 or 42', answer: '42', label: false },
    { id: 'longer', response: '420', answer: '42', label: false },
    { id: 'wrong', response: '7', answer: '42', label: false },
    { id: 'spelled', response: 'forty-two', answer: '42', label: true },
  ];

  it('counts the confusion matrix and lists the mistakes', async () => {
    const report = await auditVerifier(lenient, labeled);
    expect(report).toMatchObject({ cases: 5, truePositives: 1, falsePositives: 2, trueNegatives: 1, falseNegatives: 1, accuracy: 0.4 });
    expect(report.falsePositiveRate).toMatchObject({ rate: 2 / 3, count: 2, of: 3 });
    expect(report.falseNegativeRate).toMatchObject({ rate: 1 / 2, count: 1, of: 2 });
    expect(report.falsePositiveRate.interval[0]).toBeLessThan(2 / 3);
    expect(report.mistakes.map((mistake) => mistake.id)).toEqual(['hedge', 'longer', 'spelled']);
  });
});
