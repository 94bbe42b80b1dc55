import type { Tool, ToolContext } from './tool.js';

export interface ToolLimits {
  timeoutMs: number;
  maxOutputChars: number;
}

export const DEFAULT_TOOL_LIMITS: ToolLimits = { timeoutMs: 10_000, maxOutputChars: 4_000 };

export interface ToolOutcome {
  ok: boolean;
  /** What goes back to the model: the tool's output, or an error it can act on. */
  output: string;
  ms: number;
  truncated: boolean;
}

/**
 * Runs one call as the model wrote it. Every failure (unknown tool, malformed JSON, arguments that
 * fail the schema, a handler error, a timeout) becomes an error message for the model, never a
 * crash, so the episode goes on.
 */
export async function callTool(
  tools: ReadonlyMap<string, Tool>,
  name: string,
  rawArguments: string,
  context: Omit<ToolContext, 'signal'> & { signal?: AbortSignal },
  limits: ToolLimits = DEFAULT_TOOL_LIMITS,
): Promise<ToolOutcome> {
  const started = performance.now();
  const finish = (ok: boolean, text: string): ToolOutcome => {
    const truncated = text.length > limits.maxOutputChars;
    const output = truncated ? `${text.slice(0, limits.maxOutputChars)}\n[output truncated at ${limits.maxOutputChars} characters]` : text;
    return { ok, output, truncated, ms: performance.now() - started };
  };

  const tool = tools.get(name);
  if (!tool) return finish(false, `error: unknown tool "${name}"; available: ${[...tools.keys()].join(', ')}`);
  let json: unknown;
  try {
    json = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
  } catch (error) {
    return finish(false, `error: arguments of ${name} are not valid JSON (${(error as Error).message})`);
  }
  const parsed = tool.parameters.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`);
    return finish(false, `error: invalid arguments for ${name}: ${issues.join('; ')}`);
  }

  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  context.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ToolOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(finish(false, `error: ${name} timed out after ${limits.timeoutMs} ms`));
    }, limits.timeoutMs);
  });
  const run = tool
    .handler(parsed.data, { workspace: context.workspace, signal: controller.signal })
    .then((output) => finish(true, output))
    .catch((error: unknown) => finish(false, `error: ${error instanceof Error ? error.message : String(error)}`));
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
    context.signal?.removeEventListener('abort', onOuterAbort);
  }
}
