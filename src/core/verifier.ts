import type { CodeTests, Problem } from './problem.js';
import { failed, type Judgement, type Verdict } from './verdict.js';

/** What a verifier checks: a model response against a ground truth and/or tests. */
export interface VerifyInput {
  response: string;
  answer?: string;
  tests?: CodeTests | Record<string, unknown>;
  /** Verifier-specific options (tolerance, tags, components, …), validated by the verifier. */
  config?: Record<string, unknown>;
  /** The problem, when the caller has one (judges and tool-using verifiers read its prompt). */
  problem?: Problem;
}

export interface VerifyContext {
  /** Aborted when the caller cancels or the hard timeout fires; long work must watch it. */
  signal: AbortSignal;
  /** Epoch milliseconds by which the verdict is due. */
  deadline: number;
}

export interface Verifier {
  readonly name: string;
  readonly description: string;
  verify(input: VerifyInput, context: VerifyContext): Promise<Judgement>;
  /** Releases pools, isolates and processes. */
  close?(): Promise<void>;
}

export interface RunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const DEFAULT_VERIFY_TIMEOUT_MS = 10_000;

/**
 * Runs a verifier under a hard timeout and cancellation. The verdict is settled when the deadline
 * passes even if the verifier ignores its signal, so a misbehaving check never stalls a step; a
 * verifier that throws yields an `error` verdict instead of a crash.
 */
export async function runVerifier(verifier: Verifier, input: VerifyInput, options: RunOptions = {}): Promise<Verdict> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS;
  const started = performance.now();
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) return { ...failed('cancelled'), ms: 0 };
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Judgement>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('timeout'));
      resolve(failed('timeout', { timeoutMs }));
    }, timeoutMs);
  });
  const cancelled = new Promise<Judgement>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve(failed(options.signal?.aborted ? 'cancelled' : 'timeout', { timeoutMs })), { once: true });
  });
  const checked = verifier
    .verify(input, { signal: controller.signal, deadline: Date.now() + timeoutMs })
    .catch((error: unknown) => failed('error', { message: error instanceof Error ? error.message : String(error) }));

  try {
    const judgement = await Promise.race([checked, timedOut, cancelled]);
    return { ...judgement, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}
