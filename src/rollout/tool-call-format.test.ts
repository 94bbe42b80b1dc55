import { describe, expect, it } from 'vitest';
import { calculatorTool } from '../tools/calculator.js';
import { readFileTool } from '../tools/file-tools.js';
import { toToolSpec, type Tool } from '../tools/tool.js';
import { compactFormat, hermesFormat } from './tool-call-format.js';

const specs = [calculatorTool, readFileTool].map((tool) => toToolSpec(tool as Tool));

describe('hermes format', () => {
  it('parses every call in the text', () => {
    const text = 'a<tool_call>{"name":"calculator","arguments":{"expression":"1+1"}}</tool_call>b<tool_call>{"name":"read_file","arguments":"{\\"path\\":\\"x\\"}"}</tool_call>';
    expect(hermesFormat.parseCalls(text)).toEqual([
      { id: 'call_0', name: 'calculator', arguments: '{"expression":"1+1"}' },
      { id: 'call_1', name: 'read_file', arguments: '{"path":"x"}' },
    ]);
  });

  it.each([
    ['broken JSON', '<tool_call>{"name": "calculator", </tool_call>', /not valid JSON/],
    ['no name', '<tool_call>{"arguments": {}}</tool_call>', /no "name"/],
    ['an unterminated call', '<tool_call>{"name": "calculator"', /not valid JSON/],
  ])('reports %s as an error for the model', (_case, text, message) => {
    expect(hermesFormat.parseCalls(text)[0]!.error).toMatch(message);
  });

  it('lists the tools as JSON signatures', () => {
    expect(hermesFormat.describeTools(specs)).toContain('<tools>\n{"type":"function","function":{"name":"calculator"');
  });
});

describe('compact format', () => {
  const format = compactFormat(specs);

  it('fills the first required string parameter from the text after the name', () => {
    expect(format.parseCalls('<tool_call>calculator 12*34</tool_call>')).toEqual([{ id: 'call_0', name: 'calculator', arguments: '{"expression":"12*34"}' }]);
  });

  it('accepts JSON arguments too', () => {
    expect(format.parseCalls('<tool_call>read_file {"path":"a.txt"}</tool_call>')[0]!.arguments).toBe('{"path":"a.txt"}');
  });

  it('reports a call without a tool name', () => {
    expect(format.parseCalls('<tool_call>12*34</tool_call>')[0]!.error).toMatch(/NAME INPUT/);
  });

  it('renders results in the tagged form the embedded model reads', () => {
    expect(format.renderResult({ id: 'c', name: 'calculator', arguments: '' }, '408')).toBe('<tool_result>408</tool_result>');
  });
});
