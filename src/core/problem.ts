/** Where a problem came from; kept for provenance and for reports. */
export type ProblemSource = 'seed' | 'generated' | 'imported' | 'proposed';

export type CodeLanguage = 'python' | 'javascript' | 'typescript';

/** One stdin → expected-stdout pair of a code problem. */
export interface CodeCase {
  input: string;
  output: string;
}

/** Hidden tests of a code problem, in the canonical spelling (see verify/code for the accepted aliases). */
export interface CodeTests {
  language: CodeLanguage;
  cases?: CodeCase[];
  asserts?: string[];
  timeoutMs?: number;
  memoryMb?: number;
}

/**
 * A problem the policy is asked to solve. The verifier named here decides whether a response is
 * right, using `answer` (ground truth) and/or `tests`.
 */
export interface Problem {
  id: string;
  family: string;
  prompt: string;
  answer?: string;
  tests?: CodeTests;
  /** Name of a verifier in the registry (`math`, `code`, `match`, …). */
  verifier: string;
  verifierConfig?: Record<string, unknown>;
  /** Difficulty in [0, 1]: the generator's knob for procedural problems, an estimate otherwise. */
  difficulty: number;
  source: ProblemSource;
  parents?: string[];
  metadata: Record<string, unknown>;
}
