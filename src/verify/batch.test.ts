import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.test-support.js';

const bin = fileURLToPath(new URL('../../bin/rlvr', import.meta.url));
let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'rlvr-verify-'));
});

afterEach(async () => {
  process.exitCode = 0;
  await rm(directory, { recursive: true, force: true });
});

const readJsonl = async (path: string) => (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('rlvr verify', () => {
  it('reports malformed lines by number, still verifies the others, keeps input order, exits 1', async () => {
    const input = join(directory, 'cases.jsonl');
    const output = join(directory, 'results.jsonl');
    await writeFile(
      input,
      [
        '{"id": "a", "response": "<answer>42</answer>", "answer": "42"}',
        '{"response": "42", "answer": ',
        '{"id": "c", "response": 7, "answer": "7"}',
        '{"answer": "7"}',
        '',
        '{"response": "\\\\boxed{7}", "answer": 7}',
        '["response"]',
      ].join('\n'),
    );
    const { status, stdout, stderr } = await runCli(['verify', '--verifier', 'match', '--input', input, '--output', output]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/cases\.jsonl, line 2: invalid JSON/);
    expect(stderr).toMatch(/line 3: field "response": .*expected string, received number/);
    expect(stderr).toMatch(/line 4: missing field "response"/);
    expect(stderr).toMatch(/line 7: expected a JSON object/);
    expect(stderr).toMatch(/verify: 6 lines, 2 passed, 0 errors, 4 invalid; mean [\d.]+ ms, p99 [\d.]+ ms/);
    const records = await readJsonl(output);
    expect(records.map((record) => [record.id, record.reason])).toEqual([
      ['a', 'correct'],
      [2, 'invalid-input'],
      ['c', 'invalid-input'],
      [4, 'invalid-input'],
      [6, 'correct'],
      [7, 'invalid-input'],
    ]);
    expect(Object.keys(records[0]!)).toEqual(['id', 'reward', 'score', 'passed', 'reason', 'ms', 'details']);
    expect(await readdir(directory)).toEqual(['cases.jsonl', 'results.jsonl']);
  });

  it('keeps input order when later lines finish first, and merges --config under each line\'s config', async () => {
    const input = join(directory, 'cases.jsonl');
    const slow = { mode: 'regex', pattern: '(a|a)*b', timeoutMs: 40 };
    const lines = Array.from({ length: 24 }, (_, index) =>
      JSON.stringify(index % 3 === 0 ? { id: index, response: 'a'.repeat(40), config: slow } : { id: index, response: `  ${index} `, answer: String(index) }),
    );
    await writeFile(input, `${lines.join('\n')}\n`);
    const { status, stdout, stderr } = await runCli(['verify', '--verifier', 'match', '--input', input, '--concurrency', '4', '--config', '{"mode": "normalized"}']);
    expect(status).toBe(0);
    const records = stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; reason: string });
    expect(records.map((record) => record.id)).toEqual(Array.from({ length: 24 }, (_, index) => index));
    for (const record of records) expect(record.reason).toBe(record.id % 3 === 0 ? 'regex-timeout' : 'correct');
    expect(stderr).toMatch(/24 lines, 16 passed, 0 errors, 0 invalid/);
  });

  it('leaves no file behind when reading fails midway, and refuses bad usage with status 2', async () => {
    const output = join(directory, 'results.jsonl');
    const { status, stderr } = await runCli(['verify', '--verifier', 'match', '--input', directory, '--output', output]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/line 1: cannot read the input \(EISDIR\)/);
    expect(await readdir(directory)).toEqual([]);
    expect((await runCli(['verify', '--verifier', 'nope', '--input', output])).stderr).toMatch(/unknown verifier "nope" \(known: math/);
    expect((await runCli(['verify', '--verifier', 'match', '--input', output, '--config', '[1]'])).status).toBe(2);
    expect((await runCli(['verify', '--input', output])).status).toBe(2);
  });

  it('on SIGINT removes its temporary file, keeps the previous output, and exits 130 (real process, FIFO input)', async () => {
    const fifo = join(directory, 'cases.fifo');
    const output = join(directory, 'results.jsonl');
    execFileSync('mkfifo', [fifo]);
    await writeFile(output, 'previous results\n');
    const child = spawn(process.execPath, ['--no-node-snapshot', bin, 'verify', '--verifier', 'match', '--input', fifo, '--output', output], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const writer = await open(fifo, 'w');
    await writer.write('{"response": "1", "answer": "1"}\n{"response": 2}\n');
    const deadline = Date.now() + 20_000;
    while (!(await readdir(directory)).some((name) => name.endsWith('.tmp')) || !stderr.includes('line 2')) {
      if (Date.now() > deadline) throw new Error(`the CLI did not start: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writer.close();
    const [code] = await once(child, 'exit');
    expect(code).toBe(130);
    expect(stderr).toMatch(/cancelled; no output was written/);
    expect((await readdir(directory)).sort()).toEqual(['cases.fifo', 'results.jsonl']);
    expect(await readFile(output, 'utf8')).toBe('previous results\n');
  });
});
