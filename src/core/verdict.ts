/**
 * Machine-readable reasons a verdict can carry. Verifiers may add their own short kebab-case
 * reasons; these are the ones every part of the system understands.
 */
export type VerdictReason =
  | 'correct'
  | 'wrong'
  | 'partial'
  | 'no-answer'
  | 'invalid'
  | 'invalid-input'
  | 'timeout'
  | 'cancelled'
  | 'error'
  | (string & {});

/** The outcome of checking one response. */
export interface Verdict {
  /** What the trainer optimizes (may be shaped, negative, or weighted). */
  reward: number;
  /** Correctness in [0, 1] used for statistics and curricula; never shaped. */
  score: number;
  passed: boolean;
  reason: VerdictReason;
  details?: Record<string, unknown>;
  /** Wall time of the check in milliseconds. */
  ms: number;
}

/** A verdict without timing, as a verifier produces it before the runner measures it. */
export type Judgement = Omit<Verdict, 'ms'>;

export function failed(reason: VerdictReason, details?: Record<string, unknown>): Judgement {
  return { reward: 0, score: 0, passed: false, reason, ...(details ? { details } : {}) };
}

export function succeeded(details?: Record<string, unknown>): Judgement {
  return { reward: 1, score: 1, passed: true, reason: 'correct', ...(details ? { details } : {}) };
}
