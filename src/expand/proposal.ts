import type { CodeTests } from '../core/problem.js';

/**
 * A new problem as a proposer wrote it, after parsing and before validation. `statement` is what
 * the solver is shown; `answer` and/or `tests` are what a verifier checks; `solution` is a
 * reference response (for code: a program) when the family has one.
 */
export interface Proposal {
  statement: string;
  family?: string;
  answer?: string;
  tests?: CodeTests;
  solution?: string;
  /** A verifier from the registry; chosen from the other parts when absent. */
  verifier?: string;
}

/**
 * Why a proposal was not admitted. Closed on purpose: reports count by it and tests reach each one.
 * `error` is an infrastructure failure (a sandbox or model call broke), never the proposal's fault.
 */
export const REJECTION_REASONS = [
  'parse',
  'unverifiable',
  'unsafe',
  'nondeterministic',
  'inconsistent',
  'duplicate',
  'near-duplicate',
  'too-easy',
  'too-hard',
  'error',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The validation steps, in the order the pipeline runs them. */
export const VALIDATION_STEPS = ['parse', 'verifiable', 'novel', 'safe', 'deterministic', 'consistent', 'learnable'] as const;
export type ValidationStepName = (typeof VALIDATION_STEPS)[number];

export interface ValidationStep {
  step: ValidationStepName;
  outcome: 'pass' | 'reject' | 'skip';
  reason?: RejectionReason;
  /** What was checked or why it failed, in words. */
  detail?: string;
  ms: number;
}

/** Everything the pipeline did to one proposal: stored in the admitted problem's metadata. */
export interface ValidationRecord {
  accepted: boolean;
  reason?: RejectionReason;
  steps: ValidationStep[];
  /** Solver pass rate over the learnability rollouts, when they ran. */
  passRate?: number;
  solverSamples?: number;
  /** How the answer was reproduced: the family's solver, the reference program, or solver agreement. */
  answerCheck?: 'family-solver' | 'reference-solution' | 'solver-agreement';
}
