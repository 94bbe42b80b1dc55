import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EpisodeRecord } from '../rollout/episode-records.js';
import { CharTokenizer, initBackend, saveCheckpoint, TransformerModel } from '../policy/embedded/index.js';
import { main } from './main.js';

const bin = new URL('../../bin/rlvr', import.meta.url).pathname;
let folder: string;
let checkpoint: string;

function rlvr(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd: folder });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'rlvr-cli-policy-'));
  checkpoint = join(folder, 'checkpoint');
  await initBackend();
  const tokenizer = new CharTokenizer();
  const model = TransformerModel.create({ vocabSize: tokenizer.vocabSize, layers: 1, width: 16, heads: 2, contextLength: 128 }, 7);
  await saveCheckpoint(checkpoint, model, tokenizer);
  model.dispose();
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('rlvr eval', () => {
  it('evaluates an embedded checkpoint, records attempts, and says where RL cannot start', async () => {
    const result = await rlvr(['eval', '--policy', `embedded:${checkpoint}`, '--family', 'multiplication', '--difficulty', '0.8..1', '--n', '3', '-k', '2', '--max-tokens', '8', '--db', 'corpus.db', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { overall: { problems: number; passAtK: number }; baseCapability: string[] };
    expect(report.overall).toMatchObject({ problems: 3, passAtK: 0 });
    expect(report.baseCapability[0]).toMatch(/^multiplication: pass@2 is 0 .*calculator/);
    const stats = await rlvr(['corpus', 'stats', '--db', 'corpus.db', '--json']);
    expect(JSON.parse(stats.stdout)).toMatchObject({ problems: 3, attempts: 6 });
  });

  it('saves every episode with its token ids, loss mask and group-relative advantage for an external trainer', async () => {
    const result = await rlvr(['eval', '--policy', `embedded:${checkpoint}`, '--family', 'addition', '--n', '3', '-k', '4', '--max-tokens', '6', '--no-record', '--episodes', 'episodes.jsonl']);
    expect(result.code).toBe(0);
    const records = (await readFile(join(folder, 'episodes.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as EpisodeRecord);
    expect(records).toHaveLength(12);
    expect(records.map((record) => record.sample)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
    for (const record of records) {
      const { ids, lossMask, logprobs } = record.tokens!;
      expect(lossMask).toHaveLength(ids.length);
      expect(logprobs).toHaveLength(ids.length);
      expect(lossMask.reduce((sum, bit) => sum + bit, 0)).toBe(record.completionTokens);
      expect(lossMask[0]).toBe(0);
    }
    for (let start = 0; start < 12; start += 4) {
      const group = records.slice(start, start + 4);
      expect(new Set(group.map((record) => record.problemId)).size).toBe(1);
      expect(group.reduce((sum, record) => sum + record.advantage, 0)).toBeCloseTo(0, 9);
    }
  });

  it.each([
    [['eval', '--family', 'addition', '--no-record'], /choose a policy/],
    [['eval', '--policy', 'openai', '--base-url', 'http://127.0.0.1:9/v1', '--family', 'addition'], /--model NAME/],
    [['eval', '--policy', `embedded:${'x'}`, '--family', 'addition', '--tools', 'teleport'], /unknown tool "teleport"/],
    [['eval', '--policy', 'openai', '--family', 'addition', '--difficulty', '0.9..0.1'], /LO..HI/],
  ])('exits 2 with a message on wrong usage: %j', async (args, message) => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    try {
      expect(await main(['node', 'rlvr', ...args])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toMatch(message);
  });
});

describe('rlvr serve-policy', () => {
  let server: ChildProcess;
  let url: string;

  beforeAll(async () => {
    server = spawn(bin, ['serve-policy', '--checkpoint', checkpoint, '--port', '0', '--model-name', 'tiny'], { cwd: folder });
    url = await new Promise<string>((resolve, reject) => {
      server.stdout!.on('data', (chunk: Buffer) => {
        const match = /serving tiny at (\S+)/.exec(chunk.toString());
        if (match) resolve(match[1]!);
      });
      server.on('exit', (code) => reject(new Error(`serve-policy exited with ${code}`)));
    });
  });

  afterAll(() => {
    server.kill('SIGTERM');
  });

  it('is driven by `rlvr eval --policy openai` over loopback HTTP', async () => {
    const result = await rlvr(['eval', '--policy', 'openai', '--base-url', url, '--model', 'tiny', '--family', 'addition', '--n', '2', '-k', '2', '--max-tokens', '6', '--no-record', '--json']);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { policy: string; overall: { problems: number }; episodesEndedBy: Record<string, number> };
    expect(report.policy).toBe('openai:tiny');
    expect(report.overall.problems).toBe(2);
    expect(Object.values(report.episodesEndedBy).reduce((sum, count) => sum + count, 0)).toBe(4);
    expect(report.episodesEndedBy.error).toBeUndefined();
  });
});

describe('rlvr verifier audit', () => {
  it('reports false-positive and false-negative rates on a labeled set', async () => {
    const labeled = [
      { response: '<answer>42</answer>', answer: '42', label: true },
      { response: '<answer>42.0</answer>', answer: '42', label: true },
      { response: '<answer>41</answer>', answer: '42', label: false },
      { response: '<answer>41 or 42</answer>', answer: '42', label: false },
    ];
    await writeFile(join(folder, 'labeled.jsonl'), labeled.map((line) => JSON.stringify(line)).join('\n'));
    const result = await rlvr(['verifier', 'audit', '--verifier', 'math', '--labeled', 'labeled.jsonl', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ cases: 4, falsePositives: 0, falseNegatives: 0, falsePositiveRate: { rate: 0, of: 2 } });
  });

  it('names the file, line and field of a bad label', async () => {
    await writeFile(join(folder, 'bad.jsonl'), '{"response": "1", "answer": "1", "label": true}\n{"response": "2", "answer": "1", "label": "no"}\n');
    const result = await rlvr(['verifier', 'audit', '--verifier', 'math', '--labeled', 'bad.jsonl']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.jsonl, line 2, field "label"/);
  });
});
