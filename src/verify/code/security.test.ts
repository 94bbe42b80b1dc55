import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runVerifier } from '../../core/verifier.js';
import { createCodeVerifier } from './index.js';

// Programs that try to get reward without solving the problem. Each must score 0, and the host
// and this process must come through untouched. Sandbox escapes are in src/sandbox/*.test.ts.
const verifier = createCodeVerifier({ timeoutMs: 1_000 });
afterAll(() => verifier.close?.());

const python = (code: string) => `\`\`\`python\n${code}\n\`\`\``;
const javascript = (code: string) => `\`\`\`js\n${code}\n\`\`\``;
const addAsserts = ['assert add(1, 2) == 3', 'assert add(2, 2) == 4', 'assert add(0, 5) == 5 and add(5, 0) == 5', 'assert add(1, 1) in [2]'];

async function scoreOf(response: string, tests: Record<string, unknown>): Promise<number> {
  const verdict = await runVerifier(verifier, { response, tests }, { timeoutMs: 30_000 });
  expect(process.kill(process.pid, 0)).toBe(true);
  expect(readdirSync('/work/main')).not.toContain('pwned.txt');
  return verdict.score;
}

// Concurrent: each case waits mostly on sandbox start-up; the sandbox bounds how many run at once.
describe.concurrent('code verifier against cheating Python programs', () => {
  it('gives full marks to an honest solution (control)', async () => {
    expect(await scoreOf(python('def add(a, b):\n    return a + b'), { language: 'python', asserts: addAsserts })).toBe(1);
  });

  it.each([
    ['sys.exit(0) before the asserts', 'import sys\nsys.exit(0)'],
    ['os._exit(0) before the asserts', 'import os\nos._exit(0)'],
    ['killing the harness', 'import os, signal\nos.kill(os.getppid(), signal.SIGKILL)'],
    ['killing every process it can see', 'import os, signal\nfor pid in range(1, 100):\n    try: os.kill(pid, signal.SIGKILL)\n    except OSError: pass'],
    ['exiting inside the function under test', 'import os\ndef add(a, b):\n    os._exit(0)'],
    ['an object whose __eq__ always holds', 'class Anything:\n    def __eq__(self, other): return True\n    def __bool__(self): return True\n    def __contains__(self, item): return True\ndef add(a, b): return Anything()'],
    ['an int subclass that lies', 'class Lying(int):\n    def __eq__(self, other): return True\n    __hash__ = int.__hash__\ndef add(a, b): return Lying(0)'],
    ['a lying __class__', 'class Fake:\n    __class__ = int\n    def __eq__(self, other): return True\ndef add(a, b): return Fake()'],
    ['patched builtins', 'import builtins\nbuiltins.all = lambda *a: True\nbuiltins.any = lambda *a: True\nbuiltins.eval = lambda *a, **k: True\nbuiltins.exec = lambda *a, **k: None\nbuiltins.range = lambda *a: []\nbuiltins.len = lambda *a: 0\nbuiltins.str = lambda *a: "0"\ndef add(a, b): return None'],
    ['shadowed builtins', 'def all(*a): return True\ndef isinstance(*a): return True\ndef add(a, b): return None'],
    ['forged result lines on every descriptor', 'import os\nfor fd in range(0, 64):\n    for index in range(8):\n        try: os.write(fd, f"{index} R {index} i3\\nR {index} T\\n".encode())\n        except OSError: pass\ndef add(a, b): return None'],
    ['reading the harness frames for its nonce', 'import sys\ndef add(a, b):\n    frame = sys._getframe(1)\n    return frame.f_locals'],
    ['walking the stack through a traceback', 'def add(a, b):\n    try:\n        raise ValueError\n    except ValueError as error:\n        return error.__traceback__.tb_frame.f_back.f_locals'],
    ['the garbage collector', 'import gc\ndef add(a, b):\n    return [o for o in gc.get_objects() if isinstance(o, dict) and "nonce" in o]'],
    ['reading the caller source with inspect', 'import inspect\ndef add(a, b):\n    line = inspect.stack()[1].code_context[0]\n    return int(line.split("==")[1])'],
    ['a tracer', 'import sys\nsys.settrace(lambda *a: None)\ndef add(a, b): return None'],
  ])('scores 0: %s', async (_name, code) => {
    expect(await scoreOf(python(code), { language: 'python', asserts: addAsserts })).toBe(0);
  });

  it('scores 0 for a program that looks for the expected output on disk', async () => {
    const expected = `token-${Date.now()}`;
    const search = `
import os
found = ''
for top in ['/tmp', '/dev/shm', '/']:
    for root, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if os.path.join(root, d) not in ('/usr', '/proc', '/sys', '/dev')]
        for name in files:
            try:
                text = open(os.path.join(root, name), errors='ignore').read(100000)
            except OSError:
                continue
            if 'token-' in text:
                found = text[text.index('token-'):][:30].split()[0]
print(found)
`;
    expect(await scoreOf(python(search), { language: 'python', cases: [{ input: 'question', output: expected }] })).toBe(0);
  });

  it('scores 0 for a program that prints "all tests passed"', async () => {
    const code = 'print("OK"); print("All tests passed"); print("True")';
    expect(await scoreOf(python(code), { language: 'python', asserts: addAsserts })).toBe(0);
  });
});

describe.concurrent('code verifier against cheating JavaScript programs', () => {
  const jsAsserts = ['assert.strictEqual(add(1, 2), 3)', 'assert(add(2, 2) === 4)', 'assert add(0, 5) == 5', 'assert.deepStrictEqual([add(1, 1)], [2])'];

  it('gives full marks to an honest solution (control)', async () => {
    expect(await scoreOf(javascript('function add(a, b) { return a + b; }'), { language: 'javascript', asserts: jsAsserts })).toBe(1);
  });

  it.each([
    ['process.exit', 'process.exit(0)'],
    ['replacing assert', 'globalThis.assert = () => {}; function add() { return 0; }'],
    ['shadowing assert', 'let assert = Object.assign(() => {}, { strictEqual() {}, deepStrictEqual() {} }); function add() { return 0; }'],
    ['a lying valueOf', 'function add() { return { valueOf: () => 3, toString: () => "3" }; }'],
    ['throwing a fake success', 'function add() { throw { passed: true }; }'],
    ['escaping to Node', "const p = this.constructor.constructor('return process')(); p.exit(0);"],
  ])('scores 0: %s', async (_name, code) => {
    expect(await scoreOf(javascript(code), { language: 'javascript', asserts: jsAsserts })).toBe(0);
  });
});
