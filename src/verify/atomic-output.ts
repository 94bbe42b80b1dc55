import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

/** Where results go: written in order, with backpressure, and either committed or discarded whole. */
export interface OutputSink {
  write(text: string): Promise<void>;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * A file that appears only when complete: lines go to a temporary file beside it (same directory,
 * so the final rename is atomic) which `commit` renames over the target and `discard` removes.
 */
export async function openAtomicFile(path: string): Promise<OutputSink> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const stream = createWriteStream(temporary, { flags: 'wx' });
  await Promise.race([once(stream, 'open'), once(stream, 'error').then(([error]) => Promise.reject(error))]);
  let finished = false;
  return {
    write: (text) => writeWithBackpressure(stream, text),
    commit: async () => {
      await closeStream(stream);
      finished = true;
      await rename(temporary, path);
    },
    discard: async () => {
      if (!finished) stream.destroy();
      await rm(temporary, { force: true });
    },
  };
}

/** Standard output (or any stream): nothing to commit or discard. */
export function streamSink(stream: Writable): OutputSink {
  return { write: (text) => writeWithBackpressure(stream, text), commit: async () => {}, discard: async () => {} };
}

async function writeWithBackpressure(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function closeStream(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
