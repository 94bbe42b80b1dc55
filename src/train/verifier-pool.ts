import type { Problem } from '../core/problem.js';
import { runVerifier } from '../core/verifier.js';
import type { Verdict } from '../core/verdict.js';
import { VerifierSet } from '../verify/verifier-set.js';

/**
 * The real verifiers a run needs, created on first use and shared by every rollout, each call
 * under `runVerifier`'s hard timeout so a stuck check costs one zero reward, never a stalled step.
 */
export class VerifierPool {
  private readonly verifiers = new VerifierSet();

  constructor(private readonly timeoutMs = 10_000) {}

  async verify(problem: Problem, response: string): Promise<Verdict> {
    const verifier = await this.verifiers.get(problem.verifier);
    const compact = problem.metadata['compactAnswer'];
    return runVerifier(
      verifier,
      { response, answer: typeof compact === 'string' ? compact : problem.answer, tests: problem.tests, config: problem.verifierConfig, problem },
      { timeoutMs: this.timeoutMs },
    );
  }

  close(): Promise<void> {
    return this.verifiers.close();
  }
}
