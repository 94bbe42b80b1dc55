import { mkdtemp, rm } from 'node:fs/promises';
import { realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ToolError } from './tool.js';

/** Creates the private folder of one episode; `dispose` removes it with everything the model wrote. */
export async function createWorkspace(): Promise<{ path: string; dispose(): Promise<void> }> {
  const path = await realpath(await mkdtemp(join(tmpdir(), 'rlvr-workspace-')));
  return { path, dispose: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Resolves a model-supplied path inside the workspace, or throws. Symbolic links are resolved
 * before the check, so a link planted in the workspace cannot lead outside it.
 */
export async function resolveInside(workspace: string, requested: string): Promise<string> {
  if (requested.includes('\0')) throw new ToolError('path contains a NUL character');
  const candidate = resolve(workspace, isAbsolute(requested) ? `.${sep}${requested}` : requested);
  assertWithin(workspace, candidate, requested);
  const existing = await deepestExisting(candidate);
  assertWithin(workspace, await realpath(existing), requested);
  return candidate;
}

function assertWithin(workspace: string, path: string, requested: string): void {
  const offset = relative(workspace, path);
  if (offset.startsWith('..') || isAbsolute(offset)) throw new ToolError(`path "${requested}" is outside the workspace`);
}

async function deepestExisting(path: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    try {
      await realpath(current);
      return current;
    } catch {
      if (dirname(current) === current) return current;
    }
  }
}
