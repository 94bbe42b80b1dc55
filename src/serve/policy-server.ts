import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import type { ChatMessage, TokenPolicy, TokenSample, ToolSpec } from '../core/policy.js';
import { compactFormat } from '../rollout/tool-call-format.js';
import { ContinuationBatcher } from './batcher.js';
import { renderConversation } from './chat-template.js';
import { chatRequestSchema, completionRequestSchema, type ChatRequest, type CompletionRequest } from './request-schemas.js';

export interface PolicyServerOptions {
  policy: TokenPolicy;
  modelName: string;
  contextLength: number;
  /** Loopback only unless the user asks otherwise. */
  host?: string;
  port?: number;
  defaultMaxTokens?: number;
  /** Write the tool list into the prompt (see renderConversation). */
  listToolsInPrompt?: boolean;
  maxBodyBytes?: number;
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

/**
 * An OpenAI-compatible server (`/v1/models`, `/v1/chat/completions` with tools and streaming,
 * `/v1/completions`) in front of a token-level policy, so any OpenAI-speaking framework can drive
 * the embedded model.
 */
export async function startPolicyServer(options: PolicyServerOptions): Promise<RunningServer> {
  const batcher = new ContinuationBatcher(options.policy);
  const server = createServer((request, response) => {
    handle(request, response, options, batcher).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) sendJson(response, status, { error: { message, type: status === 500 ? 'server_error' : 'invalid_request_error', param: (error as HttpError).param ?? null, code: null } });
      else response.end();
    });
  });
  // Clients keep connections open across long generations; Node's 5 s default races with them.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}/v1`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, options: PolicyServerOptions, batcher: ContinuationBatcher): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/\/$/, '');
  if (request.method === 'GET' && path === '/v1/models') {
    sendJson(response, 200, { object: 'list', data: [{ id: options.modelName, object: 'model', created: 0, owned_by: 'rlvr' }] });
  } else if (request.method === 'POST' && path === '/v1/chat/completions') {
    await chatCompletions(parse(chatRequestSchema, await readJson(request, options.maxBodyBytes)), response, options, batcher);
  } else if (request.method === 'POST' && path === '/v1/completions') {
    await completions(parse(completionRequestSchema, await readJson(request, options.maxBodyBytes)), response, options, batcher);
  } else {
    throw new HttpError(404, `no route for ${request.method} ${path}`);
  }
}

async function chatCompletions(body: ChatRequest, response: ServerResponse, options: PolicyServerOptions, batcher: ContinuationBatcher): Promise<void> {
  const tools: ToolSpec[] = (body.tools ?? []).map((tool) => ({ name: tool.function.name, description: tool.function.description, parameters: tool.function.parameters }));
  const prompt = renderConversation(body.messages.map(toChatMessage), tools, { listTools: options.listToolsInPrompt ?? false });
  const samples = await sampleContinuations(prompt, body, options, batcher);
  const format = compactFormat(tools);
  const choices = samples.map(({ sample, text }, index) => {
    const callStart = text.indexOf('<tool_call>');
    const calls = tools.length && callStart >= 0 ? format.parseCalls(text).filter((call) => !call.error) : [];
    const message = calls.length
      ? { role: 'assistant', content: text.slice(0, callStart), tool_calls: calls.map((call, n) => ({ id: `call_${index}_${n}`, type: 'function', function: { name: call.name, arguments: call.arguments } })) }
      : { role: 'assistant', content: text };
    return { index, message, finish_reason: calls.length ? 'tool_calls' : sample.finishReason, ...logprobsOf(sample, options.policy, body.logprobs) };
  });
  const usage = usageOf(options.policy.encodePrompt(prompt).length, samples);
  if (body.stream) return streamChat(response, options.modelName, choices, usage);
  sendJson(response, 200, { id: `chatcmpl-${Date.now()}`, object: 'chat.completion', created: nowSeconds(), model: options.modelName, choices, usage });
}

