import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parquetWriteFile, type SchemaElement } from 'hyparquet-writer';
import type { ProblemFilter } from '../core/corpus.js';
import type { Problem } from '../core/problem.js';
import { fileKindOf, type FileKind } from './read-records.js';
import type { RecordLayout } from './record-to-problem.js';
import type { SqliteCorpus } from './sqlite-corpus.js';
import { toVerlRecord } from './verl-layout.js';

export interface ExportOptions {
  layout?: RecordLayout;
  filter?: ProblemFilter;
}

export interface ExportReport {
  file: string;
  kind: FileKind;
  layout: RecordLayout;
  problems: number;
}

/** Writes the (filtered) corpus to JSONL or Parquet, chosen by the file extension. */
export async function exportFile(corpus: SqliteCorpus, file: string, options: ExportOptions = {}): Promise<ExportReport> {
  const kind = fileKindOf(file);
  const layout = options.layout ?? 'rlvr';
  const problems = corpus.iterateProblems(options.filter);
  const count = kind === 'jsonl' ? await writeJsonLines(file, problems, layout) : writeParquet(file, [...problems], layout);
  return { file, kind, layout, problems: count };
}

async function writeJsonLines(file: string, problems: Iterable<Problem>, layout: RecordLayout): Promise<number> {
  const stream = createWriteStream(file, { encoding: 'utf8' });
  let count = 0;
  for (const problem of problems) {
    const line = JSON.stringify(layout === 'verl' ? toVerlRecord(problem, count) : problem) + '\n';
    count += 1;
    if (!stream.write(line)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
  return count;
}

function writeParquet(file: string, problems: Problem[], layout: RecordLayout): number {
  if (layout === 'verl') {
    const records = problems.map(toVerlRecord);
    const column = (name: string, map: (record: (typeof records)[number]) => unknown) => ({ name, data: records.map(map) });
    parquetWriteFile({
      filename: file,
      schema: VERL_SCHEMA,
      columnData: [
        column('data_source', (record) => record.data_source),
        column('prompt', (record) => record.prompt),
        column('ability', (record) => record.ability),
        column('reward_model', (record) => record.reward_model),
        column('extra_info', (record) => ({ ...record.extra_info, index: BigInt(record.extra_info.index) })),
      ],
    });
    return records.length;
  }
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  const text = (name: string, map: (problem: Problem) => string | null) => ({ name, data: problems.map(map), type: 'STRING' as const });
  parquetWriteFile({
    filename: file,
    columnData: [
      text('id', (problem) => problem.id),
      text('family', (problem) => problem.family),
      text('prompt', (problem) => problem.prompt),
      text('answer', (problem) => problem.answer ?? null),
      text('tests', (problem) => json(problem.tests)),
      text('verifier', (problem) => problem.verifier),
      text('verifier_config', (problem) => json(problem.verifierConfig)),
      { name: 'difficulty', data: problems.map((problem) => problem.difficulty), type: 'DOUBLE' },
      text('source', (problem) => problem.source),
      text('parents', (problem) => json(problem.parents)),
      text('metadata', (problem) => JSON.stringify(problem.metadata)),
    ],
  });
  return problems.length;
}

const string = (name: string): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });

/** The nested layout veRL's preprocessors write with pandas/pyarrow: a list of message structs and two structs. */
const VERL_SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: 5 },
  string('data_source'),
  { name: 'prompt', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
  string('content'),
  string('role'),
  string('ability'),
  { name: 'reward_model', repetition_type: 'OPTIONAL', num_children: 2 },
  string('ground_truth'),
  string('style'),
  { name: 'extra_info', repetition_type: 'OPTIONAL', num_children: 10 },
  { name: 'index', type: 'INT64', repetition_type: 'OPTIONAL' },
  string('split'),
  string('id'),
  { name: 'difficulty', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
  string('verifier'),
  string('source'),
  string('tests'),
  string('verifier_config'),
  string('parents'),
  string('metadata'),
];
