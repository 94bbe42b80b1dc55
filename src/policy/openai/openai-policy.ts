import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParams, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ChatMessage, FinishReason, Policy, Sample, SampleRequest, ToolCall } from '../../core/policy.js';
import { Semaphore } from '../../core/semaphore.js';
import { createKeepAliveFetch, type KeepAliveFetch } from './keep-alive-fetch.js';

export interface OpenAIEndpoint {
  baseURL: string;
  apiKey?: string;
}

export interface OpenAIPolicyOptions {
  /** One or more servers of the same model; each request goes to the least busy one. */
  endpoints: OpenAIEndpoint[];
  model: string;
  /** Requests in flight at once across all endpoints. */
  maxConcurrency?: number;
  timeoutMs?: number;
  /** Retries on connection errors, 408, 409, 429 and 5xx, with exponential backoff (the client's own). */
  maxRetries?: number;
  stream?: boolean;
  /** Ask for per-token log-probabilities (servers that don't support them ignore or refuse it). */
  logprobs?: boolean;
  /** vLLM's `return_tokens_as_token_ids`: tokens come back as ids, so a trainer can use them. */
  returnTokenIds?: boolean;
}

interface Connection {
  client: OpenAI;
  fetch: KeepAliveFetch;
  inFlight: number;
}

/** A chat policy served by any OpenAI-compatible server: vLLM, SGLang, llama.cpp, Ollama, OpenAI, … */
export class OpenAIPolicy implements Policy {
  readonly id: string;
  readonly version: string;
  private readonly connections: Connection[];
  private readonly limiter: Semaphore;

  constructor(private readonly options: OpenAIPolicyOptions) {
    if (options.endpoints.length === 0) throw new TypeError('OpenAIPolicy needs at least one endpoint');
    this.id = `openai:${options.model}`;
    this.version = options.model;
    this.limiter = new Semaphore(options.maxConcurrency ?? 64);
    this.connections = options.endpoints.map((endpoint) => {
      // One pooled connection per request the limit lets through, so no request waits for a socket.
      const fetch = createKeepAliveFetch(this.limiter.capacity);
      const client = new OpenAI({
        baseURL: endpoint.baseURL,
        apiKey: endpoint.apiKey ?? 'not-needed',
        timeout: options.timeoutMs ?? 120_000,
        maxRetries: options.maxRetries ?? 3,
        fetch,
      });
      return { client, fetch, inFlight: 0 };
    });
  }

  /** Requests currently sent and not yet answered (never above `maxConcurrency`). */
  get inFlight(): number {
    return this.limiter.inFlight;
  }

  /** `n` completions are `n` requests, so they spread over endpoints and work on servers without `n`. */
  async sample(request: SampleRequest): Promise<Sample[]> {
    return Promise.all(Array.from({ length: request.n ?? 1 }, () => this.limiter.run(() => this.sampleOnce(request))));
  }

  private async sampleOnce(request: SampleRequest): Promise<Sample> {
    const connection = this.connections.reduce((best, candidate) => (candidate.inFlight < best.inFlight ? candidate : best));
    connection.inFlight++;
    try {
      const body = this.requestBody(request);
      const requestOptions = { signal: request.signal };
      if (this.options.stream) {
        const stream = await connection.client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, requestOptions);
        return fromChunks(stream, this.options.returnTokenIds ?? false);
      }
      const completion = await connection.client.chat.completions.create({ ...body, stream: false }, requestOptions);
      const choice = completion.choices[0];
      if (!choice) throw new Error('the server returned no choices');
      return {
        text: choice.message.content ?? '',
        ...toolCallsOf(choice.message.tool_calls),
        finishReason: finishReasonOf(choice.finish_reason),
        ...tokensOf(choice.logprobs?.content ?? undefined, this.options.returnTokenIds ?? false),
        promptTokens: completion.usage?.prompt_tokens ?? 0,
        completionTokens: completion.usage?.completion_tokens ?? 0,
      };
    } finally {
      connection.inFlight--;
    }
  }

  private requestBody(request: SampleRequest): ChatCompletionCreateParams {
    return {
      model: this.options.model,
      messages: request.messages.map(toOpenAIMessage),
      max_tokens: request.maxTokens,
      temperature: request.temperature,
      ...(request.topP !== undefined ? { top_p: request.topP } : {}),
      ...(request.stop?.length ? { stop: request.stop } : {}),
      ...(request.tools?.length
        ? { tools: request.tools.map((tool) => ({ type: 'function' as const, function: { name: tool.name, description: tool.description, parameters: tool.parameters } })) }
        : {}),
      ...(this.options.logprobs ? { logprobs: true } : {}),
      ...(this.options.returnTokenIds ? ({ return_tokens_as_token_ids: true } as object) : {}),
    };
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.fetch.close();
  }
}

function toOpenAIMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'tool':
      return { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content,
        ...(message.toolCalls?.length
          ? { tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })) }
          : {}),
      };
  }
}

function toolCallsOf(calls: ReadonlyArray<{ id: string; type: string; function?: { name: string; arguments: string } }> | undefined): { toolCalls?: ToolCall[] } {
  const functionCalls = (calls ?? []).filter((call) => call.function);
  if (functionCalls.length === 0) return {};
  return { toolCalls: functionCalls.map((call) => ({ id: call.id, name: call.function!.name, arguments: call.function!.arguments })) };
}

function finishReasonOf(reason: string | null | undefined): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'tool_calls' || reason === 'function_call') return 'tool_calls';
  return 'stop';
}

/** Per-token log-probabilities; token ids when the server returned them as `token_id:N` (vLLM). */
function tokensOf(content: ReadonlyArray<{ token: string; logprob: number }> | undefined, expectIds: boolean): { tokenIds?: number[]; logprobs?: number[] } {
  if (!content?.length) return {};
  const logprobs = content.map((entry) => entry.logprob);
  if (!expectIds) return { logprobs };
  const tokenIds = content.map((entry) => Number(/^token_id:(\d+)$/.exec(entry.token)?.[1] ?? Number.NaN));
  return tokenIds.every(Number.isInteger) ? { tokenIds, logprobs } : { logprobs };
}

async function fromChunks(stream: AsyncIterable<ChatCompletionChunk>, expectIds: boolean): Promise<Sample> {
  let text = '';
  let finishReason: FinishReason = 'stop';
  let usage = { prompt_tokens: 0, completion_tokens: 0 };
  const calls: Array<{ id: string; type: string; function: { name: string; arguments: string } }> = [];
  const logprobEntries: Array<{ token: string; logprob: number }> = [];
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) continue;
    text += choice.delta.content ?? '';
    for (const delta of choice.delta.tool_calls ?? []) {
      const call = (calls[delta.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
      call.id ||= delta.id ?? '';
      call.function.name += delta.function?.name ?? '';
      call.function.arguments += delta.function?.arguments ?? '';
    }
    logprobEntries.push(...(choice.logprobs?.content ?? []));
    if (choice.finish_reason) finishReason = finishReasonOf(choice.finish_reason);
  }
  return {
    text,
    ...toolCallsOf(calls.filter(Boolean)),
    finishReason,
    ...tokensOf(logprobEntries, expectIds),
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
  };
}
