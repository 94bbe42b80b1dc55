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
