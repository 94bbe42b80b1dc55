import type { CodeLanguage } from '../../core/problem.js';
import { failed, type Judgement } from '../../core/verdict.js';
import type { Verifier, VerifyContext, VerifyInput } from '../../core/verifier.js';
import {
  pythonSandboxProblem,
  type IsolatePool,
  runJavaScriptAsserts,
  runJavaScriptCases,
  runPythonAsserts,
  runPythonCases,
  SandboxUnavailableError,
  type PythonAssertItem,
  type PythonSandboxOptions,
  type SandboxResult,
} from '../../sandbox/index.js';
import { normalizeCodeTests, type NormalizedTests } from './code-tests.js';
import { outputsMatch } from './compare-output.js';
import { extractCode } from './extract-code.js';
import { PythonAssertSplitter } from './python-assert-splitter.js';

export interface CodeVerifierOptions {
  /** Per test case (or per assert) when the problem's tests set none. */
  timeoutMs?: number;
  memoryMb?: number;
  outputLimitBytes?: number;
  /** Runs Python without bubblewrap when bwrap is missing. Unsafe: only for trusted code. */
  allowUnsandboxedPython?: boolean;
  /** Where bubblewrap is; defaults to /usr/bin/bwrap. */
  bubblewrapPath?: string;
  /** `binary` (default): reward 1 only when every test passes; `fraction`: reward = pass rate. */
  reward?: 'binary' | 'fraction';
  /** JavaScript isolates; defaults to the sandbox's shared pool (sized to the CPU count), shared with tools. */
  pool?: IsolatePool;
}

/** One test's outcome, as reported in verdict details. */
interface TestOutcome {
  passed: boolean;
  timedOut: boolean;
  error?: string;
}

const REPORTED_FAILURES = 5;

/**
 * Runs model-written code against the problem's tests in a sandbox: stdin/stdout cases and
 * asserts. Score = fraction of tests passed. See src/sandbox for the isolation and
 * src/verify/code/README.md for the defences against cheating programs.
 */
export function createCodeVerifier(options: CodeVerifierOptions = {}): Verifier {
  const splitter = new PythonAssertSplitter();
  return {
    name: 'code',
    description: 'Runs the last fenced code block of the response against stdin/stdout cases and asserts in a sandbox; score = fraction passed.',
    async verify(input, context) {
      const extracted = extractCode(input.response);
      if (!extracted) return failed('no-answer', { message: 'the response has no fenced code block' });
      const parsed = normalizeCodeTests(input.tests ?? input.problem?.tests, extracted.language ?? 'python');
      if ('error' in parsed) return failed('invalid', { message: parsed.error });
      const tests = parsed.tests;
      const language = runLanguage(tests.language, extracted.language);
      if (!language) {
        return failed('wrong', { message: `the code block is ${extracted.language}, the problem wants ${tests.language}` });
      }
      try {
        const outcomes = await runTests(extracted.code, language, tests, input, context, { ...options, splitter });
        if ('invalid' in outcomes) return failed('invalid', { message: outcomes.invalid });
        return judge(outcomes, language, options.reward ?? 'binary');
      } catch (error) {
        if (SandboxUnavailableError.isInstance(error)) return failed('error', { message: error.message });
        throw error;
      }
    },
  };
}

/** A JavaScript block runs as TypeScript for TypeScript problems (and vice versa); Python only as Python. */
function runLanguage(wanted: CodeLanguage, written: CodeLanguage | undefined): CodeLanguage | undefined {
  if (!written || written === wanted) return wanted;
  if (wanted === 'python' || written === 'python') return undefined;
  return written === 'typescript' ? 'typescript' : wanted;
}

interface RunSettings extends CodeVerifierOptions {
  splitter: PythonAssertSplitter;
}

async function runTests(
  code: string,
  language: CodeLanguage,
  tests: NormalizedTests,
  input: VerifyInput,
  context: VerifyContext,
  settings: RunSettings,
): Promise<TestOutcome[] | { invalid: string }> {
  const limits = {
    timeoutMs: tests.timeoutMs ?? settings.timeoutMs ?? 2_000,
    memoryMb: tests.memoryMb ?? settings.memoryMb ?? 256,
    ...(settings.outputLimitBytes !== undefined ? { outputLimitBytes: settings.outputLimitBytes } : {}),
  };
  const caseOutcomes = tests.cases.length === 0 ? [] : await runCases(code, language, tests, limits, context, settings);
  if (tests.asserts.length === 0) return caseOutcomes;
  const assertOutcomes = await runAsserts(code, language, tests.asserts, limits, context, settings, input);
  if ('invalid' in assertOutcomes) return assertOutcomes;
  return [...caseOutcomes, ...assertOutcomes];
}

