import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateProblems } from '../corpus/generate-problems.js';
import { openCorpus } from '../corpus/sqlite-corpus.js';
import { CharTokenizer, initBackend, saveCheckpoint, TransformerModel } from '../policy/embedded/index.js';
import { getFamily } from '../tasks/registry.js';
import { main } from './main.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'rlvr-self-play-'));
  await initBackend();
  const tokenizer = new CharTokenizer();
  const model = TransformerModel.create({ vocabSize: tokenizer.vocabSize, layers: 1, width: 16, heads: 2, contextLength: 56 }, 3);
  await saveCheckpoint(join(folder, 'init'), model, tokenizer);
  model.dispose();
  const store = openCorpus(join(folder, 'corpus.db'));
  store.addProblems(generateProblems(getFamily('addition'), { count: 20, minDifficulty: 0, maxDifficulty: 0.05, seed: 1, split: 'train' }));
  store.close();
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('rlvr train --self-play', () => {
  it('runs self-play steps and writes the policy and the per-step history', async () => {
    const output: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => output.push(String(chunk)) > 0);
    try {
      const status = await main(['node', 'rlvr', 'train', '--self-play', '--init', join(folder, 'init'), '--db', join(folder, 'corpus.db'), '--run-dir', join(folder, 'run'),
        '--steps', '1', '--proposals-per-step', '2', '--problems-per-step', '2', '--group-size', '2', '--max-tokens', '8', '--warm-up-steps', '2', '--json']);
      expect(status).toBe(0);
    } finally {
      stdout.mockRestore();
    }
    const result = JSON.parse(output.join('')) as { steps: number; history: Array<{ proposals: number }> };
    expect(result.steps).toBe(1);
    expect(result.history[0]!.proposals).toBe(2);
    expect(existsSync(join(folder, 'run', 'checkpoint', 'model.safetensors'))).toBe(true);
    expect((await readFile(join(folder, 'run', 'self-play.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(await readFile(join(folder, 'run', 'report.html'), 'utf8')).toContain('<section id="corpus-expansion">');
  });

  it('--resume continues the run from its checkpoint up to the new --steps', async () => {
    const output: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => output.push(String(chunk)) > 0);
    try {
      expect(await main(['node', 'rlvr', 'train', '--self-play', '--resume', join(folder, 'run'), '--steps', '2', '--json'])).toBe(0);
    } finally {
      stdout.mockRestore();
    }
    const result = JSON.parse(output.join('')) as { steps: number; history: Array<{ step: number; proposals: number }> };
    expect(result.steps).toBe(2);
    expect(result.history.map((step) => step.step)).toEqual([1, 2]);
    expect((await readFile(join(folder, 'run', 'self-play.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);
    expect(await readFile(join(folder, 'run', 'report.html'), 'utf8')).toContain('<tr><td>step 2</td><td>4</td>');
  });

  it('needs a starting checkpoint', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['node', 'rlvr', 'train', '--self-play', '--db', join(folder, 'corpus.db')])).toBe(2);
    } finally {
      stderr.mockRestore();
    }
  });
});
