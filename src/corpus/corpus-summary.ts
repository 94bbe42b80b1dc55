import { SCHEMA_VERSION } from './schema.js';
import type { SqliteCorpus } from './sqlite-corpus.js';

export interface FamilySummary {
  family: string;
  problems: number;
  heldout: number;
  attempted: number;
  attempts: number;
  successes: number;
  /** Mean smoothed pass rate over the family's problems (0.5 for an untried one). */
  meanPassRate: number;
  minDifficulty: number;
  maxDifficulty: number;
}

export interface CorpusSummary {
  path: string;
  schemaVersion: number;
  problems: number;
  attempts: number;
  sources: Record<string, number>;
  policyVersions: Array<{ version: string; attempts: number; lastAt: number }>;
  families: FamilySummary[];
}

/** Totals for `rlvr corpus stats`, each one SQL aggregate. */
export function summarizeCorpus(corpus: SqliteCorpus): CorpusSummary {
  const families = corpus.db
    .prepare(
      `SELECT p.family AS family, count(*) AS problems, count(*) FILTER (WHERE p.split = 'heldout') AS heldout,
         count(s.problem_id) AS attempted, coalesce(sum(s.attempts), 0) AS attempts, coalesce(sum(s.successes), 0) AS successes,
         avg(coalesce(s.pass_rate, 0.5)) AS meanPassRate, min(p.difficulty) AS minDifficulty, max(p.difficulty) AS maxDifficulty
       FROM problems p LEFT JOIN problem_stats s ON s.problem_id = p.id GROUP BY p.family ORDER BY p.family`,
    )
    .all() as FamilySummary[];
  const sources = corpus.db.prepare('SELECT source, count(*) AS n FROM problems GROUP BY source ORDER BY source').all() as Array<{ source: string; n: number }>;
  const policyVersions = corpus.db
    .prepare('SELECT policy_version AS version, count(*) AS attempts, max(at) AS lastAt FROM attempts GROUP BY policy_version ORDER BY lastAt')
    .all() as CorpusSummary['policyVersions'];
  return {
    path: corpus.path,
    schemaVersion: SCHEMA_VERSION,
    problems: families.reduce((sum, family) => sum + family.problems, 0),
    attempts: policyVersions.reduce((sum, policy) => sum + policy.attempts, 0),
    sources: Object.fromEntries(sources.map(({ source, n }) => [source, n])),
    policyVersions,
    families,
  };
}