async function completions(body: CompletionRequest, response: ServerResponse, options: PolicyServerOptions, batcher: ContinuationBatcher): Promise<void> {
  const prompts = typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
  const perPrompt = await Promise.all(prompts.map((prompt) => sampleContinuations(prompt, body, options, batcher)));
  const choices = perPrompt.flat().map(({ sample, text }, index) => ({
    index,
    text,
    finish_reason: sample.finishReason,
    logprobs: body.logprobs ? { tokens: sample.tokenIds.map((id) => options.policy.decode([id])), token_logprobs: sample.logprobs } : null,
  }));
  const promptTokens = prompts.reduce((sum, prompt) => sum + options.policy.encodePrompt(prompt).length, 0);
  sendJson(response, 200, { id: `cmpl-${Date.now()}`, object: 'text_completion', created: nowSeconds(), model: options.modelName, choices, usage: usageOf(promptTokens, perPrompt.flat()) });
}

async function sampleContinuations(
  prompt: string,
  body: ChatRequest | CompletionRequest,
  options: PolicyServerOptions,
  batcher: ContinuationBatcher,
): Promise<Array<{ sample: TokenSample; text: string }>> {
  const prefix = options.policy.encodePrompt(prompt);
  const room = options.contextLength - prefix.length;
  if (room <= 0) throw new HttpError(400, `the prompt is ${prefix.length} tokens; the model's context is ${options.contextLength}`, 'messages');
  const maxTokens = Math.min(room, body.max_completion_tokens ?? body.max_tokens ?? options.defaultMaxTokens ?? room);
  const endToolCall = options.policy.tokenOf('</tool_call>');
  const stopTokens = endToolCall === undefined ? [options.policy.endOfSequence] : [options.policy.endOfSequence, endToolCall];
  const stops = typeof body.stop === 'string' ? [body.stop] : (body.stop ?? []);
  const samples = await Promise.all(
    Array.from({ length: body.n }, () => batcher.continue(prefix, { maxTokens, temperature: body.temperature, topP: body.top_p, stopTokens })),
  );
  return samples.map((sample) => ({ sample, text: cutAtStop(options.policy.decode(sample.tokenIds), stops) }));
}

function cutAtStop(text: string, stops: readonly string[]): string {
  const cut = Math.min(...stops.map((stop) => text.indexOf(stop)).filter((index) => index >= 0));
  return Number.isFinite(cut) ? text.slice(0, cut) : text;
}

function logprobsOf(sample: TokenSample, policy: TokenPolicy, requested: boolean | number | undefined) {
  if (!requested) return { logprobs: null };
  return { logprobs: { content: sample.tokenIds.map((id, index) => ({ token: policy.decode([id]), logprob: sample.logprobs[index] ?? 0, bytes: null, top_logprobs: [] })) } };
}

function usageOf(promptTokens: number, samples: ReadonlyArray<{ sample: TokenSample }>) {
  const completionTokens = samples.reduce((sum, { sample }) => sum + sample.tokenIds.length, 0);
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

function streamChat(response: ServerResponse, model: string, choices: ReadonlyArray<{ index: number; message: { content: string; tool_calls?: unknown[] }; finish_reason: string }>, usage: object): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const id = `chatcmpl-${Date.now()}`;
  const send = (payload: object) => response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: nowSeconds(), model, ...payload })}\n\n`);
  for (const choice of choices) {
    send({ choices: [{ index: choice.index, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const piece of choice.message.content.match(/[\s\S]{1,16}/g) ?? []) send({ choices: [{ index: choice.index, delta: { content: piece }, finish_reason: null }] });
    (choice.message.tool_calls ?? []).forEach((call, position) => send({ choices: [{ index: choice.index, delta: { tool_calls: [{ index: position, ...(call as object) }] }, finish_reason: null }] }));
    send({ choices: [{ index: choice.index, delta: {}, finish_reason: choice.finish_reason }] });
  }
  send({ choices: [], usage });
  response.end('data: [DONE]\n\n');
}

function toChatMessage(message: ChatRequest['messages'][number]): ChatMessage {
  const content = typeof message.content === 'string' ? message.content : (message.content ?? []).map((part) => part.text ?? '').join('');
  const role = message.role === 'developer' ? 'system' : message.role;
  return {
    role,
    content,
    ...(message.tool_calls ? { toolCalls: message.tool_calls.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments })) } : {}),
    ...(message.tool_call_id ? { toolCallId: message.tool_call_id } : {}),
  };
}

function parse<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.join('.');
  throw new HttpError(400, `${param || 'body'}: ${issue.message}`, param || undefined);
}

async function readJson(request: IncomingMessage, maxBytes = 4_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, `request body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
