import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { TokenSample, TokenSampleOptions } from '../core/policy.js';
import { OpenAIPolicy } from '../policy/openai/openai-policy.js';
import { runChatEpisode } from '../rollout/chat-episode.js';
import { ScriptedTokenPolicy } from '../rollout/scripted-policies.test-support.js';
import { calculatorTool } from '../tools/calculator.js';
import type { Tool } from '../tools/tool.js';
import { startPolicyServer, type RunningServer } from './policy-server.js';

/** A scripted model that can be slowed down, made to fail, and counts concurrent calls. */
class InstrumentedPolicy extends ScriptedTokenPolicy {
  delayMs = 0;
  failuresLeft = 0;
  inFlight = 0;
  maxInFlight = 0;
  calls = 0;

  override async continue(prefixes: readonly number[][], options: TokenSampleOptions): Promise<TokenSample[]> {
    this.calls++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      if (this.failuresLeft > 0) {
        this.failuresLeft--;
        throw new Error('injected failure');
      }
      return await super.continue(prefixes, options);
    } finally {
      this.inFlight--;
    }
  }
}

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function serve(turns: string[][], contextLength = 4096) {
  const policy = new InstrumentedPolicy(turns);
  running = await startPolicyServer({ policy, modelName: 'tiny', contextLength });
  return { policy, url: running.url };
}

function client(url: string, options: Partial<ConstructorParameters<typeof OpenAIPolicy>[0]> = {}) {
  return new OpenAIPolicy({ endpoints: [{ baseURL: url }], model: 'tiny', maxRetries: 0, ...options });
}

describe('policy server with the OpenAI client', () => {
  it('lists its model', async () => {
    const { url } = await serve([]);
    const models = await new OpenAI({ baseURL: url, apiKey: 'x' }).models.list();
    expect(models.data.map((model) => model.id)).toEqual(['tiny']);
  });

  it('answers chat completions with token log-probabilities', async () => {
    const { url } = await serve([['51<eos>']]);
    const [sample] = await client(url, { logprobs: true }).sample({ messages: [{ role: 'user', content: '12+39=' }], maxTokens: 20, temperature: 0 });
    expect(sample).toMatchObject({ text: '51', finishReason: 'stop', completionTokens: 3 });
    expect(sample!.logprobs).toEqual([-0.5, -0.5, -0.5]);
  });

  it('returns the tagged tool calls as OpenAI tool_calls, streamed or not', async () => {
    for (const stream of [false, true]) {
      const { url } = await serve([['<tool_call>calculator 6*7</tool_call>', '<answer>42</answer><eos>']]);
      const episode = await runChatEpisode(client(url, { stream }), [{ role: 'user', content: '6*7=' }], { tools: [calculatorTool as Tool], temperature: 0 });
      expect(episode.finish).toBe('answer');
      expect(episode.toolCalls).toMatchObject([{ name: 'calculator', ok: true, output: '42' }]);
      expect(episode.messages.at(-1)).toMatchObject({ role: 'assistant', content: '<answer>42</answer>' });
      await running!.close();
      running = undefined;
    }
  });

  it('serves plain completions for several prompts', async () => {
    const { url } = await serve([['ab<eos>'], ['cd<eos>']]);
    const completion = await new OpenAI({ baseURL: url, apiKey: 'x' }).completions.create({ model: 'tiny', prompt: ['x', 'y'], max_tokens: 5 });
    expect(completion.choices.map((choice) => choice.text).sort()).toEqual(['ab', 'cd']);
  });

  it('refuses a malformed request with a 400 that names the field', async () => {
    const { url } = await serve([]);
    const response = await fetch(`${url}/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: [], temperature: 9 }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^(messages|temperature)/);
  });

  it('refuses a prompt longer than the context', async () => {
    const { url } = await serve([], 8);
    await expect(client(url).sample({ messages: [{ role: 'user', content: 'a long prompt' }], maxTokens: 4, temperature: 0 })).rejects.toThrow(/context is 8/);
  });

  it('retries a failing server and succeeds when it recovers', async () => {
    const { url, policy } = await serve([['ok<eos>']]);
    policy.failuresLeft = 2;
    const [sample] = await client(url, { maxRetries: 3 }).sample({ messages: [{ role: 'user', content: 'x' }], maxTokens: 4, temperature: 0 });
    expect(sample!.text).toBe('ok');
    expect(policy.calls).toBe(3);
  });

  it('gives up on a request past its timeout', async () => {
    const { url, policy } = await serve([['late<eos>']]);
    policy.delayMs = 2_000;
    const started = Date.now();
    await expect(client(url, { timeoutMs: 200 }).sample({ messages: [{ role: 'user', content: 'x' }], maxTokens: 4, temperature: 0 })).rejects.toThrow(/timed out/i);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('never has more requests in flight than its limit', async () => {
    const { url, policy } = await serve([]);
    policy.delayMs = 20;
    const http = client(url, { maxConcurrency: 3 });
    let observedMax = 0;
    const watch = setInterval(() => (observedMax = Math.max(observedMax, http.inFlight)), 1);
    await Promise.all(Array.from({ length: 12 }, () => http.sample({ messages: [{ role: 'user', content: 'x' }], maxTokens: 2, temperature: 0 })));
    clearInterval(watch);
    expect(observedMax).toBeLessThanOrEqual(3);
    expect(observedMax).toBeGreaterThan(0);
  });

  it('spreads requests over several endpoints', async () => {
    const first = await serve([]);
    const firstServer = running!;
    const second = new InstrumentedPolicy([]);
    const secondServer = await startPolicyServer({ policy: second, modelName: 'tiny', contextLength: 100 });
    try {
      first.policy.delayMs = second.delayMs = 10;
      const http = new OpenAIPolicy({ endpoints: [{ baseURL: first.url }, { baseURL: secondServer.url }], model: 'tiny', maxRetries: 0 });
      await Promise.all(Array.from({ length: 8 }, () => http.sample({ messages: [{ role: 'user', content: 'x' }], maxTokens: 2, temperature: 0 })));
      expect(first.policy.calls).toBeGreaterThan(0);
      expect(second.calls).toBeGreaterThan(0);
    } finally {
      await secondServer.close();
      await firstServer.close();
      running = undefined;
    }
  });
});

describe('OpenAI policy against a server that dies mid-request', () => {
  it('fails the request with an error instead of hanging', async () => {
    const server = createServer((request) => request.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const http = new OpenAIPolicy({ endpoints: [{ baseURL: `http://127.0.0.1:${port}/v1` }], model: 'tiny', maxRetries: 1, timeoutMs: 2_000 });
      await expect(http.sample({ messages: [{ role: 'user', content: 'x' }], maxTokens: 2, temperature: 0 })).rejects.toThrow(/connection/i);
    } finally {
      server.close();
    }
  });
});
