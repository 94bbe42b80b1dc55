import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.test-support.js';

interface WireMessage {
  role: string;
  content: string | null;
  tool_calls?: unknown[];
}

/**
 * A judge model over real HTTP on loopback. It says "correct" when the response's last number is
 * the reference; offered a calculator, it first asks it to evaluate the reference expression and
 * compares against the tool's result instead.
 */
function judgeReply(messages: WireMessage[], offeredTools: boolean): Record<string, unknown> {
  const question = messages.find((message) => message.role === 'user')?.content ?? '';
  const reference = /<reference>\n([\s\S]*?)\n<\/reference>/.exec(question)?.[1] ?? '';
  const claimed = /<response>\n([\s\S]*?)\n<\/response>/.exec(question)?.[1]?.match(/-?\d+/g)?.at(-1);
  const toolResult = messages.find((message) => message.role === 'tool')?.content;
  if (offeredTools && toolResult === undefined) {
    const call = { id: 'call-1', type: 'function', function: { name: 'calculator', arguments: JSON.stringify({ expression: reference }) } };
    return { role: 'assistant', content: null, tool_calls: [call] };
  }
  const expected = toolResult ?? reference;
  return { role: 'assistant', content: `Expected ${expected}, found ${claimed}.\n{"verdict": "${claimed === expected ? 'correct' : 'incorrect'}"}` };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return JSON.parse(body) as Record<string, unknown>;
}

let server: Server;
let baseUrl: string;
let folder: string;
const toolRequests: number[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'rlvr-audit-'));
  server = createServer(async (request, response) => {
    const body = await readJson(request);
    const offeredTools = Array.isArray(body.tools) && body.tools.length > 0;
    if (offeredTools) toolRequests.push(Date.now());
    const message = judgeReply(body.messages as WireMessage[], offeredTools);
    const finish = message.tool_calls ? 'tool_calls' : 'stop';
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'judge', choices: [{ index: 0, message, finish_reason: finish }], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const labeled = [
    { id: 'right', response: 'The sum is 12', answer: '12', label: true },
    { id: 'wrong', response: 'The sum is 13', answer: '12', label: false },
    { id: 'product', response: '56088', answer: '123*456', label: true },
  ];
  await writeFile(join(folder, 'labeled.jsonl'), labeled.map((line) => JSON.stringify(line)).join('\n'));
});

afterAll(async () => {
  server.close();
  await rm(folder, { recursive: true, force: true });
});

const judgeFlags = () => ['--verifier', 'llm-judge', '--labeled', join(folder, 'labeled.jsonl'), '--judge-policy', 'openai', '--judge-base-url', baseUrl, '--judge-model', 'judge', '--json'];

describe('rlvr verifier audit --verifier llm-judge', () => {
  it('audits a judge model served over HTTP', async () => {
    const { status, stdout } = await runCli(['verifier', 'audit', ...judgeFlags()]);
    expect(status).toBe(0);
    // Without a calculator the judge cannot see that 56088 = 123*456: one false negative.
    expect(JSON.parse(stdout)).toMatchObject({ cases: 3, truePositives: 1, trueNegatives: 1, falseNegatives: 1, falsePositives: 0 });
  });

  it('lets the judge check a claim with a tool before deciding', async () => {
    const before = toolRequests.length;
    const { status, stdout } = await runCli(['verifier', 'audit', ...judgeFlags(), '--judge-tools', 'calculator']);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ cases: 3, truePositives: 2, trueNegatives: 1, falseNegatives: 0, falsePositives: 0 });
    expect(toolRequests.length).toBeGreaterThan(before);
  });

  it('refuses an unknown judge tool with a usage error', async () => {
    const { status, stderr } = await runCli(['verifier', 'audit', ...judgeFlags(), '--judge-tools', 'shell']);
    expect(status).toBe(2);
    expect(stderr).toContain('--judge-tools: unknown tool "shell"');
  });
});
