import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, writeFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { tinyModel } from './test-helpers.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const PYTHON_READER = `
import json, struct, sys
with open(sys.argv[1], 'rb') as handle:
    (length,) = struct.unpack('<Q', handle.read(8))
    header = json.loads(handle.read(length))
    data = handle.read()
entry = header['token_embedding']
begin, end = entry['data_offsets']
values = struct.unpack('<%df' % ((end - begin) // 4), data[begin:end])
print(json.dumps({'dtype': entry['dtype'], 'shape': entry['shape'], 'sum': sum(values), 'metadata': header['__metadata__'], 'tensors': len(header) - 1}))
`;

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
}

describe('checkpoint', () => {
  it('saves and loads a model that gives identical logits, plus tokenizer and extra', async () => {
    const directory = path.join(await mkdtemp(path.join(tmpdir(), 'rlvr-checkpoint-')), 'step-10');
    const { model, tokenizer } = tinyModel(21);
    await saveCheckpoint(directory, model, tokenizer, { step: 10, note: 'sft' });
    expect((await readdir(directory)).sort()).toEqual(['config.json', 'model.safetensors']);
    const loaded = await loadCheckpoint(directory);
    const input = tf.tensor2d([tokenizer.encode('<think>9*9</think>')], undefined, 'int32');
    expect(loaded.model.logits(input).dataSync()).toEqual(model.logits(input).dataSync());
    expect(loaded.extra).toEqual({ step: 10, note: 'sft' });
    expect(loaded.tokenizer.encode('<answer>1</answer>')).toEqual(tokenizer.encode('<answer>1</answer>'));
    // Saving again over an existing checkpoint replaces it atomically and leaves no temp dirs.
    await saveCheckpoint(directory, loaded.model, loaded.tokenizer, { step: 11 });
    expect((await loadCheckpoint(directory)).extra).toEqual({ step: 11 });
    expect(await readdir(path.dirname(directory))).toEqual(['step-10']);
    model.dispose();
    loaded.model.dispose();
  });

  it.runIf(hasPython())('writes real safetensors that plain Python (json + struct) reads', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'rlvr-checkpoint-'));
    const { model, tokenizer } = tinyModel(22);
    await saveCheckpoint(directory, model, tokenizer);
    const report = JSON.parse(execFileSync('python3', ['-c', PYTHON_READER, path.join(directory, 'model.safetensors')]).toString());
    const embedding = model.parameters.get('token_embedding')!;
    expect(report.dtype).toBe('F32');
    expect(report.shape).toEqual(embedding.shape);
    expect(report.sum).toBeCloseTo(tf.sum(embedding).dataSync()[0]!, 3);
    expect(report.tensors).toBe(model.variables.length);
    expect(report.metadata.format).toMatch(/rlvr/);
    model.dispose();
  });

  it('fails with clear errors on a missing, truncated or corrupt checkpoint', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'rlvr-checkpoint-'));
    await expect(loadCheckpoint(directory)).rejects.toThrow(/config\.json: checkpoint file not found/);
    const { model, tokenizer } = tinyModel(23);
    await saveCheckpoint(directory, model, tokenizer);
    await truncate(path.join(directory, 'model.safetensors'), 3000);
    await expect(loadCheckpoint(directory)).rejects.toThrow(/model\.safetensors.*(truncated or corrupt|corrupt safetensors header)/);
    await writeFile(path.join(directory, 'model.safetensors'), Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0x7b]));
    await expect(loadCheckpoint(directory)).rejects.toThrow(/corrupt safetensors header/);
    await writeFile(path.join(directory, 'config.json'), '{"format": "rlvr-embedded-transformer/1", "model": {"layers": 2}}');
    await expect(loadCheckpoint(directory)).rejects.toThrow(/config\.json, field "vocabSize"/);
    model.dispose();
  });
});
