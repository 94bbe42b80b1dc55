import type { ToolCall } from '../core/policy.js';
import { callTool } from '../tools/call-tool.js';
import type { Tool } from '../tools/tool.js';
import { createWorkspace } from '../tools/workspace.js';
import type { EpisodeLimits, ToolCallRecord } from './episode.js';
import type { ParsedToolCall } from './tool-call-format.js';

/**
 * The tools of one episode: its private workspace, its call budget and the record of every call.
 * Calls of one turn run concurrently; calls past the budget are answered with an error.
 */
export class ToolSession {
  readonly records: ToolCallRecord[] = [];
  private workspace?: { path: string; dispose(): Promise<void> };

  constructor(
    private readonly tools: ReadonlyMap<string, Tool>,
    private readonly limits: EpisodeLimits,
    private readonly signal?: AbortSignal,
  ) {}

  get budgetLeft(): number {
    return this.limits.maxToolCalls - this.records.length;
  }

  async run(calls: readonly ParsedToolCall[]): Promise<Array<{ call: ToolCall; output: string }>> {
    const workspace = (this.workspace ??= await createWorkspace());
    const budget = this.budgetLeft;
    return Promise.all(
      calls.map(async (call, index) => {
        const started = performance.now();
        const outcome =
          call.error !== undefined
            ? { ok: false, output: `error: ${call.error}` }
            : index >= budget
              ? { ok: false, output: `error: the limit of ${this.limits.maxToolCalls} tool calls is reached` }
              : await callTool(this.tools, call.name, call.arguments, { workspace: workspace.path, signal: this.signal }, {
                  timeoutMs: this.limits.toolTimeoutMs,
                  maxOutputChars: this.limits.maxToolOutputChars,
                });
        this.records.push({ name: call.name, ok: outcome.ok, ms: performance.now() - started, output: outcome.output });
        return { call, output: outcome.output };
      }),
    );
  }

  async close(): Promise<void> {
    await this.workspace?.dispose();
  }
}

export function toolMap(tools: readonly Tool[]): Map<string, Tool> {
  const map = new Map<string, Tool>();
  for (const tool of tools) {
    if (map.has(tool.name)) throw new TypeError(`two tools are named "${tool.name}"`);
    map.set(tool.name, tool);
  }
  return map;
}
