import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsolatePool, runJavaScript, runJavaScriptAsserts, runJavaScriptCases } from './index.js';

// Hostile programs against the JavaScript sandbox (V8 isolates without any Node API).
const pool = new IsolatePool({ size: 2 });
const canaryDirectory = mkdtempSync(join(tmpdir(), 'rlvr-canary-'));
const canaryFile = join(canaryDirectory, 'secret.txt');
const canarySecret = `canary-${process.pid}-${Date.now()}`;
let server: Server;
let connections = 0;

beforeAll(async () => {
  writeFileSync(canaryFile, canarySecret);
  server = createServer((socket) => {
    connections++;
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  pool.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(canaryDirectory, { recursive: true, force: true });
});

const run = (code: string, options: Parameters<typeof runJavaScript>[1] = {}) => runJavaScript(code, { pool, ...options });

function hostUntouched(): void {
  expect(readdirSync(canaryDirectory)).toEqual(['secret.txt']);
  expect(readFileSync(canaryFile, 'utf8')).toBe(canarySecret);
  expect(process.kill(process.pid, 0)).toBe(true);
}

describe('javascript sandbox', () => {
  it('offers stdin as INPUT, readline() and fs.readFileSync(0), and captures console output', async () => {
    const code = "console.log(readline(), readline(), readline());\nconsole.error('warn');\nprint(INPUT.length, require('fs').readFileSync('/dev/stdin') === INPUT, [1, 2], {a: 1})";
    const result = await run(code, { stdin: 'a\nb\n' });
    expect(result).toMatchObject({ stdout: 'a b undefined\n4 true [1,2] {"a":1}\n', stderr: 'warn\n', exitCode: 0 });
  });

  it('gives every run a fresh context', async () => {
    const results = await runJavaScriptCases('globalThis.count = (globalThis.count ?? 0) + 1; console.log(count)', ['', '', ''], { pool });
    expect(results.map((result) => result.stdout)).toEqual(['1\n', '1\n', '1\n']);
  });

  it('reports uncaught errors as exit status 1 with the message on stderr', async () => {
    const result = await run('throw new TypeError("nope")');
    expect(result).toMatchObject({ exitCode: 1, timedOut: false });
    expect(result.stderr).toContain('TypeError: nope');
  });

  it.each([
    ['the Function constructor', "console.log(typeof this.constructor.constructor('return process')())"],
    ['globalThis.process', 'console.log(typeof globalThis.process, typeof process)'],
    ['require of Node modules', "try { require('child_process').execSync('touch /work/main/pwned.txt') } catch (e) { console.log('blocked', e.message) }"],
    ['fs beyond stdin', `try { console.log(require('fs').readFileSync(${JSON.stringify(canaryFile)}, 'utf8')) } catch (e) { console.log('blocked') }`],
    ['dynamic import', "import('fs').then(() => console.log('imported'), () => console.log('blocked'))"],
    ['fetch and sockets', `console.log(typeof fetch, typeof WebSocket, typeof XMLHttpRequest, typeof setTimeout)`],
  ])('gives no way out through %s', async (_name, code) => {
    const result = await run(code);
    expect(result.stdout).not.toContain(canarySecret);
    expect(result.stdout).not.toMatch(/object|function|imported/);
    hostUntouched();
    expect(connections).toBe(0);
    expect(readdirSync('/work/main')).not.toContain('pwned.txt');
  });

  it('stops an infinite loop and an endless microtask chain at the time limit', async () => {
    expect(await run('for (;;) {}', { timeoutMs: 200 })).toMatchObject({ timedOut: true, exitCode: null });
    expect(await run('(function again() { Promise.resolve().then(again); })()', { timeoutMs: 200 })).toMatchObject({ timedOut: true });
    hostUntouched();
  });

  it('stops a memory bomb at the memory limit and keeps working afterwards', async () => {
    const bomb = await run('const hoard = []; for (;;) hoard.push(new Array(1e6).fill(7));', { memoryMb: 32, timeoutMs: 10_000 });
    expect(bomb).toMatchObject({ error: 'memory limit exceeded', exitCode: null, timedOut: false });
    expect((await run('console.log(6 * 7)', { memoryMb: 32 })).stdout).toBe('42\n');
    hostUntouched();
  });

  it('caps huge output and stops the program', async () => {
    const result = await run("for (;;) console.log('x'.repeat(1000))", { outputLimitBytes: 10_000, timeoutMs: 5_000 });
    expect(result).toMatchObject({ outputTruncated: true, timedOut: false });
    expect(result.stdout.length).toBe(10_000);
  });

  it('runs TypeScript after transpiling it on the host', async () => {
    const result = await run('interface P { x: number }\nconst p: P = { x: 2 };\nconsole.log(p.x as number);', { language: 'typescript' });
    expect(result).toMatchObject({ stdout: '2\n', exitCode: 0 });
  });
});

describe('javascript asserts', () => {
  const asserts = (code: string, statements: string[]) => runJavaScriptAsserts(code, statements, { pool, timeoutMs: 300 });

  it('evaluates each assert separately', async () => {
    const outcomes = await asserts('function add(a, b) { return a + b; }', ['assert add(1, 2) === 3', 'assert.strictEqual(add(1, 1), 3)', 'for (;;) {}', 'assert.deepStrictEqual([add(0, 1)], [1])']);
    expect(outcomes.map((outcome) => outcome.passed)).toEqual([true, false, false, true]);
    expect(outcomes[2]!.timedOut).toBe(true);
  });

  it('cannot be fooled by replacing or shadowing assert', async () => {
    for (const cheat of ['globalThis.assert = () => {};', 'let assert = () => {};', 'function assert() {}', 'var assert = () => {};', 'Object.defineProperty(globalThis, "assert", { value: () => {} });']) {
      const outcomes = await asserts(`${cheat}\nfunction f() { return 1; }`, ['assert.strictEqual(f(), 2)', 'assert(f() === 2)']);
      expect(outcomes.every((outcome) => !outcome.passed), cheat).toBe(true);
    }
  });

  it('cannot be fooled by patched intrinsics, lying objects or proxies', async () => {
    const cheats = `
      Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({ done: true });
      Map.prototype.forEach = () => {};
      RegExp.prototype.toString = () => '';
      Object.defineProperty(Map, Symbol.hasInstance, { value: () => false });
      Object.keys = () => [];
      Object.getPrototypeOf = () => null;
      Array.isArray = () => true;
      function liar() { return { valueOf() { return 3; }, toString() { return '3'; } }; }
      function proxy() { return new Proxy([], { get: () => 1, ownKeys: () => [], has: () => true }); }
      function emptyMap() { return new Map(); }
    `;
    const outcomes = await asserts(cheats, [
      'assert.strictEqual(liar(), 3)',
      'assert.deepStrictEqual(proxy(), [5, 6])',
      'assert.deepStrictEqual(emptyMap(), new Map([[1, 2]]))',
      'assert.deepStrictEqual([1, 2], [1, 3])',
      'assert.deepStrictEqual({ a: 1 }, { a: 2 })',
    ]);
    expect(outcomes.map((outcome) => outcome.passed)).toEqual([false, false, false, false, false]);
    expect(outcomes.map((outcome) => outcome.error)).not.toContain(expect.stringContaining('before the asserts'));
    const control = await asserts(cheats, ['assert.deepStrictEqual([1, 2], [1, 2])', 'assert.deepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })', 'assert.deepStrictEqual(/a/g, /a/g)']);
    expect(control.map((outcome) => outcome.passed)).toEqual([true, true, true]);
  });

  it('compares arrays, maps, sets, dates and regular expressions by content', async () => {
    const outcomes = await asserts('', [
      'assert.deepStrictEqual([0], [2])',
      'assert.deepStrictEqual(new Set([1]), new Set([2]))',
      'assert.deepStrictEqual(new Date(1), new Date(2))',
      'assert.deepStrictEqual(/a/, /b/)',
      'assert.deepStrictEqual(/a/, /a/g)',
      'assert.deepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })',
      'assert.deepStrictEqual([1], ["1"])',
      'assert.deepEqual([1], ["1"])',
    ]);
    expect(outcomes.map((outcome) => outcome.passed)).toEqual([false, false, false, false, false, false, false, true]);
  });

  it('does not let the code under test read the assert that calls it', async () => {
    const peek = `
      function answer() {
        const caller = answer.caller ? String(answer.caller) : '';
        let stack = '';
        Error.prepareStackTrace = (error, frames) => frames.map((frame) => String(frame.getFunction())).join('\\n');
        try { stack = new Error().stack; } catch {}
        const match = /strictEqual\\(answer\\(\\), (\\d+)\\)/.exec(caller + stack);
        return match ? Number(match[1]) : -1;
      }`;
    const outcomes = await asserts(peek, ['assert.strictEqual(answer(), 4242)']);
    expect(outcomes[0]!.passed).toBe(false);
  });

  it('fails every assert when the program stops or throws before they run', async () => {
    for (const exit of ['process.exit(0)', 'throw new Error("bye")', 'for (;;) {}']) {
      const outcomes = await asserts(`${exit}\nfunction f() { return 1; }`, ['assert(f() === 1)', 'assert(true)']);
      expect(outcomes.every((outcome) => !outcome.passed), exit).toBe(true);
    }
  });
});
