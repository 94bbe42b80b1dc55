import type { Problem } from '../core/problem.js';
import { isPlainObject } from './validate-problem.js';

/**
 * veRL's RL dataset layout (verl/utils/dataset/rl_dataset.py and its example preprocessors):
 * `data_source`, `prompt` as chat messages, `ability`, `reward_model {style, ground_truth}`,
 * `extra_info {split, index, …}`. On export rlvr keeps everything veRL does not know in
 * `extra_info` so the file imports back to the same problems.
 */
export interface VerlRecord {
  data_source: string;
  prompt: Array<{ role: string; content: string }>;
  ability: string;
  reward_model: { style: string; ground_truth: string };
  extra_info: VerlExtraInfo;
}

export interface VerlExtraInfo {
  index: number;
  split: string;
  id: string;
  difficulty: number;
  verifier: string;
  source: string;
  /** JSON texts (null when absent): Parquet struct fields need one type per column. */
  tests: string | null;
  verifier_config: string | null;
  parents: string | null;
  metadata: string;
}

/** A record is in veRL layout when its prompt is a message list and it has a reward_model object. */
export function looksLikeVerl(record: unknown): boolean {
  if (!isPlainObject(record)) return false;
  return Array.isArray(record.prompt) && isPlainObject(record.reward_model);
}

/** Split names veRL datasets use for evaluation data; rlvr calls them all `heldout`. */
const HELD_OUT_SPLITS = new Set(['test', 'validation', 'val', 'valid', 'dev', 'heldout', 'eval']);

/** Rewrites a veRL record into rlvr's field names, for the ordinary record conversion to finish. */
export function fieldsFromVerl(record: Record<string, unknown>): Record<string, unknown> {
  const rewardModel = (record.reward_model ?? {}) as Record<string, unknown>;
  const extra = isPlainObject(record.extra_info) ? record.extra_info : {};
  const ownMetadata = parseJsonObject(extra.metadata);
  const metadata: Record<string, unknown> = ownMetadata ?? {};
  if (!ownMetadata) {
    if (record.ability !== undefined) metadata.ability = record.ability;
    if (rewardModel.style !== undefined) metadata.rewardStyle = rewardModel.style;
    if (Object.keys(extra).length) metadata.extraInfo = extra;
    if (typeof extra.split === 'string') metadata.split = HELD_OUT_SPLITS.has(extra.split.toLowerCase()) ? 'heldout' : extra.split;
    if (typeof extra.difficulty !== 'number') metadata.difficultyUnlabeled = true;
  }
  const messages = record.prompt;
  const fields: Record<string, unknown> = {
    family: record.data_source,
    prompt: messages,
    // A code problem exported by rlvr carries its tests as the ground truth; they are not an answer.
    answer: typeof extra.tests === 'string' && rewardModel.ground_truth === extra.tests ? undefined : rewardModel.ground_truth,
    metadata,
  };
  for (const key of ['id', 'difficulty', 'verifier', 'source'] as const) if (extra[key] !== undefined && extra[key] !== null) fields[key] = extra[key];
  for (const [key, target] of [['tests', 'tests'], ['verifier_config', 'verifierConfig'], ['parents', 'parents']] as const) {
    if (typeof extra[key] === 'string') fields[target] = extra[key];
  }
  return fields;
}

export function toVerlRecord(problem: Problem, index: number): VerlRecord {
  const messages = Array.isArray(problem.metadata.messages) ? (problem.metadata.messages as VerlRecord['prompt']) : [{ role: 'user', content: problem.prompt }];
  return {
    data_source: problem.family,
    prompt: messages,
    ability: typeof problem.metadata.ability === 'string' ? problem.metadata.ability : problem.family,
    reward_model: {
      style: typeof problem.metadata.rewardStyle === 'string' ? problem.metadata.rewardStyle : 'rule',
      ground_truth: problem.answer ?? (problem.tests ? JSON.stringify(problem.tests) : ''),
    },
    extra_info: {
      index,
      split: typeof problem.metadata.split === 'string' ? problem.metadata.split : 'train',
      id: problem.id,
      difficulty: problem.difficulty,
      verifier: problem.verifier,
      source: problem.source,
      tests: problem.tests ? JSON.stringify(problem.tests) : null,
      verifier_config: problem.verifierConfig ? JSON.stringify(problem.verifierConfig) : null,
      parents: problem.parents ? JSON.stringify(problem.parents) : null,
      metadata: JSON.stringify(problem.metadata),
    },
  };
}

function parseJsonObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
