import type { Problem, ProblemSource } from '../core/problem.js';
import { normalizedHash } from './normalize-text.js';

/** A `problems` row as SQLite returns it. */
export interface ProblemRow {
  id: string;
  family: string;
  prompt: string;
  answer: string | null;
  tests: string | null;
  verifier: string;
  verifier_config: string | null;
  difficulty: number;
  source: string;
  parents: string | null;
  metadata: string;
}

export const PROBLEM_COLUMNS = 'p.id, p.family, p.prompt, p.answer, p.tests, p.verifier, p.verifier_config, p.difficulty, p.source, p.parents, p.metadata';

export function problemFromRow(row: ProblemRow): Problem {
  const problem: Problem = {
    id: row.id,
    family: row.family,
    prompt: row.prompt,
    verifier: row.verifier,
    difficulty: row.difficulty,
    source: row.source as ProblemSource,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  };
  if (row.answer !== null) problem.answer = row.answer;
  if (row.tests !== null) problem.tests = JSON.parse(row.tests) as Problem['tests'];
  if (row.verifier_config !== null) problem.verifierConfig = JSON.parse(row.verifier_config) as Record<string, unknown>;
  if (row.parents !== null) problem.parents = JSON.parse(row.parents) as string[];
  return problem;
}

/** Positional parameters of the insert statement, in column order. */
export function rowParameters(problem: Problem, hash: string = normalizedHash(problem.prompt), createdAt = Date.now()): unknown[] {
  return [
    problem.id,
    problem.family,
    problem.prompt,
    problem.answer ?? null,
    problem.tests === undefined ? null : JSON.stringify(problem.tests),
    problem.verifier,
    problem.verifierConfig === undefined ? null : JSON.stringify(problem.verifierConfig),
    problem.difficulty,
    problem.source,
    problem.parents === undefined ? null : JSON.stringify(problem.parents),
    JSON.stringify(problem.metadata),
    hash,
    createdAt,
  ];
}

export const INSERT_PROBLEM_SQL = `INSERT INTO problems
  (id, family, prompt, answer, tests, verifier, verifier_config, difficulty, source, parents, metadata, normalized_hash, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT DO NOTHING`;
