import type { ChatMessage, ToolSpec } from '../core/policy.js';
import { compactFormat } from '../rollout/tool-call-format.js';

/**
 * Renders a conversation into the text the embedded model continues, in the same tagged form it
 * is trained on: user turns verbatim, the assistant's calls as `<tool_call>…</tool_call>`, tool
 * output as `<tool_result>…</tool_result>`. The tool list goes first when `listTools` is set (a
 * tiny model with a short context may know its tools from training instead).
 */
export function renderConversation(messages: readonly ChatMessage[], tools: readonly ToolSpec[], options: { listTools: boolean }): string {
  const format = compactFormat(tools);
  const parts: string[] = [];
  if (options.listTools && tools.length > 0) parts.push(`${format.describeTools(tools)}\n`);
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'user':
        parts.push(message.content);
        break;
      case 'assistant':
        parts.push(message.content);
        for (const call of message.toolCalls ?? []) parts.push(`<tool_call>${call.name} ${call.arguments}</tool_call>`);
        break;
      case 'tool':
        parts.push(format.renderResult({ id: message.toolCallId ?? '', name: '', arguments: '' }, message.content));
        break;
    }
  }
  return parts.join('');
}
