import type { ChatMessage, Policy } from '../core/policy.js';
import { toToolSpec } from '../tools/tool.js';
import { DEFAULT_EPISODE_LIMITS, type Episode, type EpisodeOptions, type EpisodeSpan } from './episode.js';
import { openaiFormat } from './tool-call-format.js';
import { ToolSession, toolMap } from './tool-session.js';

/** `format`: `openai` (structured tool_calls, the default) or `hermes` (calls written in the text). */
export type ChatEpisodeOptions = EpisodeOptions;

/**
 * Runs one multi-turn episode against a chat policy (an OpenAI-compatible server, the embedded
 * model behind its chat interface, …). The tools are listed in the system prompt and in the
 * request's `tools` field; a failed model call ends the episode as data (`error`), not a crash.
 */
export async function runChatEpisode(policy: Policy, conversation: readonly ChatMessage[], options: ChatEpisodeOptions): Promise<Episode> {
  const limits = { ...DEFAULT_EPISODE_LIMITS, ...options.limits };
  const tools = toolMap(options.tools ?? []);
  const specs = [...tools.values()].map(toToolSpec);
  const format = options.format ?? openaiFormat;
  const messages = withToolsInSystemPrompt(conversation, specs.length ? format.describeTools(specs) : undefined);
  const spans: EpisodeSpan[] = [{ source: 'prompt', text: messages.map((message) => message.content).join('\n') }];
  const session = new ToolSession(tools, limits, options.signal);
  const episode = { messages, spans, toolCalls: session.records, turns: 0, completionTokens: 0 };

  try {
    while (true) {
      const [sample] = await policy.sample({
        messages,
        maxTokens: limits.maxTokensPerTurn,
        temperature: options.temperature,
        topP: options.topP,
        tools: format.name === 'openai' && specs.length ? specs : undefined,
        signal: options.signal,
      });
      if (!sample) throw new Error('the policy returned no completion');
      episode.turns++;
      episode.completionTokens += sample.completionTokens;
      spans.push({ source: 'policy', text: sample.text, tokenIds: sample.tokenIds, logprobs: sample.logprobs });
      const calls = format.name === 'openai' ? (sample.toolCalls ?? []) : format.parseCalls(sample.text);
      messages.push({ role: 'assistant', content: sample.text, ...(calls.length ? { toolCalls: calls } : {}) });

      if (calls.length === 0) return finish(episode, sample.finishReason === 'length' ? 'length' : 'answer');
      if (session.budgetLeft <= 0) return finish(episode, 'max-tool-calls');
      for (const { call, output } of await session.run(calls)) {
        const content = format.renderResult(call, output);
        messages.push({ role: 'tool', content, toolCallId: call.id });
        spans.push({ source: 'tool', text: content });
      }
      if (episode.turns >= limits.maxTurns) return finish(episode, 'max-turns');
    }
  } catch (error) {
    return { ...finish(episode, 'error'), error: error instanceof Error ? error.message : String(error) };
  } finally {
    await session.close();
  }
}

/**
 * Asks a policy for its final reply to a conversation, tools included (an LLM judge's question):
 * the last assistant message of the episode. A failed model call is an error here, not data.
 */
export function finalReply(policy: Policy, options: Omit<ChatEpisodeOptions, 'signal'>) {
  return async (conversation: readonly ChatMessage[], signal?: AbortSignal): Promise<string> => {
    const episode = await runChatEpisode(policy, conversation, { ...options, signal });
    if (episode.finish === 'error') throw new Error(`${policy.id} failed: ${episode.error}`);
    return episode.messages.filter((message) => message.role === 'assistant').at(-1)?.content ?? '';
  };
}

function finish(
  episode: Omit<Episode, 'finish' | 'response'>,
  reason: Episode['finish'],
): Episode {
  const response = episode.spans.filter((span) => span.source === 'policy').map((span) => span.text).join('\n');
  return { ...episode, finish: reason, response };
}

function withToolsInSystemPrompt(conversation: readonly ChatMessage[], toolText: string | undefined): ChatMessage[] {
  const messages = conversation.map((message) => ({ ...message }));
  if (!toolText) return messages;
  const system = messages.find((message) => message.role === 'system');
  if (system) system.content = `${system.content}\n\n${toolText}`;
  else messages.unshift({ role: 'system', content: toolText });
  return messages;
}
