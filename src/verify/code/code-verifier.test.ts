import { afterAll, describe, expect, it } from 'vitest';
import { runVerifier } from '../../core/verifier.js';
import { createCodeVerifier } from './index.js';

const verifier = createCodeVerifier({ timeoutMs: 1_500 });
afterAll(() => verifier.close?.());

const block = (language: string, code: string) => `Reasoning first.\n\`\`\`${language}\n${code}\n\`\`\`\nDone.`;
const check = (response: string, tests: Record<string, unknown>) => runVerifier(verifier, { response, tests }, { timeoutMs: 30_000 });

const doubling = { cases: [{ input: '2\n', output: '4\n' }, { input: '5\n', output: '10' }, { input: '-3\n', output: '-6\n' }] };

describe('code verifier: stdin/stdout cases', () => {
  it('passes a correct Python program and ignores trailing whitespace', async () => {
    const verdict = await check(block('python', 'print(int(input()) * 2, "  ")'), { language: 'python', ...doubling });
    expect(verdict).toMatchObject({ passed: true, score: 1, reward: 1, reason: 'correct' });
  });

  it('scores the pass rate and gives binary reward 0 when one case fails', async () => {
    const verdict = await check(block('python', 'n = int(input())\nprint(n * 2 if n > 0 else 0)'), { language: 'python', ...doubling });
    expect(verdict).toMatchObject({ passed: false, reward: 0, reason: 'partial' });
    expect(verdict.score).toBeCloseTo(2 / 3);
    expect(verdict.details).toMatchObject({ total: 3, passed: 2, failures: [{ index: 2, error: 'wrong output' }] });
  });

  it('runs JavaScript with the INPUT / readline / fs conventions', async () => {
    for (const code of [
      'console.log(Number(readline()) * 2)',
      'console.log(Number(INPUT.trim()) * 2)',
      "const text = require('fs').readFileSync(0, 'utf8'); console.log(parseInt(text) * 2)",
    ]) {
      const verdict = await check(block('js', code), { language: 'javascript', ...doubling });
      expect(verdict.passed, code).toBe(true);
    }
  });

  it('transpiles TypeScript on the host and runs it', async () => {
    const code = 'const n: number = Number(readline());\nconst double = (x: number): number => x * 2;\nconsole.log(double(n));';
    expect((await check(block('ts', code), { language: 'typescript', ...doubling })).passed).toBe(true);
  });

  it('accepts the inputs/outputs spelling', async () => {
    const verdict = await check(block('python', 'a, b = map(int, input().split())\nprint(a + b)'), { inputs: ['1 2\n', '10 20\n'], outputs: ['3\n', '30\n'] });
    expect(verdict).toMatchObject({ passed: true, details: { language: 'python', total: 2 } });
  });

  it('fails a crashing program and a timeout, with reasons', async () => {
    const crash = await check(block('python', 'raise ValueError("boom")'), { language: 'python', cases: [{ input: '', output: 'x' }] });
    expect(crash).toMatchObject({ passed: false, reason: 'wrong' });
    expect((crash.details!.failures as Array<{ error: string }>)[0]!.error).toContain('ValueError: boom');
    const slow = await check(block('js', 'while (true) {}'), { language: 'javascript', cases: [{ input: '', output: 'x' }], timeoutMs: 200 });
    expect(slow).toMatchObject({ passed: false, reason: 'timeout', score: 0 });
  });
});

