import { lstat, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { defineTool, ToolError } from './tool.js';
import { resolveInside } from './workspace.js';

const MAX_FILE_BYTES = 1_000_000;
const MAX_LISTED_ENTRIES = 200;

export const readFileTool = defineTool({
  name: 'read_file',
  description: 'Reads a text file from your workspace.',
  parameters: z.object({ path: z.string().min(1).describe('path relative to the workspace') }),
  handler: async ({ path }, { workspace }) => {
    const file = await resolveInside(workspace, path);
    const info = await stat(file).catch(() => {
      throw new ToolError(`no such file: ${path}`);
    });
    if (!info.isFile()) throw new ToolError(`${path} is not a file`);
    if (info.size > MAX_FILE_BYTES) throw new ToolError(`${path} is larger than ${MAX_FILE_BYTES} bytes`);
    return readFile(file, 'utf8');
  },
});

export const writeFileTool = defineTool({
  name: 'write_file',
  description: 'Writes a text file in your workspace, creating folders as needed (replaces an existing file).',
  parameters: z.object({
    path: z.string().min(1).describe('path relative to the workspace'),
    content: z.string().max(MAX_FILE_BYTES).describe('the full text of the file'),
  }),
  handler: async ({ path, content }, { workspace }) => {
    const file = await resolveInside(workspace, path);
    const existing = await lstat(file).catch(() => undefined);
    if (existing?.isSymbolicLink()) throw new ToolError(`${path} is a symbolic link; write to a regular file`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content, 'utf8');
    return `wrote ${Buffer.byteLength(content)} bytes to ${path}`;
  },
});

export const listDirTool = defineTool({
  name: 'list_dir',
  description: 'Lists a folder of your workspace (folders end with "/").',
  parameters: z.object({ path: z.string().default('.').describe('folder relative to the workspace') }),
  handler: async ({ path }, { workspace }) => {
    const folder = await resolveInside(workspace, path);
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => {
      throw new ToolError(`no such folder: ${path}`);
    });
    const names = entries.map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name)).sort();
    const shown = names.slice(0, MAX_LISTED_ENTRIES);
    const more = names.length - shown.length;
    return names.length === 0 ? '(empty)' : shown.join('\n') + (more > 0 ? `\n… and ${more} more` : '');
  },
});
