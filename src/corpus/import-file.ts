import { InputError, type InputLocation } from '../core/errors.js';
import type { FieldMapping } from './field-mapping.js';
import type { NearDuplicateIndex } from './near-duplicate-index.js';
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
  /**
   * Near duplicates are looked up here (and new problems added); omit to skip the check. A
   * function is called once the file is read, with a sample of its accepted prompts, so a caller
   * can build the index with the file's template shingles ignored.
   */
  nearDuplicates?: NearDuplicateIndex | ((samplePrompts: string[]) => NearDuplicateIndex);
}

const TEMPLATE_SAMPLE = 20_000;

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
 * Imports one JSONL or Parquet file in one transaction: every record is converted and checked
 * first, and a bad record rejects the file (an InputError naming its line or row and field)
 * unless `skipInvalid` is set. Exact duplicates (same id or same normalized prompt, within the
 * file or against the corpus) are skipped; near duplicates are imported and reported.
 */
export async function importFile(corpus: SqliteCorpus, file: string, options: ImportOptions = {}): Promise<ImportReport> {
  const kind = fileKindOf(file);
  const report: ImportReport = { file, kind, layout: 'rlvr', records: 0, added: 0, exactDuplicates: [], nearDuplicates: [], invalid: [] };
  const accepted: Array<HashedProblem & RecordPosition> = [];
  const idsInFile = new Map<string, string>();
  const hashesInFile = new Map<string, string>();
  let layout: RecordLayout | undefined = options.layout === 'auto' ? undefined : options.layout;
  // Into an empty corpus every record is new; the per-record lookups are skipped.
  const corpusIsEmpty = corpus.countProblems() === 0;

  for await (const batch of readRecordBatches(file)) {
    for (const positioned of batch) {
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
      idsInFile.set(problem.id, problem.id);
      hashesInFile.set(hash, problem.id);
      accepted.push({ problem, hash, ...position });
    }
  }
  report.layout = layout ?? 'rlvr';

  if (options.nearDuplicates) {
    const index =
      typeof options.nearDuplicates === 'function'
        ? options.nearDuplicates(accepted.slice(0, TEMPLATE_SAMPLE).map(({ problem }) => problem.prompt))
        : options.nearDuplicates;
    findNearDuplicates(index, accepted, idsInFile, report);
  }
  const added = corpus.insertHashed(accepted);
  for (const [index, wasAdded] of added.entries()) {
    if (wasAdded) report.added += 1;
    else {
      // Another process stored the same problem between the check and the insert.
      const { problem, hash, line, row } = accepted[index]!;
      const existing = corpus.findExisting(problem.id, hash);
      report.exactDuplicates.push({ id: problem.id, duplicateOf: existing?.id ?? problem.id, where: 'corpus', reason: existing?.id === problem.id ? 'same id' : 'same prompt', line, row });
    }
  }
  return report;
}

function positionOf(positioned: PositionedRecord): RecordPosition {
  return positioned.line !== undefined ? { line: positioned.line } : { row: positioned.row! };
}

function findDuplicate(
  corpus: SqliteCorpus | undefined,
  id: string,
  hash: string,
  idsInFile: Map<string, string>,
  hashesInFile: Map<string, string>,
): Pick<ExactDuplicate, 'duplicateOf' | 'where' | 'reason'> | undefined {
  const samePrompt = hashesInFile.get(hash);
  if (samePrompt !== undefined) return { duplicateOf: samePrompt, where: 'file', reason: 'same prompt' };
  if (idsInFile.has(id)) return { duplicateOf: id, where: 'file', reason: 'same id' };
  const existing = corpus?.findExisting(id, hash);
  if (!existing) return undefined;
  return { duplicateOf: existing.id, where: 'corpus', reason: existing.normalizedHash === hash ? 'same prompt' : 'same id' };
}

function findNearDuplicates(
  index: NearDuplicateIndex,
  accepted: ReadonlyArray<HashedProblem & RecordPosition>,
  idsInFile: ReadonlyMap<string, string>,
  report: ImportReport,
): void {
  index.reserve(accepted.length);
  for (const { problem, line, row } of accepted) {
    for (const match of index.queryThenAdd(problem.id, problem.prompt)) {
      report.nearDuplicates.push({
        id: problem.id,
        similarTo: match.id,
        similarity: match.similarity,
        where: idsInFile.has(match.id) ? 'file' : 'corpus',
        ...(line !== undefined ? { line } : { row: row! }),
      });
    }
  }
}