type Limits = { timeoutMs: number; memoryMb: number; outputLimitBytes?: number };

async function runCases(code: string, language: CodeLanguage, tests: NormalizedTests, limits: Limits, context: VerifyContext, settings: RunSettings): Promise<TestOutcome[]> {
  const inputs = tests.cases.map((testCase) => testCase.input);
  const results: SandboxResult[] =
    language === 'python'
      ? await runPythonCases(code, inputs, pythonOptions(limits, context, settings))
      : await runJavaScriptCases(code, inputs, { ...limits, language, signal: context.signal, ...(settings.pool ? { pool: settings.pool } : {}) });
  return results.map((result, index) => caseOutcome(result, tests.cases[index]!.output));
}

function caseOutcome(result: SandboxResult, expected: string): TestOutcome {
  if (result.error) return { passed: false, timedOut: result.timedOut, error: result.error };
  if (result.timedOut) return { passed: false, timedOut: true, error: 'time limit exceeded' };
  if (result.outputTruncated) return { passed: false, timedOut: false, error: 'output limit exceeded' };
  if (result.exitCode !== 0) return { passed: false, timedOut: false, error: `exit status ${result.exitCode}: ${lastLine(result.stderr)}` };
  if (!outputsMatch(result.stdout, expected)) return { passed: false, timedOut: false, error: 'wrong output' };
  return { passed: true, timedOut: false };
}

async function runAsserts(
  code: string,
  language: CodeLanguage,
  asserts: string[],
  limits: Limits,
  context: VerifyContext,
  settings: RunSettings,
  input: VerifyInput,
): Promise<TestOutcome[] | { invalid: string }> {
  if (language !== 'python') {
    const outcomes = await runJavaScriptAsserts(code, asserts, { ...limits, language, signal: context.signal, ...(settings.pool ? { pool: settings.pool } : {}) });
    return outcomes.map(({ passed, timedOut, error }) => ({ passed, timedOut, ...(error ? { error } : {}) }));
  }
  const sandbox = pythonOptions(limits, context, settings);
  const problem = pythonSandboxProblem(settings.bubblewrapPath);
  if (problem && !settings.allowUnsandboxedPython) throw new SandboxUnavailableError(problem);
  const split = await settings.splitter.split(asserts, sandbox);
  const invalid = split.findIndex((item) => item.kind === 'invalid');
  if (invalid >= 0) {
    const item = split[invalid] as { message: string };
    return { invalid: `tests: field "asserts.${invalid}" (${input.problem?.id ?? 'problem'}): ${item.message}` };
  }
  const items = split.flatMap((item): PythonAssertItem[] => (item.kind === 'invalid' ? [] : [{ kind: item.kind, source: item.source }]));
  const results = await runPythonAsserts(code, items, sandbox);
  const outcomes: TestOutcome[] = [];
  split.forEach((item, index) => {
    const result = results[index];
    if (item.kind === 'setup' || item.kind === 'invalid') return;
    if (!result || result.status !== 'value') {
      outcomes.push({ passed: false, timedOut: result?.status === 'timeout', error: result?.value ?? 'no result' });
      return;
    }
    const passed = item.kind === 'value' ? result.value === item.expected : result.value === 'T';
    outcomes.push({ passed, timedOut: false, ...(passed ? {} : { error: 'assertion failed' }) });
  });
  return outcomes;
}

function pythonOptions(limits: Limits, context: VerifyContext, settings: RunSettings): PythonSandboxOptions {
  return {
    ...limits,
    signal: context.signal,
    allowUnsandboxedPython: settings.allowUnsandboxedPython ?? false,
    ...(settings.bubblewrapPath !== undefined ? { bubblewrapPath: settings.bubblewrapPath } : {}),
  };
}

function judge(outcomes: TestOutcome[], language: CodeLanguage, reward: 'binary' | 'fraction'): Judgement {
  const total = outcomes.length;
  const passedCount = outcomes.filter((outcome) => outcome.passed).length;
  const score = total === 0 ? 0 : passedCount / total;
  const allPassed = total > 0 && passedCount === total;
  const failures = outcomes
    .map((outcome, index) => ({ index, ...outcome }))
    .filter((outcome) => !outcome.passed)
    .slice(0, REPORTED_FAILURES);
  const onlyTimeouts = !allPassed && outcomes.every((outcome) => outcome.passed || outcome.timedOut);
  const reason = allPassed ? 'correct' : onlyTimeouts ? 'timeout' : passedCount > 0 ? 'partial' : 'wrong';
  return {
    reward: reward === 'fraction' ? score : allPassed ? 1 : 0,
    score,
    passed: allPassed,
    reason,
    details: { language, total, passed: passedCount, failures },
  };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
