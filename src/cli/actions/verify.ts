import { availableParallelism } from 'node:os';
import { InputError } from '../../core/errors.js';
import { DEFAULT_VERIFY_TIMEOUT_MS, type Verifier } from '../../core/verifier.js';
import type { VerifyCommandOptions } from '../commands/verify.js';
import { UsageError } from '../usage-error.js';
import { openAtomicFile, streamSink, type OutputSink } from '../../verify/atomic-output.js';
import { BatchCancelledError, formatSummary, verifyBatch } from '../../verify/batch.js';
import { createVerifier, describeVerifiers, UnknownVerifierError } from '../../verify/registry.js';

/** Exit status after an interruption, as shells report SIGINT. */
const EXIT_INTERRUPTED = 130;

/** `rlvr verify`: returns the exit status (1 when any line was malformed). */
export async function runVerifyCommand(options: VerifyCommandOptions): Promise<number> {
  if (options.list) {
    for (const { name, description } of describeVerifiers()) process.stdout.write(`${name.padEnd(14)} ${description}\n`);
    return 0;
  }
  if (!options.verifier) throw new UsageError('--verifier <name> is required (see rlvr verify --list)');
  if (!options.input) throw new UsageError('--input <path> is required');
  const config = parseConfigOption(options.config);
  const verifier = await createVerifier(options.verifier).catch((error: unknown) => {
    throw UnknownVerifierError.isInstance(error) ? new UsageError(error.message) : error;
  });
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const sink = await openSink(options.output);
    const summary = await verifyBatch({
      verifier,
      inputPath: options.input,
      sink,
      concurrency: options.concurrency ?? Math.max(2, availableParallelism()),
      timeoutMs: options.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS,
      config,
      report: (message) => process.stderr.write(`rlvr verify: ${message}\n`),
      signal: controller.signal,
    });
    process.stderr.write(`${formatSummary(summary)}\n`);
    return summary.invalid > 0 ? 1 : 0;
  } catch (error) {
    if (BatchCancelledError.isInstance(error)) {
      process.stderr.write(`rlvr verify: ${error.message}\n`);
      return EXIT_INTERRUPTED;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await closeQuietly(verifier);
  }
}

function parseConfigOption(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError('--config must be a JSON object');
  return value as Record<string, unknown>;
}

async function openSink(output: string | undefined): Promise<OutputSink> {
  if (output === undefined) return streamSink(process.stdout);
  return openAtomicFile(output).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`cannot write the output (${error.code ?? error.message})`, { file: output });
  });
}

async function closeQuietly(verifier: Verifier): Promise<void> {
  try {
    await verifier.close?.();
  } catch (error) {
    process.stderr.write(`rlvr verify: closing the verifier failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
