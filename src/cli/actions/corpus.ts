import { asUsage, UsageError } from '../usage-error.js';
import type { ProblemFilter } from '../../core/corpus.js';
import type { ProblemSource } from '../../core/problem.js';
import { summarizeCorpus, type CorpusSummary } from '../../corpus/corpus-summary.js';
import { resolveDatabasePath } from '../../corpus/database-path.js';
import { exportFile } from '../../corpus/export-file.js';
import { parseFieldMap } from '../../corpus/field-mapping.js';
import { buildGapReport } from '../../corpus/gap-report.js';
import { generateProblems } from '../../corpus/generate-problems.js';
import { importFile, type ImportReport } from '../../corpus/import-file.js';
import { NearDuplicateCheck } from '../../corpus/near-duplicate-check.js';
import { renderGapReport } from '../../corpus/render-gap-report.js';
import { SCHEMA_VERSION } from '../../corpus/schema.js';
import { openCorpus, type SqliteCorpus } from '../../corpus/sqlite-corpus.js';
import { PROBLEM_SOURCES } from '../../corpus/validate-problem.js';

/** What every `rlvr corpus` subcommand accepts. */
export interface CommonOptions {
  db?: string;
  json?: boolean;
}

/** The CLI's output: printed as JSON with --json, else as the text. */
interface Output {
  json: unknown;
  text: string;
}

function print(options: CommonOptions, output: Output): void {
  process.stdout.write(options.json ? `${JSON.stringify(output.json, null, 2)}\n` : output.text);
}

function withCorpus<T>(options: CommonOptions, action: (corpus: SqliteCorpus) => T): T {
  const corpus = openCorpus(resolveDatabasePath(options.db));
  try {
    return action(corpus);
  } finally {
    corpus.close();
  }
}

async function withCorpusAsync<T>(options: CommonOptions, action: (corpus: SqliteCorpus) => Promise<T>): Promise<T> {
  const corpus = openCorpus(resolveDatabasePath(options.db));
  try {
    return await action(corpus);
  } finally {
    corpus.close();
  }
}

export function runInit(options: CommonOptions): void {
  withCorpus(options, (corpus) => {
    const problems = corpus.countProblems();
    print(options, {
      json: { path: corpus.path, schemaVersion: SCHEMA_VERSION, problems },
      text: `Corpus ${corpus.path} ready (schema version ${SCHEMA_VERSION}, ${problems} problems).\n`,
    });
  });
}

export interface ImportCommandOptions extends CommonOptions {
  map?: string;
  format?: string;
  family?: string;
  source?: string;
  verifier?: string;
  skipInvalid?: boolean;
  nearThreshold: number;
  nearDuplicates?: boolean;
}

export async function runImport(files: string[], options: ImportCommandOptions): Promise<void> {
  const mappings = options.map ? asUsage(() => parseFieldMap(options.map!)) : [];
  const layout = choice(options.format ?? 'auto', ['auto', 'rlvr', 'verl'], '--format');
  const source = options.source === undefined ? undefined : (choice(options.source, PROBLEM_SOURCES, '--source') as ProblemSource);
  const reports = await withCorpusAsync(options, async (corpus) => {
    // One check for all the files: each is compared with the stored corpus and the files before it.
    const nearDuplicates = options.nearDuplicates === false ? undefined : NearDuplicateCheck.forCorpus(corpus, options.nearThreshold);
    try {
      const done: ImportReport[] = [];
      for (const file of files) {
        done.push(await importFile(corpus, file, { layout, mappings, family: options.family, source, verifier: options.verifier, skipInvalid: options.skipInvalid, nearDuplicates }));
      }
      return done;
    } finally {
      await nearDuplicates?.close();
    }
  });
  print(options, { json: reports, text: reports.map(importText).join('') });
}

const LISTED_PAIRS = 20;

function importText(report: ImportReport): string {
  const where = (pair: { line?: number; row?: number }) => (pair.line !== undefined ? `line ${pair.line}` : `row ${pair.row}`);
  const lines = [
    `${report.file} (${report.kind}, ${report.layout} layout): ${report.records} records, ${report.added} added, ` +
      `${report.exactDuplicates.length} exact duplicates skipped, ${report.nearDuplicates.length} near-duplicate pairs, ${report.invalid.length} invalid skipped`,
  ];
  const section = <T>(title: string, items: T[], describe: (item: T) => string) => {
    if (items.length === 0) return;
    lines.push(`  ${title}:`, ...items.slice(0, LISTED_PAIRS).map((item) => `    ${describe(item)}`));
    if (items.length > LISTED_PAIRS) lines.push(`    … and ${items.length - LISTED_PAIRS} more (--json lists all)`);
  };
  section('exact duplicates', report.exactDuplicates, (pair) => `${where(pair)}: ${pair.id} = ${pair.duplicateOf} (${pair.reason}, in ${pair.where})`);
  section('near duplicates', report.nearDuplicates, (pair) => `${where(pair)}: ${pair.id} ~ ${pair.similarTo} (similarity ${pair.similarity.toFixed(2)}, in ${pair.where})`);
  section('invalid records', report.invalid, (record) => `${where(record)}, field "${record.field}": ${record.message}`);
  return lines.join('\n') + '\n';
}

export interface ExportCommandOptions extends CommonOptions {
  format?: string;
  family?: string;
  split?: string;
  source?: string;
}

