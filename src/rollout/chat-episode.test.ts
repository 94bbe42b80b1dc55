import { describe, expect, it } from 'vitest';
import { calculatorTool } from '../tools/calculator.js';
import type { Tool } from '../tools/tool.js';
import { runChatEpisode } from './chat-episode.js';
import { ScriptedChatPolicy } from './scripted-policies.test-support.js';
import { hermesFormat } from './tool-call-format.js';

const tools = [calculatorTool as Tool];

describe('runChatEpisode', () => {
  it('offers the tools in the system prompt and the tools field, and answers structured calls', async () => {
    const policy = new ScriptedChatPolicy([
      { text: '', finishReason: 'tool_calls', toolCalls: [{ id: 'c1', name: 'calculator', arguments: '{"expression":"6*7"}' }] },
      { text: 'The answer is 42.' },
    ]);
    const episode = await runChatEpisode(policy, [{ role: 'user', content: 'What is 6*7?' }], { tools, temperature: 0 });

    expect(episode.finish).toBe('answer');
    expect(policy.requests[0]!.tools).toEqual([expect.objectContaining({ name: 'calculator' })]);
    expect(policy.requests[0]!.messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining('"calculator"') });
    expect(episode.messages.slice(1).map((message) => [message.role, message.content])).toEqual([
      ['user', 'What is 6*7?'],
      ['assistant', ''],
      ['tool', '42'],
      ['assistant', 'The answer is 42.'],
    ]);
    expect(episode.messages[3]!.toolCallId).toBe('c1');
    expect(episode.spans.map((span) => span.source)).toEqual(['prompt', 'policy', 'tool', 'policy']);
  });

  it('reads Hermes calls from the text and never sends the tools field', async () => {
    const policy = new ScriptedChatPolicy([
      { text: '<tool_call>\n{"name": "calculator", "arguments": {"expression": "2^10"}}\n</tool_call>' },
      { text: '1024' },
    ]);
    const episode = await runChatEpisode(policy, [{ role: 'user', content: '2^10?' }], { tools, temperature: 0, format: hermesFormat });
    expect(policy.requests[0]!.tools).toBeUndefined();
    expect(episode.messages.find((message) => message.role === 'tool')!.content).toBe('<tool_response>\n1024\n</tool_response>');
  });

  it('records a failing model call as an error episode', async () => {
    const policy = new ScriptedChatPolicy([new Error('server said 500')]);
    const episode = await runChatEpisode(policy, [{ role: 'user', content: 'hi' }], { temperature: 0 });
    expect(episode).toMatchObject({ finish: 'error', error: 'server said 500', turns: 0 });
  });
});