describe('code verifier: asserts', () => {
  it('scores Python asserts one by one', async () => {
    const code = 'def add(a, b):\n    return a + b if a < 100 else 0';
    const verdict = await check(block('python', code), {
      language: 'python',
      asserts: ['assert add(1, 2) == 3', 'assert 7 == add(3, 4)', 'assert add(100, 1) == 101', 'assert add(2, 2) in (4, 5)'],
    });
    expect(verdict).toMatchObject({ passed: false, reason: 'partial', details: { total: 4, passed: 3 } });
  });

  it('compares Python values as Python does (1 == 1.0 == True, dict order, list vs tuple)', async () => {
    const code = 'def f(kind):\n    return {"int": 1.0, "dict": {"b": 2, "a": 1}, "tuple": (1, 2), "set": {3, 1, 2}}[kind]';
    const verdict = await check(block('python', code), {
      language: 'python',
      assert_case: ['assert f("int") == 1', 'assert f("int") == True', 'assert f("dict") == {"a": 1, "b": 2}', 'assert f("set") == {1, 2, 3}', 'assert f("tuple") == [1, 2]'],
    });
    expect(verdict.details).toMatchObject({ total: 5, passed: 4, failures: [{ index: 4 }] });
  });

  it('supports setup statements and asserts that use the program state', async () => {
    const code = 'class Stack:\n    def __init__(self): self.items = []\n    def push(self, x): self.items.append(x)\n    def pop(self): return self.items.pop()';
    const verdict = await check(block('python', code), {
      language: 'python',
      asserts: ['s = Stack()', 's.push(1)', 's.push(2)', 'assert s.pop() == 2', 'assert s.pop() == 1 and s.items == []'],
    });
    expect(verdict).toMatchObject({ passed: true, details: { total: 2 } });
  });

  it('gives each assert its own time limit and goes on after one hangs', async () => {
    const code = 'def f(n):\n    while n == 0:\n        pass\n    return n';
    const verdict = await check(block('python', code), { language: 'python', timeoutMs: 300, asserts: ['assert f(1) == 1', 'assert f(0) == 0', 'assert f(2) == 2'] });
    expect(verdict.details).toMatchObject({ total: 3, passed: 2, failures: [{ index: 1, timedOut: true }] });
  });

  it('scores JavaScript and TypeScript asserts, node-assert style and Python style', async () => {
    const code = 'function add(a: number, b: number): number { return a + b; }';
    const verdict = await check(block('ts', code), {
      language: 'typescript',
      asserts: ['assert add(1, 2) === 3', 'assert.strictEqual(add(2, 2), 4)', 'assert.deepStrictEqual([add(1, 1)], [2])', 'assert.strictEqual(add(1, 1), 3)'],
    });
    expect(verdict).toMatchObject({ reason: 'partial', details: { total: 4, passed: 3 } });
  });
});

describe('code verifier: input handling', () => {
  it('judges the last fenced block only', async () => {
    const response = `${block('python', 'print(0)')}\nFixed:\n${block('python', 'print(int(input()) * 2)')}`;
    expect((await check(response, { language: 'python', ...doubling })).passed).toBe(true);
  });

  it('answers no-answer without a closed code block', async () => {
    expect((await check('print(1)', doubling)).reason).toBe('no-answer');
    expect((await check('```python\nprint(1)\n', doubling)).reason).toBe('no-answer');
  });

  it('answers invalid for malformed tests, naming the field', async () => {
    const mismatched = await check(block('python', 'print(1)'), { inputs: ['1', '2'], outputs: ['1'] });
    expect(mismatched.reason).toBe('invalid');
    expect(mismatched.details!.message).toContain('"outputs"');
    const wrongType = await check(block('python', 'print(1)'), { cases: [{ input: 1, output: '1' }] });
    expect(wrongType.details!.message).toContain('cases.0.input');
    const empty = await check(block('python', 'print(1)'), { language: 'python' });
    expect(empty.reason).toBe('invalid');
    const badAssert = await check(block('python', 'x = 1'), { language: 'python', asserts: ['assert x ==='] });
    expect(badAssert).toMatchObject({ reason: 'invalid' });
    expect(badAssert.details!.message).toContain('asserts.0');
  });

  it('refuses a Python block for a JavaScript problem', async () => {
    const verdict = await check(block('python', 'print(4)'), { language: 'javascript', ...doubling });
    expect(verdict).toMatchObject({ passed: false, reason: 'wrong' });
  });

  it('refuses Python without bubblewrap, with an error verdict that says so', async () => {
    const unsandboxed = createCodeVerifier({ bubblewrapPath: '/nonexistent/bwrap' });
    const tests = { language: 'python', ...doubling, asserts: ['assert 1 == 1'] };
    const verdict = await runVerifier(unsandboxed, { response: block('python', 'print(int(input()) * 2)'), tests }, { timeoutMs: 30_000 });
    expect(verdict).toMatchObject({ reason: 'error', reward: 0 });
    expect(verdict.details!.message).toContain('bwrap');
    const allowed = createCodeVerifier({ bubblewrapPath: '/nonexistent/bwrap', allowUnsandboxedPython: true });
    expect((await runVerifier(allowed, { response: block('python', 'print(int(input()) * 2)'), tests: { language: 'python', ...doubling } }, { timeoutMs: 30_000 })).passed).toBe(true);
  });

  it('can give the pass rate as reward', async () => {
    const fraction = createCodeVerifier({ reward: 'fraction' });
    const verdict = await runVerifier(fraction, { response: block('python', 'n = int(input())\nprint(n * 2 if n > 0 else 0)'), tests: { language: 'python', ...doubling } }, { timeoutMs: 30_000 });
    await fraction.close?.();
    expect(verdict.reward).toBeCloseTo(2 / 3);
  });
});
