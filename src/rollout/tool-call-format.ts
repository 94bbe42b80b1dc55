import type { ToolCall, ToolSpec } from '../core/policy.js';

/** A call found in model text; `error` is set when it could not be read, and goes back to the model. */
export interface ParsedToolCall extends ToolCall {
  error?: string;
}

/**
 * How tool calls and results are written, for models that call tools in plain text. The OpenAI
 * chat API carries calls as structured `tool_calls` instead; that format only lists the tools.
 */
export interface ToolCallFormat {
  readonly name: 'openai' | 'hermes' | 'compact';
  /** The part of the system prompt that lists the tools and says how to call them. */
  describeTools(tools: readonly ToolSpec[]): string;
  parseCalls(text: string): ParsedToolCall[];
  /** Text appended after the model's turn (text formats) carrying a tool's output. */
  renderResult(call: ToolCall, output: string): string;
}

const TOOL_CALL_BLOCK = /<tool_call>([\s\S]*?)(?:<\/tool_call>|$)/g;

function blocks(text: string): string[] {
  return [...text.matchAll(TOOL_CALL_BLOCK)].map((match) => match[1]!.trim());
}

function listTools(tools: readonly ToolSpec[]): string {
  return tools.map((tool) => JSON.stringify({ type: 'function', function: tool })).join('\n');
}

export const openaiFormat: ToolCallFormat = {
  name: 'openai',
  describeTools: (tools) => `You can call these tools; the results will be returned to you:\n${listTools(tools)}`,
  parseCalls: () => [],
  renderResult: (_call, output) => output,
};

/** Hermes style: `<tool_call>{"name": …, "arguments": {…}}</tool_call>`, results in `<tool_response>`. */
export const hermesFormat: ToolCallFormat = {
  name: 'hermes',
  describeTools: (tools) =>
    `You may call one or more functions to assist with the user query. Function signatures:\n<tools>\n${listTools(tools)}\n</tools>\n` +
    `For each call, return a JSON object with the function name and arguments within <tool_call></tool_call> tags:\n` +
    `<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>`,
  parseCalls: (text) =>
    blocks(text).map((body, index) => {
      const id = `call_${index}`;
      try {
        const parsed = JSON.parse(body) as { name?: unknown; arguments?: unknown };
        if (typeof parsed.name !== 'string') return { id, name: '', arguments: '', error: 'tool call has no "name" string' };
        const args = typeof parsed.arguments === 'string' ? parsed.arguments : JSON.stringify(parsed.arguments ?? {});
        return { id, name: parsed.name, arguments: args };
      } catch (error) {
        return { id, name: '', arguments: '', error: `tool call is not valid JSON: ${(error as Error).message}` };
      }
    }),
  renderResult: (_call, output) => `<tool_response>\n${output}\n</tool_response>`,
};

/**
 * The embedded model's format, short enough for a character-level model:
 * `<tool_call>calculator 12*34</tool_call>` → `<tool_result>408</tool_result>`. The text after the
 * tool name fills the tool's first required string parameter; a JSON object fills all of them.
 */
export function compactFormat(tools: readonly ToolSpec[]): ToolCallFormat {
  const primaryParameter = new Map(tools.map((tool) => [tool.name, firstRequiredString(tool)]));
  return {
    name: 'compact',
    describeTools: (specs) =>
      `Tools: ${specs.map((tool) => `${tool.name}(${primaryParameter.get(tool.name) ?? 'json'}): ${tool.description}`).join(' ')}\n` +
      'Call a tool as <tool_call>NAME INPUT</tool_call>.',
    parseCalls: (text) =>
      blocks(text).map((body, index) => {
        const id = `call_${index}`;
        const [, name = '', rest = ''] = /^([a-z][a-z0-9_]*)\s*([\s\S]*)$/.exec(body) ?? [];
        if (!name) return { id, name: '', arguments: '', error: 'write a tool call as <tool_call>NAME INPUT</tool_call>' };
        if (rest.trim().startsWith('{')) return { id, name, arguments: rest.trim() };
        const parameter = primaryParameter.get(name);
        if (!parameter) return { id, name, arguments: '', error: `tool "${name}" takes JSON arguments` };
        return { id, name, arguments: JSON.stringify({ [parameter]: rest.trim() }) };
      }),
    renderResult: (_call, output) => `<tool_result>${output}</tool_result>`,
  };
}

function firstRequiredString(tool: ToolSpec): string | undefined {
  const properties = (tool.parameters.properties ?? {}) as Record<string, { type?: string }>;
  const required = (tool.parameters.required ?? []) as string[];
  return required.find((name) => properties[name]?.type === 'string');
}
