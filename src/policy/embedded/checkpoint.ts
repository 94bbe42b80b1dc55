import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../core/errors.js';
import { parseTransformerConfig } from './model-config.js';
import { parameterShapes, TransformerModel } from './model.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { CharTokenizer } from './tokenizer.js';

export const WEIGHTS_FILE = 'model.safetensors';
export const CONFIG_FILE = 'config.json';
const FORMAT = 'rlvr-embedded-transformer/1';

export interface LoadedCheckpoint {
  model: TransformerModel;
  tokenizer: CharTokenizer;
  extra: Record<string, unknown>;
}

/**
 * Writes `dir/model.safetensors` (every weight as F32, by checkpoint name) and `dir/config.json`
 * ({format, model, tokenizer, extra}). Atomic: both files go to a sibling temp directory that
 * then replaces `dir`, so a crash never leaves a half-written checkpoint.
 */
export async function saveCheckpoint(
  dir: string,
  model: TransformerModel,
  tokenizer: CharTokenizer,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const target = path.resolve(dir);
  const entries = [...model.parameters].map(([name, variable]) => ({
    name,
    shape: variable.shape,
    values: variable.dataSync() as Float32Array,
  }));
  const weights = encodeSafetensors(entries, { format: FORMAT });
  const config = { format: FORMAT, model: model.config, tokenizer: tokenizer.toJSON(), extra };
  const temporary = `${target}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(temporary, { recursive: true });
  try {
    await writeFile(path.join(temporary, WEIGHTS_FILE), weights);
    await writeFile(path.join(temporary, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
    const previous = `${target}.old-${process.pid}-${Date.now()}`;
    const hadPrevious = await rename(target, previous).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    await rename(temporary, target);
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/** Loads a checkpoint written by `saveCheckpoint`; errors name the file and what is wrong. */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const configFile = path.join(dir, CONFIG_FILE);
  const weightsFile = path.join(dir, WEIGHTS_FILE);
  const config = parseConfigFile(await readCheckpointFile(configFile), configFile);
  const modelConfig = parseTransformerConfig(config.model, configFile);
  let tokenizer: CharTokenizer;
  try {
    tokenizer = CharTokenizer.fromJSON(config.tokenizer);
  } catch (error) {
    throw new InputError((error as Error).message, { file: configFile, field: 'tokenizer' });
  }
  if (tokenizer.vocabSize !== modelConfig.vocabSize) {
    throw new InputError(`tokenizer has ${tokenizer.vocabSize} tokens but the model's vocabSize is ${modelConfig.vocabSize}`, {
      file: configFile,
      field: 'model.vocabSize',
    });
  }
  const { tensors } = decodeSafetensors(await readCheckpointFile(weightsFile), weightsFile);
  const weights = new Map<string, Float32Array>();
  for (const [name, shape] of parameterShapes(modelConfig)) {
    const tensor = tensors.get(name);
    if (tensor === undefined) throw new InputError(`missing tensor "${name}"`, { file: weightsFile, field: name });
    if (tensor.shape.join(',') !== shape.join(',')) {
      throw new InputError(`tensor "${name}" has shape [${tensor.shape.join(', ')}], the config needs [${shape.join(', ')}]`, {
        file: weightsFile,
        field: name,
      });
    }
    weights.set(name, tensor.values);
  }
  const extra = config.extra !== null && typeof config.extra === 'object' ? (config.extra as Record<string, unknown>) : {};
  return { model: TransformerModel.fromWeights(modelConfig, weights), tokenizer, extra };
}

async function readCheckpointFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'checkpoint file not found' : `cannot read checkpoint file (${code})`, { file });
  }
}

function parseConfigFile(buffer: Buffer, file: string): Record<string, unknown> {
  let config: unknown;
  try {
    config = JSON.parse(buffer.toString('utf8'));
  } catch (error) {
    throw new InputError(`invalid JSON: ${(error as Error).message}`, { file });
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new InputError('expected a JSON object', { file });
  const format = (config as Record<string, unknown>).format;
  if (format !== FORMAT) throw new InputError(`unknown checkpoint format ${JSON.stringify(format)}, expected "${FORMAT}"`, { file, field: 'format' });
  return config as Record<string, unknown>;
}
