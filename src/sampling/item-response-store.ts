import type { CorpusStore } from '../core/corpus.js';
import { SqliteCorpus } from '../corpus/sqlite-corpus.js';
import { ItemResponseModel, type ItemLookup, type ItemResponseOptions, type ItemResponseSnapshot } from './item-response.js';

/**
 * Per-problem parameters go to a table of their own on the SQLite store (one row per attempted
 * problem, rewritten only when it changed); versions and options go to the state table. On any other
 * CorpusStore the whole snapshot is one state document, which suits corpora of up to ~10⁵ attempted
 * problems (each save rewrites it).
 */
const TABLE = `CREATE TABLE IF NOT EXISTS item_response_problems (
  model_key TEXT NOT NULL,
  problem_id TEXT NOT NULL,
  family TEXT NOT NULL,
  label REAL NOT NULL,
  mean REAL NOT NULL,
  precision REAL NOT NULL,
  PRIMARY KEY (model_key, problem_id)
) WITHOUT ROWID`;

interface StateDocument {
  options: ItemResponseSnapshot['options'];
  versions: ItemResponseSnapshot['versions'];
  problems?: ItemResponseSnapshot['problems'];
}

/** The model saved under `key`, or a new one with `options` when nothing is saved yet. */
export function loadItemResponseModel(store: CorpusStore, key: string, options?: ItemResponseOptions): ItemResponseModel {
  const document = store.getState<StateDocument>(key);
  if (!document) return new ItemResponseModel(options);
  let problems = document.problems ?? [];
  if (store instanceof SqliteCorpus) {
    store.db.exec(TABLE);
    problems = (
      store.statement('SELECT problem_id, family, label, mean, precision FROM item_response_problems WHERE model_key = ?').raw().all(key) as ItemResponseSnapshot['problems']
    );
  }
  return ItemResponseModel.fromSnapshot({ options: document.options, versions: document.versions, problems });
}

/** Saves the model under `key`; on SQLite only the problems changed since the last save are written. */
export function saveItemResponseModel(store: CorpusStore, key: string, model: ItemResponseModel): void {
  const snapshot = model.snapshot();
  if (!(store instanceof SqliteCorpus)) {
    model.takeChanged();
    store.setState(key, snapshot);
    return;
  }
  store.db.exec(TABLE);
  const upsert = store.statement(`INSERT INTO item_response_problems (model_key, problem_id, family, label, mean, precision)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (model_key, problem_id) DO UPDATE SET
    family = excluded.family, label = excluded.label, mean = excluded.mean, precision = excluded.precision`);
  store.db.transaction(() => {
    for (const problemId of model.takeChanged()) {
      const belief = model.problemBelief(problemId)!;
      upsert.run(key, problemId, belief.family, belief.difficulty, belief.mean, belief.precision);
    }
    store.setState(key, { options: snapshot.options, versions: snapshot.versions } satisfies StateDocument);
  })();
}

/** Family and difficulty label of stored problems, as the model's lookup. */
export function labelsFromStore(store: CorpusStore): ItemLookup {
  return (problemId) => {
    const problem = store.getProblem(problemId);
    return problem && { family: problem.family, difficulty: problem.difficulty };
  };
}
