import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeJavaScriptSandbox } from '../sandbox/index.js';
import { callTool } from './call-tool.js';
import { runJsTool, runPythonTool } from './code-tools.js';
import type { Tool } from './tool.js';

const tools = new Map<string, Tool>([runJsTool, runPythonTool].map((tool) => [tool.name, tool as Tool]));
let canary: string;
let port: number;
let connections = 0;
const server = createServer((socket) => {
  connections++;
  socket.destroy();
});

beforeAll(async () => {
  canary = await mkdtemp(join(tmpdir(), 'rlvr-canary-'));
  await writeFile(join(canary, 'secret.txt'), 'host secret');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.close();
  await rm(canary, { recursive: true, force: true });
  await closeJavaScriptSandbox();
});

const run = (name: string, code: string) => callTool(tools, name, JSON.stringify({ code }), { workspace: canary }, { timeoutMs: 20_000, maxOutputChars: 2_000 });

describe('run_js', () => {
  it('returns what the program printed', async () => {
    expect((await run('run_js', 'console.log(6 * 7)')).output).toBe('42');
  });

  it.each([
    ['reach Node through the constructor chain', "console.log(typeof this.constructor.constructor('return process')())"],
    ['require a Node module', "console.log(typeof require('child_process').execSync)"],
    ['loop forever', 'for (;;) {}'],
  ])('holds when the program tries to %s', async (_attempt, code) => {
    const outcome = await run('run_js', code);
    expect(outcome.output).not.toMatch(/^object$|^function$/m);
  });
});

describe('run_python', () => {
  it('returns what the program printed', async () => {
    expect((await run('run_python', 'print(sum(range(10)))')).output).toBe('45');
  });

  it('cannot read or write the host, nor reach the network', async () => {
    const code = [
      'import os, socket',
      `for path in ["${canary}/secret.txt", "/work/main/package.json"]:`,
      '    try:',
      '        print(open(path).read())',
      '    except Exception as error:',
      '        print("blocked", type(error).__name__)',
      'try:',
      `    open("${canary}/planted.txt", "w").write("x")`,
      'except Exception as error:',
      '    print("blocked", type(error).__name__)',
      'try:',
      `    socket.create_connection(("127.0.0.1", ${port}), timeout=1)`,
      '    print("connected")',
      'except Exception as error:',
      '    print("blocked", type(error).__name__)',
    ].join('\n');
    const outcome = await run('run_python', code);
    expect(outcome.output).not.toContain('host secret');
    expect(outcome.output).not.toContain('"name": "rlvr"');
    expect(outcome.output).not.toContain('connected');
    expect(outcome.output.match(/blocked/g)).toHaveLength(4);
    expect(await readdir(canary)).toEqual(['secret.txt']);
    expect(connections).toBe(0);
  });

  it('is stopped at its time limit', async () => {
    const outcome = await run('run_python', 'while True: pass');
    expect(outcome.output).toMatch(/time limit/);
  });
});
