import type { Problem, ProblemSource } from './problem.js';

/** One verified response to a problem, by one version of a policy. */
export interface Attempt {
  problemId: string;
  policyVersion: string;
  reward: number;
  score: number;
  tokens: number;
  ms: number;
  /** Epoch milliseconds; defaults to now. */
  at?: number;
}

/** Running statistics of a problem, kept up to date as attempts arrive. */
export interface ProblemStats {
  problemId: string;
  attempts: number;
  successes: number;
  /** Smoothed pass rate (Beta prior), defined even before the first attempt. */
  passRate: number;
  lastSeen: number | null;
}

export interface ProblemFilter {
  family?: string | string[];
  source?: ProblemSource;
  minDifficulty?: number;
  maxDifficulty?: number;
  /** Problems whose id is in this split (`train`, `heldout`, …) per their metadata. */
  split?: string;
  limit?: number;
}

export interface AddResult {
  added: number;
  duplicates: number;
}

/**
 * Storage of problems, attempts and statistics. SQLite is the embedded implementation; a server
 * database can implement the same interface without touching callers.
 */
export interface CorpusStore {
  addProblems(problems: readonly Problem[]): AddResult;
  getProblem(id: string): Problem | undefined;
  listProblems(filter?: ProblemFilter): Problem[];
  countProblems(filter?: ProblemFilter): number;
  recordAttempts(attempts: readonly Attempt[]): void;
  getStats(problemId: string): ProblemStats | undefined;
  listStats(filter?: ProblemFilter): ProblemStats[];
  /** Small JSON documents keyed by name: sampler and run state that must survive a restart. */
  getState<T>(key: string): T | undefined;
  setState(key: string, value: unknown): void;
  close(): void;
}
