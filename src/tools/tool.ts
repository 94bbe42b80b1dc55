import { z } from 'zod';
import type { ToolSpec } from '../core/policy.js';

/** What a tool handler may use: its episode's private workspace and a cancellation signal. */
export interface ToolContext {
  /** Absolute path of the episode's temporary folder; file tools are confined to it. */
  workspace: string;
  signal: AbortSignal;
}

/**
 * A tool declared once: the zod schema validates the model's arguments and becomes the JSON
 * Schema shown to the model, both in the system prompt and in the chat API's `tools` field.
 */
export interface Tool<Parameters extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  parameters: Parameters;
  handler(args: z.infer<Parameters>, context: ToolContext): Promise<string>;
}

export function defineTool<Parameters extends z.ZodType>(tool: Tool<Parameters>): Tool<Parameters> {
  if (!/^[a-z][a-z0-9_]{0,63}$/.test(tool.name)) {
    throw new TypeError(`tool name must be snake_case letters and digits, received "${tool.name}"`);
  }
  return tool;
}

export function toToolSpec(tool: Tool): ToolSpec {
  const { $schema: _schema, ...parameters } = z.toJSONSchema(tool.parameters) as Record<string, unknown>;
  return { name: tool.name, description: tool.description, parameters };
}

/** A failure the model should read and recover from (bad arguments, missing file, …). */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }

  static isInstance(error: unknown): error is ToolError {
    return error instanceof Error && error.name === 'ToolError';
  }
}
