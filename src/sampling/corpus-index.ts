import type { CorpusStore, ProblemFilter, ProblemStats } from '../core/corpus.js';
import type { Problem } from '../core/problem.js';
import { filterSql } from '../corpus/problem-filter-sql.js';
import { PROBLEM_COLUMNS, problemFromRow, type ProblemRow } from '../corpus/problem-row.js';
import { isSuccess, smoothedPassRate, SqliteCorpus } from '../corpus/sqlite-corpus.js';
import type { GroupResult } from './sampler.js';
import type { ObservedGroup } from './sampling-strategy.js';

/**
 * The sampler's compact view of the filtered corpus: ids, families, difficulty labels and pass-rate
 * counts by position (typed arrays where numeric), loaded once. Problems themselves stay in the store and are fetched
 * when drawn.
 */
export class CorpusIndex {
  private readonly positions = new Map<string, number>();

  private constructor(
    private readonly store: CorpusStore,
    readonly ids: readonly string[],
    readonly families: readonly string[],
    readonly difficulties: Float64Array,
    readonly attempts: Float64Array,
    readonly successes: Float64Array,
    readonly passRates: Float64Array,
  ) {
    ids.forEach((id, position) => this.positions.set(id, position));
  }

  /**
   * Loads the index of the problems matching `filter`. On the SQLite store it reads only the few
   * columns it needs in one query; any other store goes through the CorpusStore interface.
   */
  static build(store: CorpusStore, filter: ProblemFilter = {}): CorpusIndex {
    const rows = store instanceof SqliteCorpus ? indexRowsFromSqlite(store, filter) : indexRowsFromStore(store, filter);
    const size = rows.length;
    const ids = new Array<string>(size);
    const families = new Array<string>(size);
    const difficulties = new Float64Array(size);
    const attempts = new Float64Array(size);
    const successes = new Float64Array(size);
    const passRates = new Float64Array(size);
    rows.forEach((row, position) => {
      ids[position] = row.id;
      families[position] = row.family;
      difficulties[position] = row.difficulty;
      attempts[position] = row.attempts;
      successes[position] = row.successes;
      passRates[position] = row.passRate;
    });
    return new CorpusIndex(store, ids, families, difficulties, attempts, successes, passRates);
  }

  get size(): number {
    return this.ids.length;
  }

  positionOf(id: string): number | undefined {
    return this.positions.get(id);
  }

  /** The problems at these positions, in order; one query on the SQLite store. */
  problems(positions: readonly number[]): Problem[] {
    const ids = positions.map((position) => this.ids[position]!);
    const found = new Map<string, Problem>();
    if (this.store instanceof SqliteCorpus) {
      const rows = this.store
        .statement(`SELECT ${PROBLEM_COLUMNS} FROM problems p WHERE p.id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(ids)) as ProblemRow[];
      for (const row of rows) found.set(row.id, problemFromRow(row));
    } else {
      for (const id of new Set(ids)) {
        const problem = this.store.getProblem(id);
        if (problem) found.set(id, problem);
      }
    }
    return ids.map((id) => {
      const problem = found.get(id);
      if (!problem) throw new Error(`problem ${id} disappeared from the corpus while sampling`);
      return problem;
    });
  }

  /**
   * Adds each group's completions to its problem's counts and pass rate, by the store's own rule,
   * so the figures match what a restarted sampler reads back once the attempts are recorded.
   * Results for problems outside the index are ignored.
   */
  record(results: readonly GroupResult[]): ObservedGroup[] {
    const observed: ObservedGroup[] = [];
    for (const { problemId, scores } of results) {
      const position = this.positions.get(problemId);
      if (position === undefined) continue;
      for (const score of scores) {
        if (!(score >= 0 && score <= 1)) throw new RangeError(`scores must be in [0, 1], received ${score} for ${problemId}`);
      }
      this.attempts[position]! += scores.length;
      this.successes[position]! += scores.filter((score) => isSuccess({ score })).length;
      this.passRates[position] = smoothedPassRate(this.successes[position]!, this.attempts[position]!);
      observed.push({ position, scores });
    }
    return observed;
  }
}

interface IndexRow {
  id: string;
  family: string;
  difficulty: number;
  attempts: number;
  successes: number;
  passRate: number;
}

function indexRowsFromSqlite(store: SqliteCorpus, filter: ProblemFilter): IndexRow[] {
  const { where, params, limit } = filterSql(filter);
  return store
    .statement(
      `SELECT p.id AS id, p.family AS family, p.difficulty AS difficulty, coalesce(s.attempts, 0) AS attempts, coalesce(s.successes, 0) AS successes,
        coalesce(s.pass_rate, ${smoothedPassRate(0, 0)}) AS passRate
      FROM problems p LEFT JOIN problem_stats s ON s.problem_id = p.id ${where} ORDER BY p.seq ${limit}`,
    )
    .all(...params) as IndexRow[];
}

function indexRowsFromStore(store: CorpusStore, filter: ProblemFilter): IndexRow[] {
  const stats = new Map<string, ProblemStats>();
  for (const row of store.listStats(filter)) stats.set(row.problemId, row);
  return store.listProblems(filter).map((problem) => {
    const row = stats.get(problem.id);
    return {
      id: problem.id,
      family: problem.family,
      difficulty: problem.difficulty,
      attempts: row?.attempts ?? 0,
      successes: row?.successes ?? 0,
      passRate: row?.passRate ?? smoothedPassRate(0, 0),
    };
  });
}
