import { calculatorTool } from './calculator.js';
import { runJsTool, runPythonTool } from './code-tools.js';
import { DocsIndex } from './docs-index.js';
import { listDirTool, readFileTool, writeFileTool } from './file-tools.js';
import { createSearchDocsTool } from './search-docs.js';
import type { Tool } from './tool.js';

/** The built-in tools by name; `search_docs` needs a folder of documents. */
const builtins: Record<string, Tool> = Object.fromEntries(
  [calculatorTool, runJsTool, runPythonTool, readFileTool, writeFileTool, listDirTool].map((tool) => [tool.name, tool as Tool]),
);

export const toolNames = [...Object.keys(builtins), 'search_docs'];

/** A built-in tool that needs no setup (every one but `search_docs`). */
export function builtinTool(name: string): Tool {
  const tool = builtins[name];
  if (!tool) throw new RangeError(`unknown tool "${name}"; available without setup: ${Object.keys(builtins).join(', ')}`);
  return tool;
}

/** Resolves `--tools run_js,calculator,…` to tool declarations; `search_docs` indexes `docsFolder`. */
export async function resolveTools(names: readonly string[], options: { docsFolder?: string } = {}): Promise<Tool[]> {
  const tools: Tool[] = [];
  for (const name of names) {
    if (name !== 'search_docs') {
      tools.push(builtinTool(name));
      continue;
    }
    if (!options.docsFolder) throw new RangeError('the search_docs tool needs a folder of Markdown, HTML or text files (--docs DIR)');
    tools.push(createSearchDocsTool(await DocsIndex.build(options.docsFolder)) as Tool);
  }
  return tools;
}
