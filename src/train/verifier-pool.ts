import type { Problem } from '../core/problem.js';
import { runVerifier, type Verifier } from '../core/verifier.js';
import type { Verdict } from '../core/verdict.js';
import { createVerifier } from '../verify/registry.js';

/**
 * The real verifiers a run needs, created on first use and shared by every rollout, each call
 * under `runVerifier`'s hard timeout so a stuck check costs one zero reward, never a stalled step.
 */
export class VerifierPool {
  private readonly verifiers = new Map<string, Promise<Verifier>>();

  constructor(private readonly timeoutMs = 10_000) {}

  async verify(problem: Problem, response: string): Promise<Verdict> {
    const verifier = await this.get(problem.verifier);
    const compact = problem.metadata['compactAnswer'];
    return runVerifier(
      verifier,
      { response, answer: typeof compact === 'string' ? compact : problem.answer, tests: problem.tests, config: problem.verifierConfig, problem },
      { timeoutMs: this.timeoutMs },
    );
  }

  async close(): Promise<void> {
    const verifiers = await Promise.all(this.verifiers.values());
    await Promise.all(verifiers.map((verifier) => verifier.close?.()));
    this.verifiers.clear();
  }

  private get(name: string): Promise<Verifier> {
    let verifier = this.verifiers.get(name);
    if (verifier === undefined) {
      verifier = createVerifier(name);
      this.verifiers.set(name, verifier);
    }
    return verifier;
  }
}
