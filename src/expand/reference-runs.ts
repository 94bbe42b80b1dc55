import type { CodeLanguage } from '../core/problem.js';
import { runJavaScriptCases, runPythonCases, type IsolatePool, type SandboxResult } from '../sandbox/index.js';

/** One run of a reference program over its problem's inputs, reduced to facts two runs can be compared on. */
export interface ProgramRun {
  /** Per input: stdout and exit status, exactly. */
  outputs: string[];
  /** The first limit hit (time, memory, output) or sandbox refusal, if any. */
  stopped?: string;
}

export interface ProgramRunOptions {
  timeoutMs: number;
  pool?: IsolatePool;
}

/**
 * Runs a model-written program once per input, in the sandbox only. An empty input list still
 * runs the program once (with empty stdin), so programs checked by asserts are exercised too.
 */
export async function runProgram(code: string, language: CodeLanguage, inputs: readonly string[], options: ProgramRunOptions): Promise<ProgramRun> {
  const limits = { timeoutMs: options.timeoutMs, memoryMb: 128, outputLimitBytes: 16 * 1024 };
  const stdins = inputs.length > 0 ? inputs : [''];
  const results =
    language === 'python'
      ? await runPythonCases(code, stdins, limits)
      : await runJavaScriptCases(code, stdins, { ...limits, language, ...(options.pool ? { pool: options.pool } : {}) });
  let stopped: string | undefined;
  const outputs = results.map((result: SandboxResult) => {
    const reason = result.timedOut ? 'ran past its time limit' : result.outputTruncated ? 'wrote more output than allowed' : result.error;
    stopped ??= reason;
    return `${result.stdout}\u0000${result.exitCode}`;
  });
  return { outputs, ...(stopped ? { stopped } : {}) };
}