export async function runExport(file: string, options: ExportCommandOptions): Promise<void> {
  const layout = choice(options.format ?? 'rlvr', ['rlvr', 'verl'], '--format');
  const filter: ProblemFilter = {};
  if (options.family) filter.family = options.family.split(',').map((name) => name.trim());
  if (options.split) filter.split = options.split;
  if (options.source) filter.source = choice(options.source, PROBLEM_SOURCES, '--source') as ProblemSource;
  const report = await withCorpusAsync(options, (corpus) => exportFile(corpus, file, { layout, filter }));
  print(options, { json: report, text: `Wrote ${report.problems} problems to ${report.file} (${report.kind}, ${report.layout} layout).\n` });
}

export async function runFamilies(options: CommonOptions): Promise<void> {
  const { families } = await import('../../tasks/registry.js');
  const json = families.map(({ name, description, skill, verifier, knobs }) => ({ name, description, skill, verifier, knobs }));
  const text = families
    .map((family) =>
      [
        `${family.name} (${family.skill}; verifier ${family.verifier}): ${family.description}`,
        ...family.knobs.map((knob) => `    ${knob.name}: ${knob.atEasiest} at difficulty 0 → ${knob.atHardest} at 1 — ${knob.description}`),
      ].join('\n'),
    )
    .join('\n');
  print(options, { json, text: `${text}\n` });
}

export interface GenerateCommandOptions extends CommonOptions {
  family: string;
  n: number;
  difficulty: [number, number];
  seed: number;
  split?: string;
  spread?: string;
}

export async function runGenerate(options: GenerateCommandOptions): Promise<void> {
  const { getFamily } = await import('../../tasks/registry.js');
  let family;
  try {
    family = getFamily(options.family);
  } catch (error) {
    throw new UsageError(`--family: ${(error as Error).message}`);
  }
  const { n: count, seed } = options;
  const [minDifficulty, maxDifficulty] = options.difficulty;
  const spread = choice(options.spread ?? 'even', ['even', 'random'], '--spread');
  const problems = generateProblems(family, { count, minDifficulty, maxDifficulty, seed, spread, split: options.split });
  const result = withCorpus(options, (corpus) => corpus.addProblems(problems));
  print(options, {
    json: { family: family.name, generated: problems.length, ...result, minDifficulty, maxDifficulty, seed, spread },
    text: `Generated ${problems.length} ${family.name} problems (difficulty ${minDifficulty}..${maxDifficulty}, ${spread}, seed ${seed}): ${result.added} added, ${result.duplicates} duplicates skipped.\n`,
  });
}

export function runStats(options: CommonOptions): void {
  const summary = withCorpus(options, summarizeCorpus);
  print(options, { json: summary, text: statsText(summary) });
}

function statsText(summary: CorpusSummary): string {
  const lines = [
    `${summary.path}: ${summary.problems} problems, ${summary.attempts} attempts (schema version ${summary.schemaVersion})`,
    `sources: ${Object.entries(summary.sources).map(([source, n]) => `${source} ${n}`).join(', ') || 'none'}`,
    `policy versions: ${summary.policyVersions.map((policy) => `${policy.version} (${policy.attempts} attempts)`).join(', ') || 'none'}`,
    '',
    `${'family'.padEnd(20)} ${'problems'.padStart(9)} ${'heldout'.padStart(8)} ${'tried'.padStart(8)} ${'attempts'.padStart(9)} ${'pass'.padStart(6)}  difficulty`,
    ...summary.families.map(
      (family) =>
        `${family.family.padEnd(20)} ${String(family.problems).padStart(9)} ${String(family.heldout).padStart(8)} ${String(family.attempted).padStart(8)} ` +
        `${String(family.attempts).padStart(9)} ${family.attempts ? `${Math.round((100 * family.successes) / family.attempts)}%`.padStart(6) : '-'.padStart(6)}  ` +
        `${family.minDifficulty.toFixed(2)}..${family.maxDifficulty.toFixed(2)}`,
    ),
  ];
  return lines.join('\n') + '\n';
}

export interface ReportCommandOptions extends CommonOptions {
  bands: number;
  policy?: string;
}

export function runReport(options: ReportCommandOptions): void {
  const { bands } = options;
  if (bands > 1000) throw new UsageError(`--bands: at most 1000, received ${bands}`);
  const report = withCorpus(options, (corpus) => buildGapReport(corpus, { bands, policyVersion: options.policy }));
  print(options, { json: report, text: renderGapReport(report) });
}

export interface SampleCommandOptions extends CommonOptions {
  sampler: string;
  n: number;
  seed: number;
  family?: string;
  split?: string;
}

export async function runSample(options: SampleCommandOptions): Promise<void> {
  const { createSampler, parseSamplerSpec } = await import('../../sampling/index.js');
  try {
    parseSamplerSpec(options.sampler);
  } catch (error) {
    throw new UsageError(`--sampler: ${(error as Error).message}`);
  }
  const { n: count, seed } = options;
  const filter: ProblemFilter = { split: options.split ?? 'train' };
  if (options.family) filter.family = options.family.split(',').map((name) => name.trim());
  const drawn = withCorpus(options, (corpus) => {
    const sampler = createSampler(options.sampler, corpus, { seed, filter, stateKey: `cli-sample:${options.sampler}:seed=${seed}` });
    return sampler.draw(count).map((problem) => ({ problem, stats: corpus.getStats(problem.id)! }));
  });
  print(options, {
    json: drawn.map(({ problem, stats }) => ({ ...problem, stats })),
    text:
      drawn
        .map(({ problem, stats }) => `${problem.id.padEnd(28)} ${problem.family.padEnd(16)} d=${problem.difficulty.toFixed(2)} pass=${stats.passRate.toFixed(2)} (${stats.attempts})  ${oneLine(problem.prompt)}`)
        .join('\n') + '\n',
  });
}

function oneLine(text: string, width = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

function choice<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag}: expected one of ${allowed.join(', ')}, received "${value}"`);
  return value as T;
}



