import { main } from './main.js';

/** Runs the CLI in-process, capturing what it writes. */
export async function runCli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const captured = { stdout: '', stderr: '' };
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((captured.stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((captured.stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const status = await main(['node', 'rlvr', ...args]);
    return { status, ...captured };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}
