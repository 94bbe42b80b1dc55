import type { SqliteCorpus } from '../corpus/sqlite-corpus.js';

/** High-water marks of the corpus tables, taken with a checkpoint. */
export interface CorpusMarks {
  problemSeq: number;
  attemptSeq: number;
}

export function corpusMarks(store: SqliteCorpus): CorpusMarks {
  const highest = (table: 'problems' | 'attempts') => (store.statement(`SELECT coalesce(max(seq), 0) AS seq FROM ${table}`).get() as { seq: number }).seq;
  return { problemSeq: highest('problems'), attemptSeq: highest('attempts') };
}

/**
 * Undoes what a self-play run wrote to the corpus after its checkpoint — the problems it admitted
 * (proposer version `RUN@STEP`) and the attempts it recorded (policy version `RUN` or `RUN@STEP`)
 * — and recounts the statistics of every problem those attempts touched, so a resumed run redoes
 * the lost steps from the corpus the checkpoint saw. Rows written by anyone else stay.
 */
export function rollBackRun(store: SqliteCorpus, marks: CorpusMarks, runName: string): { problems: number; attempts: number } {
  const prefix = `${runName}@`;
  return store.db
    .transaction(() => {
      const problems = store
        .statement(`SELECT id FROM problems WHERE seq > ? AND source = 'proposed' AND substr(coalesce(json_extract(metadata, '$.provenance.proposer.version'), ''), 1, ?) = ?`)
        .pluck()
        .all(marks.problemSeq, prefix.length, prefix) as string[];
      const removed = JSON.stringify(problems);
      const ownAttempts = `seq > ? AND (policy_version = ? OR substr(policy_version, 1, ?) = ?)`;
      const ownParameters = [marks.attemptSeq, runName, prefix.length, prefix];
      const touched = store
        .statement(`SELECT DISTINCT problem_id FROM attempts WHERE ${ownAttempts} AND problem_id NOT IN (SELECT value FROM json_each(?))`)
        .pluck()
        .all(...ownParameters, removed) as string[];
      const attempts = store.statement(`DELETE FROM attempts WHERE (${ownAttempts}) OR problem_id IN (SELECT value FROM json_each(?))`).run(...ownParameters, removed).changes;
      store.statement('DELETE FROM problem_stats WHERE problem_id IN (SELECT value FROM json_each(?))').run(removed);
      store.statement('DELETE FROM problems WHERE id IN (SELECT value FROM json_each(?))').run(removed);
      store.recountStatistics(touched);
      return { problems: problems.length, attempts };
    })
    .immediate();
}
