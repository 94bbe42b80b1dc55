import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { Semaphore } from '../core/semaphore.js';
import { compiledPythonHarness, type CompiledPythonHarness } from './compiled-python-harness.js';
import { resolveLimits, type SandboxLimits, type SandboxResult, type SandboxRunOptions } from './types.js';

export const BUBBLEWRAP = '/usr/bin/bwrap';
export const SYSTEM_PYTHON = '/usr/bin/python3';
/** Extra wall time per run for forking and reporting, beyond the program's own limit. */
const OVERHEAD_MS = 1_500;
const MAX_PROCESSES = 32;
const MAX_FILE_BYTES = 16 * 1024 * 1024;
// tmpfs lives in host memory: the writable mounts get a size, and /dev is read-only.
const TEMPORARY_FILES_BYTES = 64 * 1024 * 1024;
const SHARED_MEMORY_BYTES = 1024 * 1024;
/** When the host runs as root, each sandbox runs as a fresh unprivileged uid from this range. */
const FIRST_SANDBOX_UID = 61_000;
const SANDBOX_UID_COUNT = 4_000;

export interface PythonSandboxOptions extends SandboxLimits {
  /** Runs Python without bubblewrap when it is missing. Only for trusted code. */
  allowUnsandboxedPython?: boolean;
  /** Where bubblewrap is; defaults to /usr/bin/bwrap. */
  bubblewrapPath?: string;
  signal?: AbortSignal;
}

/** One assert prepared for the sandbox: the expected value (if any) stays on the host. */
export type PythonAssertItem =
  | { kind: 'value'; source: string }
  | { kind: 'truth'; source: string }
  | { kind: 'setup'; source: string };

/** An assert split by the sandbox: `expected` is the canonical encoding of the expected value. */
export type SplitPythonAssert =
  | { kind: 'value'; source: string; expected: string }
  | { kind: 'truth'; source: string }
  | { kind: 'setup'; source: string }
  | { kind: 'invalid'; message: string };

export interface PythonAssertOutcome {
  status: 'value' | 'error' | 'timeout';
  /** Canonical encoding of the value, `T`/`F` for truth items, or the error's name. */
  value: string;
}

export class SandboxUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxUnavailableError';
  }

  static isInstance(error: unknown): error is SandboxUnavailableError {
    return error instanceof Error && error.name === 'SandboxUnavailableError';
  }
}

/**
 * Sandboxes running at once. A sandbox also waits off the CPU (namespace set-up and teardown,
 * process start-up), so one per core leaves cores idle: 2 per core measured +25 % runs/s.
 */
const limit = new Semaphore(cpus().length * 2);
let harnessCpuMs = 0;
// Processes on this host that run sandboxes start at different points of the uid range.
let nextUid = randomInt(SANDBOX_UID_COUNT);

/** Why Python cannot run sandboxed here, or undefined when it can. */
export function pythonSandboxProblem(bubblewrapPath = BUBBLEWRAP): string | undefined {
  if (!existsSync(bubblewrapPath)) return `bubblewrap (bwrap) is missing at ${bubblewrapPath}: install the "bubblewrap" package to run Python`;
  if (!existsSync(SYSTEM_PYTHON)) return `no system Python at ${SYSTEM_PYTHON}: install the "python3" package`;
  return undefined;
}

/**
 * CPU time used so far by this process's Python sandboxes, as their harnesses report it (the
 * harness and its program processes; not bubblewrap's own set-up): the sandboxes' processes are
 * not all reaped by this process, so its resource usage misses them.
 */
export function pythonSandboxCpuSeconds(): number {
  return harnessCpuMs / 1000;
}

export async function runPython(code: string, options: SandboxRunOptions & PythonSandboxOptions = {}): Promise<SandboxResult> {
  const [result] = await runPythonCases(code, [options.stdin ?? ''], options);
  return result!;
}

/** Runs one program once per stdin input, in one sandbox (a fresh process per input). */
export async function runPythonCases(code: string, inputs: readonly string[], options: PythonSandboxOptions = {}): Promise<SandboxResult[]> {
  const limits = resolveLimits(options);
  const budgetMs = inputs.length * (limits.timeoutMs + OVERHEAD_MS) + OVERHEAD_MS;
  const request = { mode: 'cases', code, inputs, timeoutMs: limits.timeoutMs, outputLimitBytes: limits.outputLimitBytes };
  const report = await runHarness(request, limits, budgetMs, options);
  if ('failure' in report) return inputs.map(() => failedRun(report.failure, report.timedOut));
  return report.output.cases as SandboxResult[];
}

/** Runs the program, then each item; values come back encoded, to be compared on the host. */
export async function runPythonAsserts(code: string, items: readonly PythonAssertItem[], options: PythonSandboxOptions = {}): Promise<PythonAssertOutcome[]> {
  const limits = resolveLimits(options);
  const budgetMs = (items.length + 1) * (limits.timeoutMs + OVERHEAD_MS);
  const nonce = randomBytes(16).toString('hex');
  const request = { mode: 'asserts', code, items, nonce, timeoutMs: limits.timeoutMs };
  const report = await runHarness(request, limits, budgetMs, options);
  if ('failure' in report) return items.map(() => ({ status: report.timedOut ? 'timeout' : 'error', value: report.failure }) as const);
  return report.output.items as PythonAssertOutcome[];
}

/** Splits assert statements into what to evaluate in the sandbox and the expected values. */
export async function splitPythonAsserts(asserts: readonly string[], options: PythonSandboxOptions = {}): Promise<SplitPythonAssert[]> {
  const limits = resolveLimits({ ...options, timeoutMs: Math.max(options.timeoutMs ?? 0, 5_000) });
  const report = await runHarness({ mode: 'split', asserts }, limits, limits.timeoutMs, options);
  if ('failure' in report) throw new Error(`could not read the asserts: ${report.failure}`);
  return report.output.items as SplitPythonAssert[];
}

