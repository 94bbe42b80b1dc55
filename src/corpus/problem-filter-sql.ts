import type { ProblemFilter } from '../core/corpus.js';

export interface FilterSql {
  /** `WHERE …` or an empty string; columns are qualified with the `p.` alias of `problems`. */
  where: string;
  params: unknown[];
  /** `LIMIT ?` or an empty string; its parameter is the last of `params`. */
  limit: string;
}

/**
 * Translates a filter to SQL over `problems AS p`. A problem with no `metadata.split` counts as
 * training data, so `split: 'train'` matches it too: held-out problems are the ones marked.
 */
export function filterSql(filter: ProblemFilter = {}): FilterSql {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.family !== undefined) {
    const families = Array.isArray(filter.family) ? filter.family : [filter.family];
    if (families.length === 0) clauses.push('0');
    else {
      clauses.push(`p.family IN (${families.map(() => '?').join(', ')})`);
      params.push(...families);
    }
  }
  if (filter.source !== undefined) {
    clauses.push('p.source = ?');
    params.push(filter.source);
  }
  if (filter.minDifficulty !== undefined) {
    clauses.push('p.difficulty >= ?');
    params.push(filter.minDifficulty);
  }
  if (filter.maxDifficulty !== undefined) {
    clauses.push('p.difficulty <= ?');
    params.push(filter.maxDifficulty);
  }
  if (filter.split !== undefined) {
    clauses.push(filter.split === 'train' ? `(p.split = 'train' OR p.split IS NULL)` : 'p.split = ?');
    if (filter.split !== 'train') params.push(filter.split);
  }
  let limit = '';
  if (filter.limit !== undefined) {
    limit = 'LIMIT ?';
    params.push(Math.max(0, Math.floor(filter.limit)));
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, limit };
}
