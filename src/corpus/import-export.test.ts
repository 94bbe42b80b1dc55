import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import type { Problem } from '../core/problem.js';
import { exportFile } from './export-file.js';
import { parseFieldMap } from './field-mapping.js';
import { importFile } from './import-file.js';
import { NearDuplicateCheck } from './near-duplicate-check.js';
import { openCorpus, type SqliteCorpus } from './sqlite-corpus.js';
import { sampleProblem, temporaryCorpus } from './test-helpers.js';

let dir: string;
let corpus: SqliteCorpus;
let remove: () => void;

beforeEach(() => {
  ({ dir, corpus, remove } = temporaryCorpus());
});
afterEach(() => remove());

function writeLines(name: string, records: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n') + '\n');
  return file;
}

const richProblems: Problem[] = [
  sampleProblem(0, { metadata: { split: 'heldout', compactPrompt: '0*3=' } }),
  sampleProblem(1, { answer: undefined, verifier: 'code', tests: { language: 'python', cases: [{ input: '1\n', output: '4\n' }], timeoutMs: 500 } }),
  sampleProblem(2, { verifierConfig: { tolerance: 1e-6 }, parents: ['p0', 'p1'], source: 'proposed', metadata: { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'x' }] } }),
];
richProblems[2]!.prompt = 'x';
for (const problem of richProblems) if (problem.answer === undefined) delete problem.answer;

