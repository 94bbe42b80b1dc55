import { z } from 'zod';
import { runJavaScript, runPython, type SandboxResult } from '../sandbox/index.js';
import { defineTool } from './tool.js';

const codeParameters = z.object({
  code: z.string().min(1).max(100_000).describe('the whole program; print what you want to see'),
  stdin: z.string().max(100_000).default('').describe('standard input for the program'),
});

/** What the model reads back: the program's output, its errors and how it ended. */
function describeRun(result: SandboxResult): string {
  const parts = [result.stdout.trimEnd()];
  if (result.stderr.trim()) parts.push(`[stderr]\n${result.stderr.trimEnd()}`);
  if (result.error) parts.push(`[sandbox] ${result.error}`);
  if (result.timedOut) parts.push('[stopped: time limit]');
  else if (result.outputTruncated) parts.push('[stopped: output limit]');
  else if (result.exitCode !== 0 && result.exitCode !== null) parts.push(`[exit code ${result.exitCode}]`);
  return parts.filter(Boolean).join('\n') || '(no output)';
}

export const runJsTool = defineTool({
  name: 'run_js',
  description: 'Runs a JavaScript program in a sandbox (no network, no files) and returns what it printed with console.log.',
  parameters: codeParameters,
  handler: async ({ code, stdin }) => describeRun(await runJavaScript(code, { stdin, timeoutMs: 5_000 })),
});

export const runPythonTool = defineTool({
  name: 'run_python',
  description: 'Runs a Python 3 program in a sandbox (no network, private temporary files) and returns what it printed.',
  parameters: codeParameters,
  handler: async ({ code, stdin }) => describeRun(await runPython(code, { stdin, timeoutMs: 5_000 })),
});