type HarnessReport = { output: Record<string, unknown> } | { failure: string; timedOut: boolean };

async function runHarness(request: object, limits: Required<SandboxLimits>, budgetMs: number, options: PythonSandboxOptions): Promise<HarnessReport> {
  const bubblewrapPath = options.bubblewrapPath ?? BUBBLEWRAP;
  const problem = pythonSandboxProblem(bubblewrapPath);
  if (problem && !(options.allowUnsandboxedPython && existsSync(SYSTEM_PYTHON))) throw new SandboxUnavailableError(problem);
  const harness = await compiledPythonHarness(SYSTEM_PYTHON);
  const command = problem ? unsandboxedCommand(harness, limits, budgetMs) : sandboxedCommand(bubblewrapPath, harness, limits, budgetMs);
  const input = Buffer.concat([harness.bytecode, Buffer.from(JSON.stringify({ ...request, isolated: command.isolated }))]);
  return limit.run(() => spawnHarness(command, input, budgetMs, options.signal));
}

/** Set by the harness as hard limits before it reads the request (see python-harness.py). */
function resourceLimits(limits: Required<SandboxLimits>, budgetMs: number): string[] {
  return [
    `AS=${limits.memoryMb * 1024 * 1024}`,
    `CPU=${Math.ceil(budgetMs / 1000) + 1}`,
    `NPROC=${MAX_PROCESSES}`,
    `FSIZE=${MAX_FILE_BYTES}`,
    'NOFILE=256',
    'CORE=0',
  ];
}

interface Command {
  file: string;
  args: string[];
  uid?: number;
  /** The harness runs in its own pid namespace, so it may kill every other process it sees. */
  isolated: boolean;
}

/** `-S`: no `site` (see the harness); `-B`: /usr is read-only anyway. */
function pythonArgs(harness: CompiledPythonHarness, limits: Required<SandboxLimits>, budgetMs: number): string[] {
  return [SYSTEM_PYTHON, '-I', '-S', '-B', '-c', harness.bootstrap, ...resourceLimits(limits, budgetMs)];
}

/**
 * bubblewrap: a new user, pid, network, ipc, uts and cgroup namespace; only /usr (read-only), a
 * read-only /dev and small private /tmp and /dev/shm are visible: not the project, the home
 * directory, /etc or /proc.
 */
function sandboxedCommand(bubblewrapPath: string, harness: CompiledPythonHarness, limits: Required<SandboxLimits>, budgetMs: number): Command {
  const bubblewrapArgs = [
    '--ro-bind', '/usr', '/usr',
    '--symlink', 'usr/lib', '/lib',
    '--symlink', 'usr/lib64', '/lib64',
    '--symlink', 'usr/bin', '/bin',
    '--dev', '/dev',
    '--size', String(SHARED_MEMORY_BYTES), '--tmpfs', '/dev/shm',
    '--remount-ro', '/dev',
    '--size', String(TEMPORARY_FILES_BYTES), '--tmpfs', '/tmp',
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--chdir', '/tmp',
    '--clearenv',
    '--setenv', 'PATH', '/usr/bin:/bin',
    '--setenv', 'LANG', 'C.UTF-8',
    '--setenv', 'HOME', '/tmp',
    ...pythonArgs(harness, limits, budgetMs),
  ];
  return { file: bubblewrapPath, args: bubblewrapArgs, uid: sandboxUid(), isolated: true };
}

function unsandboxedCommand(harness: CompiledPythonHarness, limits: Required<SandboxLimits>, budgetMs: number): Command {
  const [file, ...args] = pythonArgs(harness, limits, budgetMs);
  return { file: file!, args, uid: sandboxUid(), isolated: false };
}

/**
 * The process limit (RLIMIT_NPROC) counts per user and does not apply to root, so a root host
 * runs each sandbox as its own unprivileged uid; a uid is reused only thousands of runs later,
 * after the kernel has released the previous sandbox's processes.
 */
function sandboxUid(): number | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = FIRST_SANDBOX_UID + (nextUid % SANDBOX_UID_COUNT);
  nextUid++;
  return uid;
}

function spawnHarness(command: Command, input: Buffer, budgetMs: number, signal?: AbortSignal): Promise<HarnessReport> {
  return new Promise((resolve) => {
    const child = spawn(command.file, command.args, {
      cwd: '/',
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(command.uid !== undefined ? { uid: command.uid, gid: command.uid } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stopped: string | undefined;
    let timedOut = false;
    const stop = (reason: string) => {
      stopped ??= reason;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop(`the sandbox ran past its ${budgetMs} ms budget`);
    }, budgetMs);
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > 64 * 1024 * 1024) stop('the sandbox report was too large');
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64) stderr.push(chunk);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    child.on('error', (error) => stop(`could not start the sandbox: ${error.message}`));
    child.on('close', () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (stopped) return resolve({ failure: stopped, timedOut });
      const text = Buffer.concat(stdout).toString('utf8').trim();
      try {
        const output = JSON.parse(text.slice(text.lastIndexOf('\n') + 1)) as Record<string, unknown>;
        if (typeof output.cpuMs === 'number') harnessCpuMs += output.cpuMs;
        resolve({ output });
      } catch {
        const message = Buffer.concat(stderr).toString('utf8').trim().slice(0, 2_000);
        resolve({ failure: `the sandbox failed${message ? `: ${message}` : ''}`, timedOut: false });
      }
    });
  });
}

function failedRun(error: string, timedOut: boolean): SandboxResult {
  return { stdout: '', stderr: '', exitCode: null, timedOut, outputTruncated: false, error, ms: 0 };
}
