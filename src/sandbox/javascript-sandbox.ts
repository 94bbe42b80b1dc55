import ivm from 'isolated-vm';
import { IsolatePool, type IsolateLease } from './isolate-pool.js';
import { OutputCollector } from './output-collector.js';
import { splitJavaScriptAssert, type PreparedAssert } from './split-javascript-assert.js';
import { transpileTypeScript } from './transpile-typescript.js';
import { resolveLimits, type SandboxLimits, type SandboxResult, type SandboxRunOptions } from './types.js';

export interface JavaScriptSandboxOptions extends SandboxLimits {
  /** TypeScript is transpiled on the host (safe), then run like JavaScript. */
  language?: 'javascript' | 'typescript';
  /** Defaults to a shared pool sized to the CPU count. */
  pool?: IsolatePool;
  /** Stops before the next case or assert once aborted (the one running ends at its time limit). */
  signal?: AbortSignal;
}

export interface JavaScriptAssertOutcome {
  passed: boolean;
  timedOut: boolean;
  /** Why the assert failed (its message, or what stopped the program). */
  error?: string;
}

let sharedPool: IsolatePool | undefined;

function defaultPool(): IsolatePool {
  sharedPool ??= new IsolatePool();
  return sharedPool;
}

/** Disposes the shared pool's isolates (a new pool is made on next use). */
export function closeJavaScriptSandbox(): void {
  sharedPool?.close();
  sharedPool = undefined;
}

export async function runJavaScript(code: string, options: SandboxRunOptions & JavaScriptSandboxOptions = {}): Promise<SandboxResult> {
  const [result] = await runJavaScriptCases(code, [options.stdin ?? ''], options);
  return result!;
}

/** Runs one program once per stdin input, each in a fresh context of a pooled isolate. */
export async function runJavaScriptCases(code: string, inputs: readonly string[], options: JavaScriptSandboxOptions = {}): Promise<SandboxResult[]> {
  const limits = resolveLimits(options);
  const source = await prepareSource(code, options.language);
  return (options.pool ?? defaultPool()).withIsolate(limits.memoryMb, async (lease) => {
    const compiled = await compileProgram(lease, source);
    const results: SandboxResult[] = [];
    for (const input of inputs) {
      if (options.signal?.aborted) results.push(programFailure('cancelled'));
      else if (typeof compiled === 'string') results.push(programFailure(compiled));
      else results.push(await runInFreshContext(lease, compiled, input, limits, async () => undefined));
    }
    return results;
  });
}

/**
 * Runs the program, then each assert statement as the body of a strict-mode function whose
 * `assert` parameter is the harness's frozen helper: a passing assert is one that returns.
 * Expected values of comparison asserts are computed in a context that never ran model code
 * (see split-javascript-assert.ts). `assert EXPR` (Python style) is read as `assert(EXPR)`.
 */
export async function runJavaScriptAsserts(code: string, asserts: readonly string[], options: JavaScriptSandboxOptions = {}): Promise<JavaScriptAssertOutcome[]> {
  const limits = resolveLimits(options);
  const source = await prepareSource(code, options.language);
  const prepared = await Promise.all(asserts.map((statement) => prepareAssert(statement, options.language)));
  return (options.pool ?? defaultPool()).withIsolate(limits.memoryMb, async (lease) => {
    const compiled = await compileProgram(lease, source);
    if (typeof compiled === 'string') return asserts.map(() => ({ passed: false, timedOut: false, error: compiled }));
    const checks = await evaluateExpectedValues(lease, prepared, limits.timeoutMs);
    const outcomes: JavaScriptAssertOutcome[] = [];
    const program = await runInFreshContext(lease, compiled, '', limits, async (context, assert) => {
      for (const check of checks) {
        if (options.signal?.aborted) outcomes.push({ passed: false, timedOut: false, error: 'cancelled' });
        else outcomes.push(await runAssert(lease, context, assert, check, limits.timeoutMs));
      }
    });
    if (program.exitCode !== 0) {
      const error = program.error ?? (program.stderr.trim() || 'the program failed before the asserts ran');
      return asserts.map(() => ({ passed: false, timedOut: program.timedOut, error }));
    }
    return outcomes;
  });
}

interface AssertCheck {
  body: string;
  /** The expected value, copied out of a clean context; absent when the body computes its own. */
  expected?: { value: unknown };
}

/** Prepared asserts by language and text: every response to a problem shares its asserts. */
const preparedAsserts = new Map<string, Promise<PreparedAssert>>();
const PREPARED_ASSERTS_KEPT = 4_096;

function prepareAssert(statement: string, language: JavaScriptSandboxOptions['language']): Promise<PreparedAssert> {
  const key = `${language ?? 'javascript'}\n${statement}`;
  let prepared = preparedAsserts.get(key);
  if (!prepared) {
    prepared = prepareAssertUncached(statement, language);
    preparedAsserts.set(key, prepared);
    if (preparedAsserts.size > PREPARED_ASSERTS_KEPT) preparedAsserts.delete(preparedAsserts.keys().next().value!);
  }
  return prepared;
}

