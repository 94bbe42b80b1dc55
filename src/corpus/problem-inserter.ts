import type Database from 'better-sqlite3';
import { rowParameters } from './problem-row.js';
import type { HashedProblem } from './sqlite-corpus.js';

/** Below this many problems an insert keeps the secondary indexes. */
const BULK_INSERT_MINIMUM = 5_000;

/**
 * Inserts problems inside the caller's write transaction; a problem whose id or normalized prompt
 * is already stored is skipped. Once the problems inserted through it would at least double the
 * table, it drops the table's secondary indexes (not the unique ones, which the inserts check):
 * building an index afterwards sorts once instead of growing it row by row. `finish` rebuilds
 * them; inside the transaction, so other connections never see the table without them.
 */
export class ProblemInserter {
  private inserted = 0;
  private added = 0;
  private droppedIndexes?: string[];
  private storedBefore?: number;

  constructor(
    private readonly db: Database.Database,
    private readonly insert: Database.Statement,
    /** Counts the stored problems; called only once a bulk insert is possible, as it scans an index. */
    private readonly countStored: () => number,
  ) {}

  /** Per problem, whether it was added. */
  add(problems: readonly HashedProblem[], createdAt = Date.now()): boolean[] {
    this.inserted += problems.length;
    if (!this.droppedIndexes && this.inserted >= BULK_INSERT_MINIMUM && this.inserted >= (this.storedBefore ??= this.countStored() - this.added)) {
      this.droppedIndexes = this.dropSecondaryIndexes();
    }
    const added = problems.map(({ problem, hash }) => this.insert.run(rowParameters(problem, hash, createdAt)).changes > 0);
    this.added += added.filter(Boolean).length;
    return added;
  }

  /** Rebuilds the indexes dropped for speed; call before committing. */
  finish(): void {
    for (const sql of this.droppedIndexes ?? []) this.db.exec(sql);
    this.droppedIndexes = undefined;
  }

  /** Drops the problems table's secondary indexes and returns the statements that recreate them. */
  private dropSecondaryIndexes(): string[] {
    const indexes = this.db
      .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'problems' AND sql IS NOT NULL`)
      .all() as Array<{ name: string; sql: string }>;
    for (const { name } of indexes) this.db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
    return indexes.map(({ sql }) => sql);
  }
}
