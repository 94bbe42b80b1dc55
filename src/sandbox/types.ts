/** Limits of one sandboxed program run. */
export interface SandboxLimits {
  /** Wall-clock limit of one run (one stdin input, or one assert). */
  timeoutMs?: number;
  /** Heap limit (JavaScript) or address-space limit (Python), in MiB. */
  memoryMb?: number;
  /** Bytes kept of each of stdout and stderr; the run is stopped when a stream goes past it. */
  outputLimitBytes?: number;
}

export interface SandboxRunOptions extends SandboxLimits {
  stdin?: string;
}

/** What a program did in the sandbox. */
export interface SandboxResult {
  stdout: string;
  stderr: string;
  /** Process exit status; null when the run was stopped (timeout, output cap, memory limit). */
  exitCode: number | null;
  timedOut: boolean;
  outputTruncated: boolean;
  /** The sandbox refused or failed to run the program (not the program's own failure). */
  error?: string;
  ms: number;
}

export const DEFAULT_TIMEOUT_MS = 2_000;
export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_OUTPUT_LIMIT_BYTES = 64 * 1024;

export function resolveLimits(limits: SandboxLimits): Required<SandboxLimits> {
  return {
    timeoutMs: limits.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    memoryMb: limits.memoryMb ?? DEFAULT_MEMORY_MB,
    outputLimitBytes: limits.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES,
  };
}
