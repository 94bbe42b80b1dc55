/** A tool call as the model emitted it; `arguments` is the raw JSON text. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls?: ToolCall[];
  toolCallId?: string;
}

/** A tool as offered to a model: JSON Schema parameters, as in the chat API's `tools` field. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface SampleRequest {
  messages: ChatMessage[];
  /** Completions wanted for these messages. */
  n?: number;
  maxTokens: number;
  temperature: number;
  topP?: number;
  stop?: string[];
  tools?: ToolSpec[];
  signal?: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'error';

export interface Sample {
  text: string;
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
  /** Token ids and their log-probabilities under the sampling policy, when the backend reports them. */
  tokenIds?: number[];
  logprobs?: number[];
  promptTokens: number;
  completionTokens: number;
}

/**
 * Anything that answers chat messages: the embedded model, an OpenAI-compatible server, a
 * recorded fixture. `version` identifies the weights, so attempts can be attributed.
 */
export interface Policy {
  readonly id: string;
  readonly version: string;
  sample(request: SampleRequest): Promise<Sample[]>;
  close?(): Promise<void>;
}

export interface TokenSampleOptions {
  maxTokens: number;
  temperature: number;
  topP?: number;
  /** Token ids that end a completion (included in its tokens when hit). */
  stopTokens?: number[];
  signal?: AbortSignal;
}

export interface TokenSample {
  tokenIds: number[];
  /** Log-probability of each token under the (untempered) sampling policy. */
  logprobs: number[];
  finishReason: 'stop' | 'length';
}

/**
 * A policy driven at the token level: the rollout engine appends tool output as tokens and asks
 * for a continuation of the exact same sequence, so nothing is ever re-templated.
 */
export interface TokenPolicy {
  readonly id: string;
  readonly version: string;
  encode(text: string): number[];
  /** The ids a sequence starts with: `encode(text)` behind a BOS token for models that use one. */
  encodePrompt(text: string): number[];
  decode(tokenIds: readonly number[]): string;
  /** The single token of a text marker such as `</tool_call>`, if the vocabulary has one. */
  tokenOf(marker: string): number | undefined;
  readonly endOfSequence: number;
  continue(prefixes: readonly number[][], options: TokenSampleOptions): Promise<TokenSample[]>;
}
