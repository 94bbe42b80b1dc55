import { isAscii } from 'node:buffer';
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { InputError } from '../core/errors.js';

export type FileKind = 'jsonl' | 'parquet';

/** One record of an input file and where it was: a 1-based line (JSONL) or row (Parquet). */
export interface PositionedRecord {
  record: unknown;
  line?: number;
  row?: number;
  /** Set instead of `record` when the line is not JSON. */
  syntaxError?: string;
}

export function fileKindOf(path: string): FileKind {
  if (/\.parquet$/i.test(path)) return 'parquet';
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return 'jsonl';
  throw new InputError('unknown file type (expected .jsonl, .ndjson or .parquet)', { file: path });
}

export interface RecordBatch {
  records: PositionedRecord[];
  /** How many records the whole file holds: exact for Parquet, extrapolated from the bytes read so far for JSONL. */
  expectedTotal: number;
}

/** The records of a JSONL or Parquet file, a batch at a time (one promise per batch, not per record). */
export function readRecordBatches(path: string): AsyncIterable<RecordBatch> {
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) throw new InputError('no such file', { file: path });
  return fileKindOf(path) === 'parquet' ? readParquetRecords(path) : readJsonLines(path);
}

const JSONL_CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * Lines end at `\n` (a `\r` before it is whitespace to JSON.parse); blank lines are skipped but
 * counted. One buffer is reused: each read is cut after its last newline byte (which never occurs
 * inside a UTF-8 sequence, so the piece decodes on its own) and the unfinished line moves to the front.
 */
async function* readJsonLines(path: string): AsyncIterable<RecordBatch> {
  const handle = await open(path, 'r');
  try {
    const fileBytes = (await handle.stat()).size;
    let consumedBytes = 0;
    let records = 0;
    const batchOf = (batch: PositionedRecord[]): RecordBatch => {
      records += batch.length;
      return { records: batch, expectedTotal: Math.max(records, Math.round((records * fileBytes) / Math.max(1, consumedBytes))) };
    };
    let buffer = Buffer.allocUnsafe(JSONL_CHUNK_BYTES);
    let carried = 0;
    let line = 0;
    for (;;) {
      if (carried === buffer.length) buffer = Buffer.concat([buffer], buffer.length * 2); // one line longer than the buffer
      const { bytesRead } = await handle.read(buffer, carried, buffer.length - carried, null);
      const available = carried + bytesRead;
      if (bytesRead === 0) {
        const batch: PositionedRecord[] = [];
        if (available > 0) pushLine(batch, decoded(buffer.subarray(0, available)), line + 1);
        consumedBytes = fileBytes;
        yield batchOf(batch);
        return;
      }
      const end = buffer.lastIndexOf(NEWLINE, available - 1);
      if (end === -1) {
        carried = available;
        continue;
      }
      const text = decoded(buffer.subarray(0, end + 1));
      consumedBytes += end + 1;
      buffer.copyWithin(0, end + 1, available);
      carried = available - end - 1;
      const batch: PositionedRecord[] = [];
      for (let start = 0; start < text.length; ) {
        const stop = text.indexOf('\n', start);
        line += 1;
        pushLine(batch, text.slice(start, stop), line);
        start = stop + 1;
      }
      yield batchOf(batch);
    }
  } finally {
    await handle.close();
  }
}

/**
 * UTF-8 text of the bytes (invalid sequences become U+FFFD). Pure ASCII, the usual JSONL, decodes
 * as Latin-1 to the same string about 20 times faster than Node 20's UTF-8 decoder.
 */
function decoded(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

function pushLine(batch: PositionedRecord[], text: string, line: number): void {
  if (text.trim() === '') return;
  try {
    batch.push({ record: JSON.parse(text), line });
  } catch (error) {
    batch.push({ record: undefined, line, syntaxError: `not valid JSON (${(error as Error).message})` });
  }
}

const PARQUET_ROWS_PER_READ = 10_000;

async function* readParquetRecords(path: string): AsyncIterable<RecordBatch> {
  let file;
  let metadata;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new InputError(`not a readable Parquet file (${(error as Error).message})`, { file: path });
  }
  const rows = Number(metadata.num_rows);
  for (let start = 0; start < rows; start += PARQUET_ROWS_PER_READ) {
    const records = await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: Math.min(rows, start + PARQUET_ROWS_PER_READ) });
    yield { records: records.map((record, offset) => ({ record: plainValue(record), row: start + offset + 1 })), expectedTotal: rows };
  }
}

/** Parquet INT64 arrives as bigint; JSON-like data needs plain numbers (or text beyond 2^53). */
function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(plainValue);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plainValue(inner)]));
  }
  return value;
}