describe('importFile', () => {
  it('rejects the whole file at a bad record, naming its line and field, and leaves the corpus unchanged', async () => {
    corpus.addProblems([sampleProblem(100)]);
    const file = writeLines('bad.jsonl', [sampleProblem(0), sampleProblem(1), { ...sampleProblem(2), difficulty: 'hard' }, sampleProblem(3)]);
    const failure = await importFile(corpus, file).catch((error: unknown) => error);
    expect(InputError.isInstance(failure)).toBe(true);
    expect((failure as InputError).location).toEqual({ file, line: 3, field: 'difficulty' });
    expect((failure as Error).message).toMatch(/line 3, field "difficulty": expected a number in \[0, 1\], received "hard"/);
    expect(corpus.countProblems()).toBe(1);
  });

  it('rolls back batches already inserted when a bad record comes late in a large file', async () => {
    corpus.addProblems([sampleProblem(100_000)]);
    const indexesBefore = corpus.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name`).pluck().all();
    // 12,000 records of ~170 bytes span two 1 MiB read batches, past the size that drops the secondary indexes.
    const records: unknown[] = Array.from({ length: 12_000 }, (_, i) => sampleProblem(i));
    records.push({ ...sampleProblem(12_000), difficulty: 2 });
    const nearDuplicates = NearDuplicateCheck.forCorpus(corpus);
    const failure = await importFile(corpus, writeLines('late.jsonl', records), { nearDuplicates }).catch((error: unknown) => error);
    expect((failure as InputError).location).toMatchObject({ line: 12_001, field: 'difficulty' });
    expect(corpus.countProblems()).toBe(1);
    expect(corpus.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name`).pluck().all()).toEqual(indexesBefore);
    await expect(nearDuplicates.matches()).rejects.toThrow(/closed/);
    expect((await importFile(corpus, writeLines('good.jsonl', records.slice(0, 12_000)))).added).toBe(12_000);
  });

  it('names the line of text that is not JSON', async () => {
    const file = writeLines('syntax.jsonl', [sampleProblem(0), '{"id": "broken", ']);
    await expect(importFile(corpus, file)).rejects.toThrow(/line 2, field "\(json\)": not valid JSON/);
    expect(corpus.countProblems()).toBe(0);
  });

  it('reads files larger than one read chunk: multi-byte text across chunk edges, a line longer than a chunk, CRLF, blank lines, no final newline', async () => {
    // About 4 MiB, so several lines straddle the 1 MiB chunk boundaries, some of them with
    // multi-byte characters (é is 2 bytes, 数 3, the emoji 4), and one line is 2.5 MiB long.
    const problems = Array.from({ length: 6000 }, (_, index) => sampleProblem(index, { prompt: `${'é数🙂'.repeat(index % 7)} problem ${index} ${'x'.repeat(200)}` }));
    problems[4000]!.prompt = `${'y'.repeat(2_500_000)} é`;
    const file = join(dir, 'large.jsonl');
    const lines = problems.map((problem) => JSON.stringify(problem));
    lines.splice(3000, 0, '   ');
    writeFileSync(file, lines.join('\r\n') + '\r\n' + '{"id": "last", ');
    await expect(importFile(corpus, file)).rejects.toThrow(/line 6002, field "\(json\)"/);
    writeFileSync(file, lines.join('\r\n'));
    const indexes = () => corpus.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'problems' ORDER BY name`).pluck().all();
    const before = indexes();
    const report = await importFile(corpus, file);
    // A batch this large rebuilds the secondary indexes after inserting; they must all be back.
    expect(indexes()).toEqual(before);
    expect(report.records).toBe(6000);
    expect(corpus.listProblems().map((problem) => problem.prompt)).toEqual(problems.map((problem) => problem.prompt));
  });

  it('with skipInvalid imports the good records and reports the bad ones', async () => {
    const { prompt: _prompt, ...noPrompt } = sampleProblem(1);
    const file = writeLines('mixed.jsonl', [sampleProblem(0), noPrompt, '', { ...sampleProblem(2), answer: undefined, verifier: undefined }, sampleProblem(3)]);
    const report = await importFile(corpus, file, { skipInvalid: true });
    expect(report.added).toBe(2);
    expect(report.invalid).toEqual([
      { line: 2, field: 'prompt', message: expect.stringContaining('expected text') },
      { line: 4, field: 'answer', message: expect.stringContaining('needs an answer or tests') },
    ]);
    expect(corpus.listProblems().map((problem) => problem.id)).toEqual(['p0', 'p3']);
  });

  it('maps fields by dot paths, keeps unknown fields as metadata and picks the verifier from the content', async () => {
    const file = writeLines('gsm.jsonl', [
      { question: 'Tom has 3 apples and buys 4 more. How many?', solution: { final: 7 }, level: 2, topic: 'arithmetic' },
      { question: 'Write a program that doubles its input.', unit_tests: JSON.stringify({ language: 'python', cases: [{ input: '2', output: '4' }] }) },
    ]);
    const mappings = parseFieldMap('question=prompt,solution.final=answer,unit_tests=tests,level=metadata.level');
    const report = await importFile(corpus, file, { mappings, family: 'gsm' });
    expect(report.added).toBe(2);
    const [word, code] = corpus.listProblems();
    expect(word).toMatchObject({ family: 'gsm', prompt: 'Tom has 3 apples and buys 4 more. How many?', answer: '7', verifier: 'math', source: 'imported', difficulty: 0.5 });
    expect(word!.metadata).toEqual({ level: 2, topic: 'arithmetic', difficultyUnlabeled: true });
    expect(word!.id).toMatch(/^gsm-[0-9a-f]{12}$/);
    expect(code).toMatchObject({ verifier: 'code', tests: { language: 'python', cases: [{ input: '2', output: '4' }] } });
    expect(() => parseFieldMap('question=questionText')).toThrow(/unknown target field "questionText"/);
    expect(() => parseFieldMap('question')).toThrow(/SOURCE=FIELD/);
  });

  it('reports exact duplicates within the file and against the corpus, and near duplicates with their pairs', async () => {
    corpus.addProblems([sampleProblem(0)]);
    const near = 'A train leaves the station at 3 pm travelling at 60 km per hour; when does it arrive 180 km away?';
    const file = writeLines('dups.jsonl', [
      sampleProblem(1),
      { ...sampleProblem(9), prompt: sampleProblem(0).prompt.toUpperCase() },
      { ...sampleProblem(10), prompt: `  ${sampleProblem(1).prompt.replace(/ /g, '  ')}` },
      { ...sampleProblem(11), prompt: near },
      { ...sampleProblem(12), prompt: near.replace('3 pm', '4 pm') },
      { ...sampleProblem(13), prompt: 'Something else entirely: list the prime numbers below twenty.' },
      sampleProblem(1, { prompt: 'different prompt, reused id' }),
    ]);
    const nearDuplicates = NearDuplicateCheck.forCorpus(corpus);
    const report = await importFile(corpus, file, { nearDuplicates }).finally(() => nearDuplicates.close());
    expect(report.exactDuplicates).toEqual([
      { id: 'p9', duplicateOf: 'p0', where: 'corpus', reason: 'same prompt', line: 2 },
      { id: 'p10', duplicateOf: 'p1', where: 'file', reason: 'same prompt', line: 3 },
      { id: 'p1', duplicateOf: 'p1', where: 'file', reason: 'same id', line: 7 },
    ]);
    expect(report.nearDuplicates).toEqual([{ id: 'p12', similarTo: 'p11', similarity: expect.any(Number), where: 'file', line: 5 }]);
    expect(report.nearDuplicates[0]!.similarity).toBeGreaterThanOrEqual(0.8);
    expect(report.added).toBe(4);
    expect(corpus.countProblems()).toBe(5);
  });
});

describe('export and re-import', () => {
  async function roundTrip(file: string, layout: 'rlvr' | 'verl'): Promise<Problem[]> {
    corpus.addProblems(richProblems);
    const exported = await exportFile(corpus, join(dir, file), { layout });
    expect(exported.problems).toBe(3);
    const other = openCorpus(join(dir, `${file}.db`));
    try {
      const report = await importFile(other, exported.file, { layout: 'auto' });
      expect(report.layout).toBe(layout);
      expect(report.added).toBe(3);
      return other.listProblems();
    } finally {
      other.close();
    }
  }

  it('round-trips JSONL', async () => {
    expect(await roundTrip('out.jsonl', 'rlvr')).toEqual(richProblems);
  });

  it('round-trips Parquet', async () => {
    expect(await roundTrip('out.parquet', 'rlvr')).toEqual(richProblems);
  });

  it('round-trips veRL Parquet and veRL JSONL, recognizing the layout', async () => {
    expect(await roundTrip('verl.parquet', 'verl')).toEqual(richProblems);
    corpus.close();
    corpus = openCorpus(join(dir, 'second.db'));
    expect(await roundTrip('verl.jsonl', 'verl')).toEqual(richProblems);
  });

  it('writes veRL records the way veRL reads them', async () => {
    corpus.addProblems(richProblems);
    await exportFile(corpus, join(dir, 'verl.jsonl'), { layout: 'verl' });
    const first = JSON.parse(readFileSync(join(dir, 'verl.jsonl'), 'utf8').split('\n')[0]!);
    expect(first).toMatchObject({
      data_source: 'even',
      prompt: [{ role: 'user', content: richProblems[0]!.prompt }],
      ability: 'even',
      reward_model: { style: 'rule', ground_truth: '0' },
      extra_info: { index: 0, split: 'heldout', id: 'p0' },
    });
  });

  it('imports a veRL Parquet file as veRL preprocessors write it', async () => {
    const string = (name: string) => ({ name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'OPTIONAL' as const });
    const file = join(dir, 'gsm8k-train.parquet');
    parquetWriteFile({
      filename: file,
      schema: [
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
        { name: 'extra_info', repetition_type: 'OPTIONAL', num_children: 3 },
        { name: 'index', type: 'INT64', repetition_type: 'OPTIONAL' },
        string('split'),
        string('answer'),
      ],
      columnData: [
        { name: 'data_source', data: ['openai/gsm8k', 'openai/gsm8k'] },
        { name: 'prompt', data: [[{ role: 'user', content: 'Natalia sold 48 clips. How many?' }], [{ role: 'user', content: 'Weng earns $12 an hour. How much for 50 minutes?' }]] },
        { name: 'ability', data: ['math', 'math'] },
        { name: 'reward_model', data: [{ style: 'rule', ground_truth: '72' }, { style: 'rule', ground_truth: '10' }] },
        { name: 'extra_info', data: [{ index: 0n, split: 'test', answer: '…#### 72' }, { index: 1n, split: 'train', answer: '…#### 10' }] },
      ],
    });
    const report = await importFile(corpus, file);
    expect(report).toMatchObject({ layout: 'verl', added: 2 });
    const [first, second] = corpus.listProblems();
    expect(first).toMatchObject({ family: 'openai/gsm8k', prompt: 'Natalia sold 48 clips. How many?', answer: '72', verifier: 'math', difficulty: 0.5 });
    expect(first!.metadata).toMatchObject({ ability: 'math', rewardStyle: 'rule', split: 'heldout', extraInfo: { index: 0, split: 'test' } });
    expect(second!.metadata.split).toBe('train');
  });

  it('reports a bad Parquet row by its row number', async () => {
    const file = join(dir, 'bad.parquet');
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'prompt', data: ['What is 1+1?', 'What is 2+2?'], type: 'STRING' },
        { name: 'answer', data: ['2', '4'], type: 'STRING' },
        { name: 'difficulty', data: [0.1, 7], type: 'DOUBLE' },
      ],
    });
    await expect(importFile(corpus, file, { family: 'tiny' })).rejects.toThrow(/row 2, field "difficulty"/);
  });
});
