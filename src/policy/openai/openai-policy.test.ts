import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIPolicy } from './openai-policy.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A chat server answering each request with the next scripted status (200 once the script is spent). */
async function serve(statuses: number[], reply: (body: Record<string, unknown>, response: ServerResponse) => void) {
  const received: Array<Record<string, unknown>> = [];
  server = createServer((request: IncomingMessage, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk));
    request.on('end', () => {
      received.push(JSON.parse(text) as Record<string, unknown>);
      const status = statuses.shift() ?? 200;
      if (status !== 200) {
        response.writeHead(status, { 'content-type': 'application/json', 'retry-after-ms': '5' });
        return response.end(JSON.stringify({ error: { message: `scripted ${status}` } }));
      }
      reply(received.at(-1)!, response);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, received };
}

const tokens = [
  { token: 'token_id:7', logprob: -0.25 },
  { token: 'token_id:9', logprob: -0.5 },
];

function completion(body: Record<string, unknown>, response: ServerResponse) {
  const message = { role: 'assistant', content: 'ok' };
  const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
  if (body.stream) {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const send = (value: object) => response.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', ...value })}\n\n`);
    send({ choices: [{ index: 0, delta: { role: 'assistant', content: 'o' }, logprobs: { content: tokens.slice(0, 1) }, finish_reason: null }] });
    send({ choices: [{ index: 0, delta: { content: 'k' }, logprobs: { content: tokens.slice(1) }, finish_reason: 'length' }] });
    send({ choices: [], usage });
    return response.end('data: [DONE]\n\n');
  }
  const text = JSON.stringify({ id: 'c', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message, logprobs: { content: tokens }, finish_reason: 'length' }], usage });
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

const request = { messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 2, temperature: 0 };

describe('OpenAIPolicy over its keep-alive transport', () => {
  it('retries 429 and 5xx answers with backoff, then returns the completion', async () => {
    const { url, received } = await serve([429, 503], completion);
    const policy = new OpenAIPolicy({ endpoints: [{ baseURL: url }], model: 'm', maxRetries: 2 });
    const [sample] = await policy.sample(request);
    await policy.close();
    expect(received).toHaveLength(3);
    expect(sample).toMatchObject({ text: 'ok', finishReason: 'length', promptTokens: 3, completionTokens: 2 });
  });

  it('does not retry a client error and reports the server message', async () => {
    const { url, received } = await serve([400], completion);
    const policy = new OpenAIPolicy({ endpoints: [{ baseURL: url }], model: 'm', maxRetries: 3 });
    await expect(policy.sample(request)).rejects.toThrow(/scripted 400/);
    await policy.close();
    expect(received).toHaveLength(1);
  });

  it('returns vLLM token ids and log-probabilities, streamed or not', async () => {
    for (const stream of [false, true]) {
      const { url, received } = await serve([], completion);
      const policy = new OpenAIPolicy({ endpoints: [{ baseURL: url }], model: 'm', stream, logprobs: true, returnTokenIds: true });
      const [sample] = await policy.sample(request);
      await policy.close();
      expect(received[0]).toMatchObject({ logprobs: true, return_tokens_as_token_ids: true, stream });
      expect(sample).toMatchObject({ text: 'ok', tokenIds: [7, 9], logprobs: [-0.25, -0.5], finishReason: 'length', completionTokens: 2 });
      server!.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
      server = undefined;
    }
  });
});
