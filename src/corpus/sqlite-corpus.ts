import Database from 'better-sqlite3';
import type { AddResult, Attempt, CorpusStore, ProblemFilter, ProblemStats } from '../core/corpus.js';
import { InputError } from '../core/errors.js';
import type { Problem } from '../core/problem.js';
import { normalizedHash } from './normalize-text.js';
import { filterSql } from './problem-filter-sql.js';
import { INSERT_PROBLEM_SQL, PROBLEM_COLUMNS, problemFromRow, type ProblemRow } from './problem-row.js';
import { ProblemInserter } from './problem-inserter.js';
import { migrate } from './schema.js';
import { findProblemIssue } from './validate-problem.js';

export interface OpenCorpusOptions {
  /** How long a write waits for another process's transaction before failing (default 30 s). */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

/** A problem ready to insert, with its exact-duplicate key computed once. */
export interface HashedProblem {
  problem: Problem;
  hash: string;
}

/** The first stored problem an incoming one collides with, by id or by normalized prompt. */
export interface ExistingProblem {
  id: string;
  normalizedHash: string;
  /** Insertion order: rows stored later have larger numbers. */
  seq: number;
}

interface StatsRow {
  problem_id: string;
  attempts: number;
  successes: number;
  pass_rate: number;
  last_seen: number | null;
}

/** Beta(1, 1) prior: an unseen problem sits at 0.5 and one result moves it by a third. */
export function smoothedPassRate(successes: number, attempts: number): number {
  return (successes + 1) / (attempts + 2);
}

/**
 * An attempt counts as a success when its score is 1 (the verifier's full marks); partial scores
 * count as attempts only, so the pass rate is the rate of fully right answers.
 */
export function isSuccess(attempt: Pick<Attempt, 'score'>): boolean {
  return attempt.score >= 1;
}

const NEW_DATABASE_PAGE_SIZE = 16_384;
const ATTEMPT_ROWS_PER_STATEMENT = 64;

/**
 * Folds the attempts appended after row `?` into the statistics in one statement: SQLite groups
 * them by problem (so the statistics index is walked in key order) and upserts one row per
 * problem, about half the time of one upsert call per problem from JavaScript. `score >= 1` is
 * `isSuccess`; the pass-rate expression is `smoothedPassRate`. (`WHERE` before `ON CONFLICT` is
 * required by SQLite's upsert grammar for INSERT … SELECT.)
 */
const STATISTICS_OF_ATTEMPTS = `INSERT INTO problem_stats (problem_id, attempts, successes, pass_rate, last_seen)
  SELECT problem_id, count(*), sum(score >= 1), (sum(score >= 1) + 1.0) / (count(*) + 2.0), max(at) FROM attempts`;
const FOLD_NEW_ATTEMPTS_SQL = `${STATISTICS_OF_ATTEMPTS} WHERE seq > ? GROUP BY problem_id
  ON CONFLICT (problem_id) DO UPDATE SET
    attempts = attempts + excluded.attempts,
    successes = successes + excluded.successes,
    pass_rate = (successes + excluded.successes + 1.0) / (attempts + excluded.attempts + 2.0),
    last_seen = max(coalesce(last_seen, 0), excluded.last_seen)`;
const STATS_COLUMNS = `p.id AS problem_id, coalesce(s.attempts, 0) AS attempts, coalesce(s.successes, 0) AS successes,
  coalesce(s.pass_rate, 0.5) AS pass_rate, s.last_seen AS last_seen`;

/**
 * The corpus in one SQLite file (WAL, so readers never block the writer and several processes
 * can record attempts into one database; each write waits for the others up to the busy timeout).
 */
export class SqliteCorpus implements CorpusStore {
  readonly db: Database.Database;
  readonly path: string;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(path: string, options: OpenCorpusOptions = {}) {
    this.path = path;
    this.db = new Database(path, { readonly: options.readonly ?? false, timeout: options.busyTimeoutMs ?? 30_000 });
    if (!options.readonly) {
      // Takes effect only while the file is still empty (later it is fixed). 16 KiB pages instead
      // of 4 KiB cut fourfold the WAL frames (a write each) a bulk import commits and checkpoints.
      this.db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
      this.db.pragma('journal_mode = WAL');
      // WAL with synchronous=NORMAL never corrupts; a power cut may lose the last commits only.
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('cache_size = -65536');
    // Multi-row statements keep a statement journal (to undo a half-applied statement); in memory
    // it costs no file I/O.
    this.db.pragma('temp_store = MEMORY');
    if (!options.readonly) migrate(this.db, path);
  }

  addProblems(problems: readonly Problem[]): AddResult {
    const hashed = problems.map((problem, index) => {
      const issue = findProblemIssue(problem);
      if (issue) throw new InputError(`problem ${index} (${String(problem?.id)}): ${issue.message}`, { field: issue.field });
      return { problem, hash: normalizedHash(problem.prompt) };
    });
    const added = this.insertHashed(hashed).filter(Boolean).length;
    return { added, duplicates: problems.length - added };
  }

  /**
   * Inserts validated problems in one transaction; a problem whose id or normalized prompt is
   * already stored is skipped. Returns, per problem, whether it was added.
   */
  insertHashed(problems: readonly HashedProblem[]): boolean[] {
    return this.db
      .transaction(() => {
        const inserter = this.problemInserter();
        const added = inserter.add(problems);
        inserter.finish();
        return added;
      })
      .immediate();
  }

  /**
   * Runs `work` in one write transaction that may span awaits, so an import can stream a file
   * into it batch by batch without holding the file in memory. Commits when `work` resolves and
   * rolls back when it throws: other connections see all of it or none. Meanwhile, other writes
   * through this connection would join the transaction; other connections wait for it.
   */
  async bulkInsert<T>(work: (inserter: ProblemInserter) => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const inserter = this.problemInserter();
      const result = await work(inserter);
      inserter.finish();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private problemInserter(): ProblemInserter {
    return new ProblemInserter(this.db, this.statement(INSERT_PROBLEM_SQL), () => this.countProblems());
  }

  /** The stored problem with this id or this normalized prompt, if any. */
  findExisting(id: string, hash: string): ExistingProblem | undefined {
    const row = this.statement(`SELECT id, normalized_hash, seq FROM problems WHERE id = ? UNION ALL
      SELECT id, normalized_hash, seq FROM problems WHERE normalized_hash = ? LIMIT 1`).get(id, hash) as
      | { id: string; normalized_hash: string; seq: number }
      | undefined;
    return row && { id: row.id, normalizedHash: row.normalized_hash, seq: row.seq };
  }

  /** The insertion number of the last stored problem (0 when there is none). */
  lastSeq(): number {
    return this.statement('SELECT coalesce(max(seq), 0) FROM problems').pluck().get() as number;
  }

  getProblem(id: string): Problem | undefined {
    const row = this.statement(`SELECT ${PROBLEM_COLUMNS} FROM problems p WHERE p.id = ?`).get(id) as ProblemRow | undefined;
    return row && problemFromRow(row);
  }

  /** Problems in insertion order, so seeded consumers see a stable sequence. */
  listProblems(filter?: ProblemFilter): Problem[] {
    return [...this.iterateProblems(filter)];
  }

  *iterateProblems(filter?: ProblemFilter): IterableIterator<Problem> {
    const { where, params, limit } = filterSql(filter);
    const rows = this.statement(`SELECT ${PROBLEM_COLUMNS} FROM problems p ${where} ORDER BY p.seq ${limit}`).iterate(...params);
    for (const row of rows) yield problemFromRow(row as ProblemRow);
  }

  /** Ids and prompts only, in insertion order: what a near-duplicate index is rebuilt from. */
  *iteratePrompts(): IterableIterator<{ id: string; prompt: string }> {
    yield* this.statement('SELECT id, prompt FROM problems ORDER BY seq').iterate() as IterableIterator<{ id: string; prompt: string }>;
  }

  countProblems(filter?: ProblemFilter): number {
    const { where, params, limit } = filterSql(filter);
    const sql = limit ? `SELECT count(*) AS n FROM (SELECT 1 FROM problems p ${where} ${limit})` : `SELECT count(*) AS n FROM problems p ${where}`;
    return (this.statement(sql).get(...params) as { n: number }).n;
  }

  /**
   * Appends attempts and folds them into each problem's statistics in the same transaction, so
   * the statistics always equal a recount of the attempts table. All or nothing: an attempt on an
   * unknown problem rejects the whole batch.
   */
  recordAttempts(attempts: readonly Attempt[]): void {
    if (attempts.length === 0) return;
    attempts.forEach(checkAttempt);
    const now = Date.now();
    try {
      this.db
        .transaction(() => {
          // The write lock is held from here on, so every attempt row after this one is ours.
          const lastBefore = this.statement('SELECT coalesce(max(seq), 0) FROM attempts').pluck().get() as number;
          this.insertAttemptRows(attempts, now);
          this.statement(FOLD_NEW_ATTEMPTS_SQL).run(lastBefore);
        })
        .immediate();
    } catch (error) {
      if (error instanceof Error && /FOREIGN KEY/.test(error.message)) {
        const unknown = [...new Set(attempts.map((attempt) => attempt.problemId))].filter((id) => !this.statement('SELECT 1 FROM problems WHERE id = ?').get(id));
        throw new Error(`recordAttempts: unknown problem id(s) ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}; nothing was recorded`);
      }
      throw error;
    }
  }

  /** Rebuilds these problems' statistics from their attempts, after attempts were deleted. */
  recountStatistics(problemIds: readonly string[]): void {
    if (problemIds.length === 0) return;
    const ids = JSON.stringify(problemIds);
    this.db.transaction(() => {
      this.statement('DELETE FROM problem_stats WHERE problem_id IN (SELECT value FROM json_each(?))').run(ids);
      this.statement(`${STATISTICS_OF_ATTEMPTS} WHERE problem_id IN (SELECT value FROM json_each(?)) GROUP BY problem_id`).run(ids);
    })();
  }

  private insertAttemptRows(attempts: readonly Attempt[], now: number): void {
    const full = this.attemptInsert(ATTEMPT_ROWS_PER_STATEMENT);
    const values: unknown[] = [];
    let pending = 0;
    for (const attempt of attempts) {
      values.push(attempt.problemId, attempt.policyVersion, attempt.reward, attempt.score, attempt.tokens, attempt.ms, attempt.at ?? now);
      pending += 1;
      if (pending === ATTEMPT_ROWS_PER_STATEMENT) {
        full.run(values);
        values.length = 0;
        pending = 0;
      }
    }
    if (pending > 0) this.attemptInsert(pending).run(values);
  }

  private attemptInsert(rows: number): Database.Statement {
    const tuple = '(?, ?, ?, ?, ?, ?, ?)';
    return this.statement(
      `INSERT INTO attempts (problem_id, policy_version, reward, score, tokens, ms, at) VALUES ${Array(rows).fill(tuple).join(', ')}`,
    );
  }

  /** Statistics of a stored problem (the prior when it has no attempts); undefined for an unknown id. */
  getStats(problemId: string): ProblemStats | undefined {
    const row = this.statement(`SELECT ${STATS_COLUMNS} FROM problems p LEFT JOIN problem_stats s ON s.problem_id = p.id WHERE p.id = ?`).get(
      problemId,
    ) as StatsRow | undefined;
    return row && statsFromRow(row);
  }

  listStats(filter?: ProblemFilter): ProblemStats[] {
    const { where, params, limit } = filterSql(filter);
    const rows = this.statement(
      `SELECT ${STATS_COLUMNS} FROM problems p LEFT JOIN problem_stats s ON s.problem_id = p.id ${where} ORDER BY p.seq ${limit}`,
    ).all(...params) as StatsRow[];
    return rows.map(statsFromRow);
  }

  getState<T>(key: string): T | undefined {
    const row = this.statement('SELECT value FROM state WHERE key = ?').get(key) as { value: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  setState(key: string, value: unknown): void {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`setState("${key}"): the value is not JSON-serializable`);
    this.statement(`INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`).run(key, text, Date.now());
  }

  /** The policy version of the most recent attempt (by its time), i.e. the model now training. A scan: for reports. */
  latestPolicyVersion(): string | undefined {
    const row = this.statement('SELECT policy_version FROM attempts ORDER BY at DESC, seq DESC LIMIT 1').get() as { policy_version: string } | undefined;
    return row?.policy_version;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Prepared once per SQL text: preparing dominates small queries otherwise. */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

export function openCorpus(path: string, options?: OpenCorpusOptions): SqliteCorpus {
  return new SqliteCorpus(path, options);
}

function statsFromRow(row: StatsRow): ProblemStats {
  return { problemId: row.problem_id, attempts: row.attempts, successes: row.successes, passRate: row.pass_rate, lastSeen: row.last_seen };
}

function checkAttempt(attempt: Attempt, index: number): void {
  const wrong = (field: string, expected: string) =>
    new TypeError(`recordAttempts: attempt ${index} field "${field}" must be ${expected}, received ${JSON.stringify(attempt[field as keyof Attempt])}`);
  if (typeof attempt.problemId !== 'string' || attempt.problemId === '') throw wrong('problemId', 'a problem id');
  if (typeof attempt.policyVersion !== 'string') throw wrong('policyVersion', 'a string');
  for (const field of ['reward', 'score', 'tokens', 'ms'] as const) {
    if (typeof attempt[field] !== 'number' || !Number.isFinite(attempt[field])) throw wrong(field, 'a finite number');
  }
  if (attempt.at !== undefined && !Number.isFinite(attempt.at)) throw wrong('at', 'epoch milliseconds');
}
