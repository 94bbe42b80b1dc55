import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeepAliveFetch, type KeepAliveFetch } from './keep-alive-fetch.js';

let server: Server | undefined;
let keepAliveFetch: KeepAliveFetch | undefined;
afterEach(async () => {
  keepAliveFetch?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = keepAliveFetch = undefined;
});

async function serve(handler: RequestListener): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function sendJson(response: Parameters<RequestListener>[1], value: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(value);
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

describe('keep-alive fetch', () => {
  it('sends method, headers and body, and returns a complete JSON response every reader can read', async () => {
    const url = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk));
      request.on('end', () => sendJson(response, { method: request.method, auth: request.headers.authorization, body, text: 'é' }, { 'x-request-id': 'r1' }));
    });
    keepAliveFetch = createKeepAliveFetch(4);
    const response = await keepAliveFetch(`${url}/v1/chat`, { method: 'POST', headers: new Headers({ Authorization: 'Bearer k' }), body: '{"a":1}' });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('r1');
    const expected = { method: 'POST', auth: 'Bearer k', body: '{"a":1}', text: 'é' };
    expect(await response.clone().json()).toEqual(expected);
    expect(JSON.parse(await response.text())).toEqual(expected);
    expect(JSON.parse(await new Response(response.body).text())).toEqual(expected);
    expect(JSON.parse(Buffer.from(await response.arrayBuffer()).toString())).toEqual(expected);
  });

  it('streams an event stream as it arrives', async () => {
    let finish: () => void = () => {};
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: first\n\n');
      finish = () => response.end('data: second\n\n');
    });
    keepAliveFetch = createKeepAliveFetch(4);
    const response = await keepAliveFetch(url);
    const reader = response.body!.getReader();
    expect(Buffer.from((await reader.read()).value!).toString()).toBe('data: first\n\n');
    finish();
    expect(Buffer.from((await reader.read()).value!).toString()).toBe('data: second\n\n');
    expect((await reader.read()).done).toBe(true);
  });

  it('rejects with the abort reason when its signal fires, before or during the response', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: first\n\n');
    });
    keepAliveFetch = createKeepAliveFetch(4);
    const waiting = new AbortController();
    const pending = keepAliveFetch(`${url}/never`, { signal: waiting.signal });
    const response = await pending;
    const reader = response.body!.getReader();
    await reader.read();
    waiting.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    const early = new AbortController();
    early.abort();
    await expect(keepAliveFetch(url, { signal: early.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports a refused connection the way fetch does, a TypeError with the cause', async () => {
    const url = await serve(() => {});
    server!.close();
    keepAliveFetch = createKeepAliveFetch(1);
    const error = await keepAliveFetch(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
  });

  it('reuses connections and never opens more than its pool size', async () => {
    const sockets = new Set<unknown>();
    let open = 0;
    let mostOpen = 0;
    const url = await serve((request, response) => {
      sockets.add(request.socket);
      mostOpen = Math.max(mostOpen, ++open);
      setTimeout(() => {
        open--;
        sendJson(response, {});
      }, 10);
    });
    keepAliveFetch = createKeepAliveFetch(3);
    await Promise.all(Array.from({ length: 12 }, async () => (await keepAliveFetch!(url, { method: 'POST', body: '{}' })).json()));
    expect(mostOpen).toBe(3);
    expect(sockets.size).toBe(3);
  });
});
