import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
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

export function readRecords(path: string): AsyncIterable<PositionedRecord> {
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) throw new InputError('no such file', { file: path });
  return fileKindOf(path) === 'parquet' ? readParquetRecords(path) : readJsonLines(path);
}

async function* readJsonLines(path: string): AsyncIterable<PositionedRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      yield { record: JSON.parse(text), line };
    } catch (error) {
      yield { record: undefined, line, syntaxError: `not valid JSON (${(error as Error).message})` };
    }
  }
}

const PARQUET_ROWS_PER_READ = 10_000;

async function* readParquetRecords(path: string): AsyncIterable<PositionedRecord> {
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
    for (const [offset, record] of records.entries()) yield { record: plainValue(record), row: start + offset + 1 };
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
