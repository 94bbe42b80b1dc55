import { InputError, type InputLocation } from '../core/errors.js';
import type { FieldMapping } from './field-mapping.js';
import type { NearDuplicateCheck } from './near-duplicate-check.js';
import { normalizedHash } from './normalize-text.js';
import { fileKindOf, readRecordBatches, type FileKind, type PositionedRecord } from './read-records.js';
import { recordToProblem, type RecordDefaults, type RecordLayout } from './record-to-problem.js';
import type { HashedProblem, SqliteCorpus } from './sqlite-corpus.js';
import { looksLikeVerl } from './verl-layout.js';

export interface ImportOptions extends RecordDefaults {
  /** `auto` recognizes veRL records by their message-list prompt and reward_model. */
  layout?: RecordLayout | 'auto';
  mappings?: readonly FieldMapping[];
  /** Report invalid records and import the rest, instead of rejecting the whole file. */
  skipInvalid?: boolean;
  /** Near duplicates are looked up here (and the accepted problems added to it); omit to skip the check. */
  nearDuplicates?: NearDuplicateCheck;
}

export interface RecordPosition {
  line?: number;
  row?: number;
}

export interface ExactDuplicate extends RecordPosition {
  id: string;
  duplicateOf: string;
  /** `file`: an earlier record of the same file; `corpus`: a problem already stored. */
  where: 'file' | 'corpus';
  reason: 'same prompt' | 'same id';
}

export interface NearDuplicate extends RecordPosition {
  id: string;
  similarTo: string;
  similarity: number;
  where: 'file' | 'corpus';
}

export interface InvalidRecord extends RecordPosition {
  field: string;
  message: string;
}

export interface ImportReport {
  file: string;
  kind: FileKind;
  layout: RecordLayout;
  records: number;
  added: number;
  exactDuplicates: ExactDuplicate[];
  /** Near duplicates are imported; the pairs are reported for review. */
  nearDuplicates: NearDuplicate[];
  invalid: InvalidRecord[];
}

/**
 * Imports one JSONL or Parquet file in one transaction, streamed a batch of records at a time: a
 * bad record rolls the whole file back (an InputError naming its line or row and field) unless
 * `skipInvalid` is set. Exact duplicates (same id or same normalized prompt, within the file or
 * against the corpus) are skipped; near duplicates are imported and reported. A failed import
 * closes its near-duplicate check, whose index would otherwise keep the rolled-back problems.
 */
export async function importFile(corpus: SqliteCorpus, file: string, options: ImportOptions = {}): Promise<ImportReport> {
  const kind = fileKindOf(file);
  const report: ImportReport = { file, kind, layout: 'rlvr', records: 0, added: 0, exactDuplicates: [], nearDuplicates: [], invalid: [] };
  const nearDuplicates = options.nearDuplicates;
  const checked: Array<{ id: string } & RecordPosition> = [];
  let layout: RecordLayout | undefined = options.layout === 'auto' ? undefined : options.layout;

  const importing = corpus.bulkInsert(async (inserter) => {
    // The unique indexes on id and normalized prompt reject exact duplicates, of the corpus and
    // of earlier records alike; a rejected record is then looked up to report what it repeats.
    const lastStoredSeq = corpus.lastSeq();
    for await (const { records, expectedTotal } of readRecordBatches(file)) {
      if (report.records === 0) nearDuplicates?.expect(expectedTotal);
      const converted: Array<HashedProblem & RecordPosition> = [];
      for (const positioned of records) {
        report.records += 1;
        const position = positionOf(positioned);
        if (positioned.syntaxError === undefined) layout ??= looksLikeVerl(positioned.record) ? 'verl' : 'rlvr';
        const result =
          positioned.syntaxError !== undefined
            ? { ok: false as const, issue: { field: '(json)', message: positioned.syntaxError } }
            : recordToProblem(positioned.record, layout!, options.mappings ?? [], options, normalizedHash);
        if (!result.ok) {
          if (!options.skipInvalid) throw new InputError(result.issue.message, { file, ...position, field: result.issue.field } as InputLocation);
          report.invalid.push({ ...position, ...result.issue });
          continue;
        }
        converted.push({ problem: result.problem, hash: result.hash!, ...position });
      }
      const added = inserter.add(converted);
      const accepted: typeof converted = [];
      for (const [index, record] of converted.entries()) {
        if (added[index]) accepted.push(record);
        else report.exactDuplicates.push(exactDuplicate(corpus, record, lastStoredSeq));
      }
      report.added += accepted.length;
      if (nearDuplicates) {
        for (const { problem, line, row } of accepted) checked.push(line !== undefined ? { id: problem.id, line } : { id: problem.id, row: row! });
        nearDuplicates.check(
          accepted.map(({ problem }) => problem.id),
          accepted.map(({ problem }) => problem.prompt),
        );
      }
    }
  });
  await importing.catch(async (error: unknown) => {
    await nearDuplicates?.close();
    throw error;
  });
  report.layout = layout ?? 'rlvr';
  // The check ran on its own thread meanwhile; its pairs are reported, not skipped, so the import
  // did not wait for it.
  if (nearDuplicates) report.nearDuplicates = await nearDuplicatesOf(nearDuplicates, checked);
  return report;
}

function positionOf(positioned: PositionedRecord): RecordPosition {
  return positioned.line !== undefined ? { line: positioned.line } : { row: positioned.row! };
}

/** What a record the unique indexes rejected repeats: a problem stored before the import, or an earlier record. */
function exactDuplicate(corpus: SqliteCorpus, { problem, hash, line, row }: HashedProblem & RecordPosition, lastStoredSeq: number): ExactDuplicate {
  const existing = corpus.findExisting(problem.id, hash)!;
  return {
    id: problem.id,
    duplicateOf: existing.id,
    where: existing.seq > lastStoredSeq ? 'file' : 'corpus',
    reason: existing.normalizedHash === hash ? 'same prompt' : 'same id',
    ...(line !== undefined ? { line } : { row: row! }),
  };
}

async function nearDuplicatesOf(check: NearDuplicateCheck, checked: ReadonlyArray<{ id: string } & RecordPosition>): Promise<NearDuplicate[]> {
  let matches;
  try {
    matches = await check.matches();
  } catch (error) {
    throw new Error(`the problems were imported, but ${(error as Error).message}`);
  }
  return matches.map(({ position, similarTo, similarity, similarToChecked }) => {
    const { id, ...where } = checked[position]!;
    return { id, similarTo, similarity, where: similarToChecked ? 'file' : 'corpus', ...where };
  });
}
