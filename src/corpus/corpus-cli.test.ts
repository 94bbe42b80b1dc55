import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.js';
import { temporaryDirectory } from './test-helpers.js';

let dir: string;
let cleanup: () => void;
let db: string;

beforeEach(() => {
  ({ dir, cleanup } = temporaryDirectory());
  db = join(dir, 'cli.db');
});
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

/** Runs `rlvr corpus …` in-process and captures what it printed. */
async function corpus(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const status = await main(['node', 'rlvr', 'corpus', ...args, '--db', db]);
    return { status, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('rlvr corpus', () => {
  it('initializes, generates over a difficulty range, and reports as JSON', async () => {
    expect((await corpus('init')).status).toBe(0);
    const generated = await corpus('generate', '--family', 'addition', '--n', '12', '--difficulty', '0.2..0.5', '--seed', '5', '--json');
    expect(generated.status).toBe(0);
    expect(JSON.parse(generated.stdout)).toMatchObject({ family: 'addition', generated: 12, added: 12, minDifficulty: 0.2, maxDifficulty: 0.5 });
    const heldout = await corpus('generate', '--family', 'addition', '--n', '3', '--difficulty', '0.9', '--seed', '6', '--split', 'heldout', '--json');
    expect(JSON.parse(heldout.stdout).added).toBe(3);
    const stats = JSON.parse((await corpus('stats', '--json')).stdout);
    expect(stats.families).toEqual([expect.objectContaining({ family: 'addition', problems: 15, heldout: 3, minDifficulty: 0.2, maxDifficulty: 0.9 })]);
    const report = JSON.parse((await corpus('report', '--json', '--bands', '5')).stdout);
    expect(report.families[0].bands.map((band: { problems: number }) => band.problems)).toEqual([0, 8, 4, 0, 3]);
    expect(report.families[0].missingRungs).toEqual(['0.6–0.8']);
    const drawn = JSON.parse((await corpus('sample', '--sampler', 'uniform', '--n', '4', '--seed', '1', '--json')).stdout);
    expect(drawn).toHaveLength(4);
    // Held-out problems are never drawn for training.
    expect(drawn.every((problem: { metadata: { split?: string } }) => problem.metadata.split !== 'heldout')).toBe(true);
    const families = JSON.parse((await corpus('families', '--json')).stdout);
    expect(families.find((family: { name: string }) => family.name === 'addition')).toMatchObject({ verifier: 'math', knobs: expect.any(Array) });
  });

  it('exits with 2 on wrong usage', async () => {
    for (const args of [
      ['generate', '--family', 'addition', '--n', '5', '--difficulty', '0.6..0.2'],
      ['generate', '--family', 'addition', '--n', '5', '--difficulty', 'easy'],
      ['generate', '--family', 'no-such-family', '--n', '5'],
      ['generate', '--family', 'addition', '--n', '0'],
      ['generate', '--family', 'addition'],
      ['report', '--bands', 'x'],
      ['export', join(dir, 'out.jsonl'), '--format', 'csv'],
      ['import', join(dir, 'x.jsonl'), '--map', 'a=b'],
      ['sample', '--sampler', 'bogus', '--n', '2'],
      ['sample', '--sampler', 'uniform', '--n', 'many'],
    ]) {
      const result = await corpus(...args);
      expect({ args, status: result.status }).toEqual({ args, status: 2 });
    }
    expect((await corpus('generate', '--family', 'addition', '--n', '5', '--difficulty', '0.6..0.2')).stderr).toMatch(/--difficulty.*0 <= LO <= HI <= 1/);
  });

  it('exits with 1 on a bad input file, naming the line, and imports nothing', async () => {
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, `${JSON.stringify({ prompt: 'What is 2+2?', answer: '4', family: 'tiny' })}\n${JSON.stringify({ prompt: 'What is 3+3?', family: 'tiny' })}\n`);
    const failed = await corpus('import', file);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/in\.jsonl, line 2, field "answer"/);
    expect(JSON.parse((await corpus('stats', '--json')).stdout).problems).toBe(0);
    expect((await corpus('import', join(dir, 'missing.jsonl'))).status).toBe(1);
    const skipped = await corpus('import', file, '--skip-invalid', '--json');
    expect(skipped.status).toBe(0);
    expect(JSON.parse(skipped.stdout)[0]).toMatchObject({ added: 1, invalid: [{ line: 2, field: 'answer' }] });
  });
});
