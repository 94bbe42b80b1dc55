import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compiledPythonHarness } from './compiled-python-harness.js';
import { SYSTEM_PYTHON } from './python-sandbox.js';

describe('compiled Python harness', () => {
  it('runs the harness bytecode read from stdin, then the request after it', async () => {
    const harness = await compiledPythonHarness(SYSTEM_PYTHON);
    const request = JSON.stringify({ mode: 'split', asserts: ['assert f(2) == 4'] });
    const result = spawnSync(SYSTEM_PYTHON, ['-I', '-S', '-B', '-c', harness.bootstrap], { input: Buffer.concat([harness.bytecode, Buffer.from(request)]) });
    expect(result.stderr.toString()).toBe('');
    expect(JSON.parse(result.stdout.toString()).items).toEqual([{ kind: 'value', source: 'f(2)', expected: 'i4' }]);
  });

  it('refuses bytecode compiled by another Python version', async () => {
    const harness = await compiledPythonHarness(SYSTEM_PYTHON);
    const otherVersion = harness.bootstrap.replace(/hexversion != (\d+)/, (_, version: string) => `hexversion != ${Number(version) + 1}`);
    expect(otherVersion).not.toBe(harness.bootstrap);
    const result = spawnSync(SYSTEM_PYTHON, ['-I', '-S', '-B', '-c', otherVersion], { input: harness.bytecode });
    expect(result.status).toBe(1);
    expect(result.stderr.toString()).toContain('compiled by another Python version');
  });
});
