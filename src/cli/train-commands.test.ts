import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.test-support.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'rlvr-train-commands-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('rlvr sft --tools', () => {
  it('writes a checkpoint trained on worked calculator calls', { timeout: 60_000 }, async () => {
    const out = join(folder, 'sft-tools');
    const result = await runCli(['sft', '--out', out, '--families', 'multiplication', '--difficulty', '0..0.3', '--tools', 'calculator', '--steps', '3', '--batch-size', '4',
      '--layers', '1', '--width', '16', '--heads', '2', '--context', '64', '--seed', '2', '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ out });
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).extra).toMatchObject({ sft: { target: 'tools:calculator', families: ['multiplication'] } });
  });
});

describe('wrong usage of the training commands exits 2 with a message', () => {
  it.each([
    [['sft', '--out', 'x', '--tools', 'teleport'], /--tools: unknown tool "teleport"/],
    [['sft', '--out', 'x', '--tools', 'run_js'], /no worked demonstrations for "run_js"; it can demonstrate calculator/],
    [['sft', '--out', 'x', '--steps', '0'], /--steps <n>' argument '0' is invalid\. expected a positive integer, received "0"/],
    [['sft', '--out', 'x', '--lr', 'fast'], /--lr <rate>' argument 'fast' is invalid\. expected a number > 0/],
    [['sft', '--out', 'x', '--difficulty', '0.5..0.1'], /expected LO\.\.HI with 0 <= LO <= HI <= 1/],
    [['sft', '--out', 'x', '--target', 'poem'], /argument 'poem' is invalid\. Allowed choices are answer, reasoning, reversed/],
    [['sft', '--out', 'x', '--context', '1'], /expected an integer >= 2, received "1"/],
    [['train', '--init', 'x', '--group-size', '1'], /--group-size <n>' argument '1' is invalid\. expected an integer >= 2/],
    [['train', '--init', 'x', '--eval-every', '-1'], /expected an integer >= 0, received "-1"/],
    [['train', '--init', 'x', '--bands', '0..0.1,0.3..0.2'], /expected comma-separated LO\.\.HI ranges/],
    [['train', '--init', 'x', '--temperature', 'hot'], /expected a number >= 0, received "hot"/],
    [['train', '--init', 'x', '--tools', 'teleport'], /--tools: unknown tool "teleport"/],
    [['train', '--steps', '5'], /needs --init CHECKPOINT/],
    [['start', '--rl-steps', '0'], /--rl-steps <n>' argument '0' is invalid\. expected a positive integer/],
    [['start', '--max-difficulty', '2'], /expected LO\.\.HI with 0 <= LO <= HI <= 1/],
    [['start', '--seed', '1.5'], /expected an integer, received "1\.5"/],
  ])('%j', async (args, message) => {
    const result = await runCli(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