async function prepareAssertUncached(statement: string, language: JavaScriptSandboxOptions['language']): Promise<PreparedAssert> {
  const split = await splitJavaScriptAssert(statement);
  if (language !== 'typescript') return split;
  return {
    body: await transpileTypeScript(split.body),
    whole: await transpileTypeScript(split.whole),
    ...(split.expectedSource !== undefined ? { expectedSource: await transpileTypeScript(split.expectedSource) } : {}),
  };
}

/** Expected values that cannot be computed without the program (they call its functions) stay in the body. */
async function evaluateExpectedValues(lease: IsolateLease, prepared: PreparedAssert[], timeoutMs: number): Promise<AssertCheck[]> {
  if (!prepared.some((item) => item.expectedSource !== undefined)) return prepared.map(({ whole }) => ({ body: whole }));
  const context = await lease.isolate.createContext();
  try {
    const checks: AssertCheck[] = [];
    for (const item of prepared) {
      if (item.expectedSource === undefined) {
        checks.push({ body: item.whole });
        continue;
      }
      try {
        const value: unknown = await context.eval(item.expectedSource, { copy: true, timeout: timeoutMs });
        checks.push({ body: item.body, expected: { value } });
      } catch {
        checks.push({ body: item.whole });
      }
    }
    return checks;
  } finally {
    if (!lease.isolate.isDisposed) context.release();
  }
}

async function prepareSource(code: string, language: JavaScriptSandboxOptions['language']): Promise<string> {
  return language === 'typescript' ? transpileTypeScript(code) : code;
}

async function compileProgram(lease: IsolateLease, source: string): Promise<ivm.Script | string> {
  try {
    return await lease.isolate.compileScript(source, { filename: 'solution.js' });
  } catch (error) {
    return describeError(error);
  }
}

type AfterProgram = (context: ivm.Context, assert: ivm.Reference<unknown>) => Promise<void>;

async function runInFreshContext(lease: IsolateLease, program: ivm.Script, input: string, limits: Required<SandboxLimits>, after: AfterProgram): Promise<SandboxResult> {
  const started = performance.now();
  const output = new OutputCollector(limits.outputLimitBytes);
  let context: ivm.Context | undefined;
  try {
    context = await lease.isolate.createContext();
    const bootstrap = (await lease.bootstrap.run(context, { reference: true, timeout: limits.timeoutMs })) as ivm.Reference<unknown>;
    const write = new ivm.Callback((stream: string, text: string) => output.write(stream, text));
    const assert = (await bootstrap.apply(undefined, [write, input], { result: { reference: true }, timeout: limits.timeoutMs })) as ivm.Reference<unknown>;
    await program.run(context, { timeout: limits.timeoutMs });
    await after(context, assert);
    return { ...output.result(), exitCode: 0, timedOut: false, ms: performance.now() - started };
  } catch (error) {
    return stoppedRun(error, lease, output, performance.now() - started);
  } finally {
    if (context && !lease.isolate.isDisposed) context.release();
  }
}

async function runAssert(lease: IsolateLease, context: ivm.Context, assert: ivm.Reference<unknown>, check: AssertCheck, timeoutMs: number): Promise<JavaScriptAssertOutcome> {
  if (lease.isolate.isDisposed) return { passed: false, timedOut: false, error: 'the isolate was stopped (memory limit)' };
  try {
    // Strict mode also hides the wrapper (and so the assert's text) from `f.caller` in the program.
    const wrapper = `(function (assert, expected) {\n'use strict';\n${check.body}\n})`;
    const run = (await context.eval(wrapper, { reference: true, timeout: timeoutMs })) as ivm.Reference<unknown>;
    const expected = check.expected ? new ivm.ExternalCopy(check.expected.value).copyInto() : undefined;
    await run.apply(undefined, [assert.derefInto(), expected], { timeout: timeoutMs });
    return { passed: true, timedOut: false };
  } catch (error) {
    const message = describeError(error);
    return { passed: false, timedOut: isTimeout(message), error: message };
  }
}

function stoppedRun(error: unknown, lease: IsolateLease, output: OutputCollector, ms: number): SandboxResult {
  const message = describeError(error);
  const collected = output.result();
  if (isTimeout(message)) return { ...collected, exitCode: null, timedOut: true, ms };
  if (lease.isolate.isDisposed) return { ...collected, exitCode: null, timedOut: false, error: 'memory limit exceeded', ms };
  if (collected.outputTruncated) return { ...collected, exitCode: null, timedOut: false, ms };
  return { ...collected, stderr: collected.stderr + message + '\n', exitCode: 1, timedOut: false, ms };
}

function programFailure(message: string): SandboxResult {
  return { stdout: '', stderr: message + '\n', exitCode: 1, timedOut: false, outputTruncated: false, ms: 0 };
}

function isTimeout(message: string): boolean {
  return message.includes('Script execution timed out');
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack && error.stack.startsWith(error.name) ? error.stack.split('\n    at ')[0]! : `${error.name}: ${error.message}`;
  return String(error);
}
