import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calculatorTool } from './calculator.js';
import { callTool } from './call-tool.js';
import { DocsIndex } from './docs-index.js';
import { listDirTool, readFileTool, writeFileTool } from './file-tools.js';
import { createSearchDocsTool } from './search-docs.js';
import { defineTool, toToolSpec, type Tool } from './tool.js';
import { createWorkspace } from './workspace.js';

let workspace: { path: string; dispose(): Promise<void> };
let outside: string;
const fileTools = new Map<string, Tool>([readFileTool, writeFileTool, listDirTool, calculatorTool].map((tool) => [tool.name, tool as Tool]));
const call = (name: string, args: unknown) => callTool(fileTools, name, typeof args === 'string' ? args : JSON.stringify(args), { workspace: workspace.path });

beforeEach(async () => {
  workspace = await createWorkspace();
  outside = await mkdtemp(join(tmpdir(), 'rlvr-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'host secret');
});

afterEach(async () => {
  await workspace.dispose();
  await rm(outside, { recursive: true, force: true });
});

describe('tool declarations', () => {
  it('turns the zod schema into the JSON Schema shown to the model', () => {
    expect(toToolSpec(calculatorTool as Tool)).toEqual({
      name: 'calculator',
      description: expect.stringContaining('arithmetic'),
      parameters: {
        type: 'object',
        properties: { expression: { type: 'string', description: expect.any(String) } },
        required: ['expression'],
        additionalProperties: false,
      },
    });
  });

  it('rejects a name the chat APIs would refuse', () => {
    expect(() => defineTool({ name: 'Bad Name', description: '', parameters: z.object({}), handler: async () => '' })).toThrow(/snake_case/);
  });
});

describe('callTool', () => {
  it('runs a valid call', async () => {
    expect(await call('calculator', { expression: '6*7' })).toMatchObject({ ok: true, output: '42' });
  });

  it.each([
    ['unknown tool', 'nope', '{}', /unknown tool "nope"; available: read_file/],
    ['malformed JSON', 'calculator', '{"expression": ', /not valid JSON/],
    ['schema violation', 'calculator', '{"expression": 5}', /invalid arguments for calculator: expression/],
    ['handler error', 'calculator', '{"expression": "1/0"}', /division by zero/],
  ])('returns an error the model can read for %s', async (_case, name, args, message) => {
    const outcome = await call(name, args);
    expect(outcome.ok).toBe(false);
    expect(outcome.output).toMatch(message);
  });

  it('cuts off a handler that overruns its timeout', async () => {
    const slow = defineTool({ name: 'slow', description: '', parameters: z.object({}), handler: () => new Promise<string>(() => {}) });
    const outcome = await callTool(new Map([['slow', slow as Tool]]), 'slow', '{}', { workspace: workspace.path }, { timeoutMs: 30, maxOutputChars: 100 });
    expect(outcome).toMatchObject({ ok: false, output: 'error: slow timed out after 30 ms' });
  });

  it('truncates long output and says so', async () => {
    const outcome = await callTool(fileTools, 'calculator', JSON.stringify({ expression: '10^2000' }), { workspace: workspace.path }, { timeoutMs: 1000, maxOutputChars: 50 });
    expect(outcome.truncated).toBe(true);
    expect(outcome.output).toMatch(/truncated at 50 characters/);
  });
});

describe('file tools', () => {
  it('write, list and read inside the workspace', async () => {
    expect((await call('write_file', { path: 'notes/a.txt', content: 'hello' })).ok).toBe(true);
    expect((await call('list_dir', {})).output).toBe('notes/');
    expect((await call('list_dir', { path: 'notes' })).output).toBe('a.txt');
    expect((await call('read_file', { path: 'notes/a.txt' })).output).toBe('hello');
    expect(await readFile(join(workspace.path, 'notes/a.txt'), 'utf8')).toBe('hello');
  });

  it.each([
    ['a relative escape', { path: `../${'x'}` }],
    ['an absolute host path', { path: '/etc/passwd' }],
  ])('keep %s inside the workspace', async (_case, args) => {
    const outcome = await call('read_file', args);
    expect(outcome.ok).toBe(false);
  });

  it('refuse to follow a symbolic link out of the workspace, for reading and writing', async () => {
    await symlink(outside, join(workspace.path, 'link'));
    expect((await call('read_file', { path: 'link/secret.txt' })).output).toMatch(/outside the workspace/);
    expect((await call('write_file', { path: 'link/secret.txt', content: 'pwned' })).output).toMatch(/outside the workspace/);
    await symlink(join(outside, 'secret.txt'), join(workspace.path, 'file-link'));
    expect((await call('write_file', { path: 'file-link', content: 'pwned' })).ok).toBe(false);
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('host secret');
  });
});

describe('search_docs', () => {
  it('ranks the passage about the query first and ignores FTS syntax in the query', async () => {
    const docs = await mkdtemp(join(tmpdir(), 'rlvr-docs-'));
    await mkdir(join(docs, 'api'));
    await writeFile(join(docs, 'api', 'sort.md'), '# Sorting\n\nUse `Array.prototype.toSorted` to sort without mutating the array.\n');
    await writeFile(join(docs, 'intro.html'), '<html><body><h1>Intro</h1><p>Welcome to the <b>strings</b> guide: padStart pads a string.</p></body></html>');
    await writeFile(join(docs, 'notes.txt'), 'Unrelated notes about cooking pasta.');
    await writeFile(join(docs, 'image.png'), 'not a document');
    const index = await DocsIndex.build(docs);
    try {
      const hits = index.search('how do I sort an array?');
      expect(hits[0]).toMatchObject({ path: 'api/sort.md', title: 'Sorting' });
      expect(index.search('padStart')[0]!.path).toBe('intro.html');
      expect(index.search('NEAR(" OR *')).toEqual([]);
      const tool = createSearchDocsTool(index);
      const outcome = await callTool(new Map([['search_docs', tool as Tool]]), 'search_docs', '{"query":"sorting arrays","limit":1}', { workspace: workspace.path });
      expect(outcome.output).toMatch(/^\[1\] api\/sort\.md — Sorting\n[\s\S]*toSorted/);
    } finally {
      index.close();
      await rm(docs, { recursive: true, force: true });
    }
  });
});
