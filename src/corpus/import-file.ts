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
  const idsInFile = new Set<string>();
  const hashesInFile = new Map<string, string>();
  let layout: RecordLayout | undefined = options.layout === 'auto' ? undefined : options.layout;

  const importing = corpus.bulkInsert(async (inserter) => {
    // The transaction holds the write lock: nothing can be stored meanwhile, and into an empty
    // corpus every record is new, so the per-record lookups are skipped.
    const corpusIsEmpty = corpus.countProblems() === 0;
    for await (const { records, expectedTotal } of readRecordBatches(file)) {
      if (report.records === 0) nearDuplicates?.expect(expectedTotal);
      const accepted: Array<HashedProblem & RecordPosition> = [];
      for (const positioned of records) {
        report.records += 1;
        const position = positionOf(positioned);
        if (positioned.syntaxError === undefined) layout ??= looksLikeVerl(positioned.record) ? 'verl' : 'rlvr';
        const converted =
          positioned.syntaxError !== undefined
            ? { ok: false as const, issue: { field: '(json)', message: positioned.syntaxError } }
            : recordToProblem(positioned.record, layout!, options.mappings ?? [], options, normalizedHash);
        if (!converted.ok) {
          if (!options.skipInvalid) throw new InputError(converted.issue.message, { file, ...position, field: converted.issue.field } as InputLocation);
          report.invalid.push({ ...position, ...converted.issue });
          continue;
        }
        const { problem } = converted;
        const hash = converted.hash!;
        const duplicate = findDuplicate(corpusIsEmpty ? undefined : corpus, problem.id, hash, idsInFile, hashesInFile);
        if (duplicate) {
          report.exactDuplicates.push({ id: problem.id, ...duplicate, ...position });
          continue;
        }
        idsInFile.add(problem.id);
        hashesInFile.set(hash, problem.id);
        accepted.push({ problem, hash, ...position });
      }
      report.added += inserter.add(accepted).filter(Boolean).length;
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
  if (nearDuplicates) report.nearDuplicates = await nearDuplicatesOf(nearDuplicates, checked, idsInFile);
  return report;
}

function positionOf(positioned: PositionedRecord): RecordPosition {
  return positioned.line !== undefined ? { line: positioned.line } : { row: positioned.row! };
}

function findDuplicate(
  corpus: SqliteCorpus | undefined,
  id: string,
  hash: string,
  idsInFile: ReadonlySet<string>,
  hashesInFile: ReadonlyMap<string, string>,
): Pick<ExactDuplicate, 'duplicateOf' | 'where' | 'reason'> | undefined {
  const samePrompt = hashesInFile.get(hash);
  if (samePrompt !== undefined) return { duplicateOf: samePrompt, where: 'file', reason: 'same prompt' };
  if (idsInFile.has(id)) return { duplicateOf: id, where: 'file', reason: 'same id' };
  const existing = corpus?.findExisting(id, hash);
  if (!existing) return undefined;
  return { duplicateOf: existing.id, where: 'corpus', reason: existing.normalizedHash === hash ? 'same prompt' : 'same id' };
}

async function nearDuplicatesOf(
  check: NearDuplicateCheck,
  checked: ReadonlyArray<{ id: string } & RecordPosition>,
  idsInFile: ReadonlySet<string>,
): Promise<NearDuplicate[]> {
  let matches;
  try {
    matches = await check.matches();
  } catch (error) {
    throw new Error(`the problems were imported, but ${(error as Error).message}`);
  }
  return matches.map(({ position, similarTo, similarity }) => {
    const { id, ...where } = checked[position]!;
    return { id, similarTo, similarity, where: idsInFile.has(similarTo) ? 'file' : 'corpus', ...where };
  });
}
