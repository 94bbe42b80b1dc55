import type { Problem, ProblemSource } from '../core/problem.js';
import { valueAtPath, type FieldMapping } from './field-mapping.js';
import { fieldsFromVerl } from './verl-layout.js';
import { describe, findProblemIssue, isPlainObject, PROBLEM_SOURCES, type ProblemIssue } from './validate-problem.js';

export type RecordLayout = 'rlvr' | 'verl';

export interface RecordDefaults {
  family?: string;
  source?: ProblemSource;
  /** Overrides the verifier of every record. */
  verifier?: string;
  /** Difficulty of a record that has none; the record is marked `metadata.difficultyUnlabeled`. */
  difficulty?: number;
}

export type RecordResult = { ok: true; problem: Problem } | { ok: false; issue: ProblemIssue };

const CANONICAL_FIELDS = new Set(['id', 'family', 'prompt', 'answer', 'tests', 'verifier', 'verifierConfig', 'verifier_config', 'difficulty', 'source', 'parents', 'metadata']);
const UNLABELED_DIFFICULTY = 0.5;
const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * Turns one input record into a problem: veRL records are first rewritten to rlvr's names, then
 * the field mapping picks values, unknown top-level keys are kept in metadata, and defaults fill
 * the rest (verifier `math` with an answer, `code` with tests). The id defaults to the family and
 * the prompt's hash, so re-importing a file yields the same ids. `hash` is the prompt's
 * normalized hash, computed by the caller once.
 */
export function recordToProblem(
  record: unknown,
  layout: RecordLayout,
  mappings: readonly FieldMapping[],
  defaults: RecordDefaults,
  hashPrompt: (prompt: string) => string,
): RecordResult & { hash?: string } {
  if (!isPlainObject(record)) return fail('(record)', `expected a JSON object, received ${describe(record)}`);
  const fieldMappings = mappings.filter((mapping) => !mapping.to.startsWith('metadata.'));
  // Without field mappings the record is only read, so it needs no copy.
  const fields = layout === 'verl' ? fieldsFromVerl(record) : fieldMappings.length > 0 ? { ...record } : record;
  const consumedKeys = mappings.length > 0 ? new Set(mappings.map((mapping) => mapping.from[0]!)) : NO_KEYS;
  for (const mapping of fieldMappings) fields[mapping.to] = valueAtPath(record, mapping.from);

  const metadata = parseObject(fields.metadata, 'metadata');
  if (metadata instanceof Issue) return { ok: false, issue: metadata };
  const meta: Record<string, unknown> = { ...(metadata ?? {}) };
  if (layout === 'rlvr') {
    for (const key of Object.keys(record)) if (!CANONICAL_FIELDS.has(key) && !consumedKeys.has(key)) meta[key] = record[key];
  }
  for (const mapping of mappings) if (mapping.to.startsWith('metadata.')) meta[mapping.to.slice('metadata.'.length)] = valueAtPath(record, mapping.from);

  const prompt = promptText(fields.prompt, meta);
  if (prompt instanceof Issue) return { ok: false, issue: prompt };
  const answer = answerText(fields.answer);
  if (answer instanceof Issue) return { ok: false, issue: answer };
  const tests = parseObject(fields.tests, 'tests');
  if (tests instanceof Issue) return { ok: false, issue: tests };
  const verifierConfig = parseObject(fields.verifierConfig ?? fields.verifier_config, 'verifierConfig');
  if (verifierConfig instanceof Issue) return { ok: false, issue: verifierConfig };
  const parents = parseParents(fields.parents);
  if (parents instanceof Issue) return { ok: false, issue: parents };
  const difficulty = parseDifficulty(fields.difficulty, meta, defaults);
  if (difficulty instanceof Issue) return { ok: false, issue: difficulty };

  const family = fields.family ?? defaults.family;
  const verifier = defaults.verifier ?? fields.verifier ?? (answer !== undefined ? 'math' : tests !== undefined ? 'code' : undefined);
  if (verifier === undefined) return fail('answer', 'a record needs an answer or tests (or pass --verifier)');
  const source = fields.source ?? defaults.source ?? 'imported';
  if (typeof source !== 'string' || !PROBLEM_SOURCES.includes(source as ProblemSource)) {
    return fail('source', `expected one of ${PROBLEM_SOURCES.join(', ')}, received ${describe(source)}`);
  }
  const hash = hashPrompt(prompt);
  const rawId = fields.id;
  const id = typeof rawId === 'number' ? String(rawId) : rawId ?? (typeof family === 'string' ? `${family}-${hash.slice(0, 12)}` : undefined);

  const problem = { id, family, prompt, verifier, difficulty, source, metadata: meta } as Problem;
  if (answer !== undefined) problem.answer = answer;
  if (tests !== undefined) problem.tests = tests as unknown as Problem['tests'];
  if (verifierConfig !== undefined) problem.verifierConfig = verifierConfig;
  if (parents !== undefined) problem.parents = parents as string[];
  const issue = findProblemIssue(problem);
  return issue ? { ok: false, issue } : { ok: true, problem, hash };
}

class Issue implements ProblemIssue {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}
}

function fail(field: string, message: string): { ok: false; issue: ProblemIssue } {
  return { ok: false, issue: new Issue(field, message) };
}

/** A prompt is text, or chat messages whose last user turn becomes the prompt (all kept in metadata). */
function promptText(value: unknown, metadata: Record<string, unknown>): string | Issue {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return new Issue('prompt', `expected text or a list of chat messages, received ${describe(value)}`);
  const messages = value as unknown[];
  for (const [index, message] of messages.entries()) {
    if (!isPlainObject(message) || typeof message.role !== 'string' || typeof message.content !== 'string') {
      return new Issue(`prompt[${index}]`, 'expected a chat message {role, content} with string values');
    }
  }
  const lastUser = (messages as Array<{ role: string; content: string }>).findLast((message) => message.role === 'user');
  if (!lastUser) return new Issue('prompt', 'the chat messages have no user turn');
  if (messages.length > 1) metadata.messages = messages.map((message) => ({ role: (message as { role: string }).role, content: (message as { content: string }).content }));
  return lastUser.content;
}

/** Numbers and booleans become their text; lists and objects (e.g. veRL code ground truths) their JSON. */
function answerText(value: unknown): string | undefined | Issue {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return new Issue('answer', `expected a string, received ${describe(value)}`);
}

/** An object, or JSON text of one (Parquet and CSV-born files carry nested data as text). */
function parseObject(value: unknown, field: string): Record<string, unknown> | undefined | Issue {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return new Issue(field, 'expected an object or JSON text of one, received text that is not JSON');
    }
  }
  return isPlainObject(parsed) ? parsed : new Issue(field, `expected an object, received ${describe(parsed)}`);
}

function parseParents(value: unknown): unknown[] | undefined | Issue {
  if (value === undefined || value === null) return undefined;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return new Issue('parents', 'expected a list of problem ids or JSON text of one');
    }
  }
  return Array.isArray(parsed) ? parsed : new Issue('parents', `expected a list of problem ids, received ${describe(parsed)}`);
}

function parseDifficulty(value: unknown, metadata: Record<string, unknown>, defaults: RecordDefaults): number | Issue {
  if (value === undefined || value === null || value === '') {
    metadata.difficultyUnlabeled = true;
    return defaults.difficulty ?? UNLABELED_DIFFICULTY;
  }
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !(number >= 0 && number <= 1)) {
    return new Issue('difficulty', `expected a number in [0, 1], received ${describe(value)}`);
  }
  return number;
}
