import { access, rename, rm, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { loadCheckpoint, saveCheckpoint } from '../policy/embedded/checkpoint.js';
import type { TransformerModel } from '../policy/embedded/model.js';
import { decodeSafetensors, encodeSafetensors } from '../policy/embedded/safetensors.js';
import type { CharTokenizer } from '../policy/embedded/tokenizer.js';
import type { AdamWState } from './adamw.js';

export const CHECKPOINT_DIR = 'checkpoint';
const OPTIMIZER_FILE = 'optimizer.safetensors';

/** Everything besides weights that a resumed run needs to continue exactly. */
export interface TrainerState {
  /** RL steps completed. */
  step: number;
  /** Generation random stream. */
  random: [number, number, number, number];
  /** The sampler's own persisted state, written back to the store on resume. */
  sampler: unknown;
  samplerKey: string;
  /** Anything the loop wants back (best eval, metrics so far, …). */
  progress: Record<string, unknown>;
}

/**
 * Writes model, optimizer moments and trainer state as one unit: everything goes to a staging
 * directory first, which then replaces `runDir/checkpoint` by renames. A crash at any point leaves
 * either the previous checkpoint or the new one (at worst under `checkpoint.old`), never a mix.
 */
export async function saveRunCheckpoint(
  runDir: string,
  model: TransformerModel,
  tokenizer: CharTokenizer,
  optimizer: AdamWState,
  state: TrainerState,
): Promise<void> {
  const target = path.join(runDir, CHECKPOINT_DIR);
  const staging = `${target}.staging`;
  const previous = `${target}.old`;
  await rm(staging, { recursive: true, force: true });
  await saveCheckpoint(staging, model, tokenizer, { trainer: state });
  await writeFile(path.join(staging, OPTIMIZER_FILE), encodeOptimizerState(optimizer));
  await rm(previous, { recursive: true, force: true });
  if (await exists(target)) await rename(target, previous);
  await rename(staging, target);
  await rm(previous, { recursive: true, force: true });
}

export interface LoadedRunCheckpoint {
  model: TransformerModel;
  tokenizer: CharTokenizer;
  optimizer?: AdamWState;
  state?: TrainerState;
}

/** Loads the newest complete checkpoint of a run (falls back to `checkpoint.old` after a crash mid-swap). */
export async function loadRunCheckpoint(runDir: string): Promise<LoadedRunCheckpoint> {
  const target = path.join(runDir, CHECKPOINT_DIR);
  const directory = (await exists(target)) ? target : (await exists(`${target}.old`)) ? `${target}.old` : undefined;
  if (directory === undefined) throw new InputError('no checkpoint to resume from', { file: target });
  const { model, tokenizer, extra } = await loadCheckpoint(directory);
  const state = extra['trainer'] as TrainerState | undefined;
  const optimizerFile = path.join(directory, OPTIMIZER_FILE);
  const optimizer = (await exists(optimizerFile)) ? decodeOptimizerState(await readFile(optimizerFile), optimizerFile) : undefined;
  return { model, tokenizer, optimizer, state };
}

function encodeOptimizerState(state: AdamWState): Buffer {
  const entries = state.shapes.flatMap((shape, index) => [
    { name: `first.${index}`, shape, values: state.firstMoments[index]! },
    { name: `second.${index}`, shape, values: state.secondMoments[index]! },
  ]);
  return encodeSafetensors(entries, { step: String(state.step), variables: String(state.shapes.length) });
}

function decodeOptimizerState(buffer: Buffer, file: string): AdamWState {
  const { tensors, metadata } = decodeSafetensors(buffer, file);
  const count = Number(metadata['variables']);
  const step = Number(metadata['step']);
  if (!Number.isInteger(count) || !Number.isInteger(step)) throw new InputError('optimizer state lacks its step/variables metadata', { file });
  const state: AdamWState = { step, shapes: [], firstMoments: [], secondMoments: [] };
  for (let index = 0; index < count; index++) {
    const first = tensors.get(`first.${index}`);
    const second = tensors.get(`second.${index}`);
    if (!first || !second) throw new InputError(`optimizer moments of variable ${index} are missing`, { file });
    state.shapes.push([...first.shape]);
    state.firstMoments.push(first.values);
    state.secondMoments.push(second.values);
  }
  return state;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
