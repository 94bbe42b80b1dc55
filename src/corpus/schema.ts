import type Database from 'better-sqlite3';

/** The layout this code reads and writes; stored in SQLite's `user_version`. */
export const SCHEMA_VERSION = 1;

/**
 * Version 1. A problem's JSON-valued fields are stored as JSON text. `split` mirrors
 * `metadata.split` as a generated column so held-out filtering can use an index.
 * Statistics rows exist only for problems with at least one attempt; readers fill in the prior.
 * Attempts carry no foreign key of their own: they are written in the same transaction as their
 * problem's statistics row, whose foreign key rejects an unknown problem (one check per problem
 * instead of one per attempt). Attempts have no secondary index: appending stays cheap, and the
 * per-policy reports that read them scan once.
 */
const VERSION_1 = `
CREATE TABLE problems (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  family TEXT NOT NULL,
  prompt TEXT NOT NULL,
  answer TEXT,
  tests TEXT,
  verifier TEXT NOT NULL,
  verifier_config TEXT,
  difficulty REAL NOT NULL,
  source TEXT NOT NULL,
  parents TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  normalized_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  split TEXT GENERATED ALWAYS AS (json_extract(metadata, '$.split')) VIRTUAL
);
CREATE INDEX problems_family_difficulty ON problems (family, difficulty);
CREATE INDEX problems_split ON problems (split);

CREATE TABLE attempts (
  seq INTEGER PRIMARY KEY,
  problem_id TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  reward REAL NOT NULL,
  score REAL NOT NULL,
  tokens INTEGER NOT NULL,
  ms REAL NOT NULL,
  at INTEGER NOT NULL
);

CREATE TABLE problem_stats (
  problem_id TEXT PRIMARY KEY REFERENCES problems (id),
  attempts INTEGER NOT NULL,
  successes INTEGER NOT NULL,
  pass_rate REAL NOT NULL,
  last_seen INTEGER
) WITHOUT ROWID;

CREATE TABLE state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** Index = the version a migration produces minus one. */
const MIGRATIONS: readonly string[] = [VERSION_1];

export class SchemaVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaVersionError';
  }
}

/**
 * Brings a database up to SCHEMA_VERSION, refusing files written by a newer rlvr or by something
 * else. The version is re-read under the write lock so two processes opening a new file at once
 * do not both create the tables.
 */
export function migrate(db: Database.Database, path: string): void {
  if (checkedVersion(db, path) === SCHEMA_VERSION) return;
  db.transaction(() => {
    const current = checkedVersion(db, path);
    if (current === SCHEMA_VERSION) return;
    if (current === 0 && hasForeignTables(db)) {
      throw new SchemaVersionError(`${path}: not an rlvr corpus (it has tables but no rlvr schema version)`);
    }
    for (let version = current; version < SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

function checkedVersion(db: Database.Database, path: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new SchemaVersionError(
      `${path}: corpus schema version ${version} is newer than this rlvr understands (${SCHEMA_VERSION}); upgrade rlvr to open it`,
    );
  }
  return version;
}

function hasForeignTables(db: Database.Database): boolean {
  const row = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).get() as { n: number };
  return row.n > 0;
}
