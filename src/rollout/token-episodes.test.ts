import { describe, expect, it } from 'vitest';
import { calculatorTool } from '../tools/calculator.js';
import type { Tool } from '../tools/tool.js';
import { ScriptedTokenPolicy } from './scripted-policies.test-support.js';
import { runTokenEpisodes } from './token-episodes.js';

const tools = [calculatorTool as Tool];

describe('runTokenEpisodes', () => {
  it('masks exactly the tool output and keeps the sequence growing', async () => {
    const policy = new ScriptedTokenPolicy([['think<tool_call>calculator 12*34</tool_call>', '<answer>408</answer><eos>']]);
    const [episode] = await runTokenEpisodes(policy, ['12*34='], { tools, temperature: 1 });

    expect(episode!.finish).toBe('answer');
    expect(episode!.toolCalls).toMatchObject([{ name: 'calculator', ok: true, output: '408' }]);
    const { ids, lossMask } = episode!.tokens!;
    expect(policy.decode(ids)).toBe('12*34=think<tool_call>calculator 12*34</tool_call><tool_result>408</tool_result><answer>408</answer>');
    const trained = policy.decode(ids.filter((_id, index) => lossMask[index] === 1));
    expect(trained).toBe('think<tool_call>calculator 12*34</tool_call><answer>408</answer>');
    const masked = policy.decode(ids.filter((_id, index) => lossMask[index] === 0));
    expect(masked).toBe('12*34=<tool_result>408</tool_result>');
    expect(episode!.completionTokens).toBe(lossMask.filter((bit) => bit === 1).length);

    const [firstPrefix, secondPrefix] = policy.prefixes.map((turn) => turn[0]!);
    expect(secondPrefix!.slice(0, firstPrefix!.length)).toEqual(firstPrefix);
    expect(episode!.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(episode!.response).toBe('think<tool_call>calculator 12*34</tool_call><answer>408</answer>');
  });

  it('sends a clear error back for a malformed call and lets the episode go on', async () => {
    const policy = new ScriptedTokenPolicy([['<tool_call>???</tool_call>', '<tool_call>calculator 1/0</tool_call>', '<answer>?</answer><eos>']]);
    const [episode] = await runTokenEpisodes(policy, ['x'], { tools, temperature: 1 });
    expect(episode!.finish).toBe('answer');
    expect(episode!.toolCalls.map((call) => call.output)).toEqual([
      'error: write a tool call as <tool_call>NAME INPUT</tool_call>',
      'error: division by zero',
    ]);
  });

  it('runs a batch of episodes that finish at different turns', async () => {
    const policy = new ScriptedTokenPolicy([
      ['<answer>1</answer><eos>'],
      ['<tool_call>calculator 2+2</tool_call>', '<answer>4</answer><eos>'],
    ]);
    const episodes = await runTokenEpisodes(policy, ['a', 'b'], { tools, temperature: 1 });
    expect(episodes.map((episode) => [episode.turns, episode.finish])).toEqual([
      [1, 'answer'],
      [2, 'answer'],
    ]);
    expect(policy.prefixes[1]).toHaveLength(1);
  });

  it.each([
    ['tool-call budget', { maxToolCalls: 1 }, 'max-tool-calls'],
    ['turn limit', { maxTurns: 2 }, 'max-turns'],
  ])('ends at the %s', async (_limit, limits, finish) => {
    const loop = Array.from({ length: 10 }, () => '<tool_call>calculator 1+1</tool_call>');
    const [episode] = await runTokenEpisodes(new ScriptedTokenPolicy([loop]), ['x'], { tools, temperature: 1, limits });
    expect(episode!.finish).toBe(finish);
  });

  it('gives each episode of a batch its own room, not the room of the fullest one', async () => {
    const policy = new ScriptedTokenPolicy([['<answer>1</answer><eos>'], ['<answer>22</answer><eos>']]);
    const [crowded, roomy] = await runTokenEpisodes(policy, ['x'.repeat(30), 'y'], { tools, temperature: 1, maxSequenceTokens: 40 });
    expect(crowded!.finish).toBe('length');
    expect(crowded!.tokens!.ids).toHaveLength(40);
    expect(roomy!).toMatchObject({ finish: 'answer', response: '<answer>22</answer>' });
  });

  it('cuts tool output that would not fit in the context', async () => {
    const policy = new ScriptedTokenPolicy([['<tool_call>calculator 10^30</tool_call>']]);
    const [episode] = await runTokenEpisodes(policy, ['x'], { tools, temperature: 1, maxSequenceTokens: 40 });
    expect(episode!.finish).toBe('length');
    expect(episode!.tokens!.ids).toHaveLength(40);
  });

  it('ends with length when the sequence reaches the context', async () => {
    const policy = new ScriptedTokenPolicy([['a'.repeat(50)]]);
    const [episode] = await runTokenEpisodes(policy, ['prompt'], { tools, temperature: 1, maxSequenceTokens: 20 });
    expect(episode!.finish).toBe('length');
    expect(episode!.tokens!.ids).toHaveLength(20);
  });
});
