import http from 'node:http';
import https from 'node:https';

/** A `fetch` for the OpenAI client, with the pooled connections it keeps open. */
export interface KeepAliveFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Closes the idle pooled connections; requests still running finish. */
  close(): void;
}

const STATUSES_WITHOUT_BODY = new Set([101, 204, 205, 304]);

/**
 * `fetch` over node:http(s) with a keep-alive pool of up to `maxSockets` connections per origin.
 * Node 20's built-in fetch spends about three times the CPU per loopback request (WHATWG request
 * cloning and body streams), which caps a single client process below what one inference server
 * serves. Responses with a declared length are read whole before `fetch` resolves (so the client's
 * timeout covers the body too); event streams and chunked bodies are streamed. Anything unusual
 * (a `Request` object, a form or stream body, another protocol) goes to the built-in fetch.
 * Redirects are not followed: inference APIs answer their POSTs directly.
 */
export function createKeepAliveFetch(maxSockets: number): KeepAliveFetch {
  const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  const keepAliveFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = bytesOrText(init.body);
    if (body === false || input instanceof Request) return fetch(input, init);
    const url = new URL(input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fetch(input, init);
    const agent = agents[url.protocol];
    return new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(abortReason(signal));
      const headers = plainHeaders(init.headers);
      if (body !== undefined) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
      const request = (url.protocol === 'https:' ? https : http).request(url, { method: init.method ?? 'GET', headers, agent });
      let incoming: http.IncomingMessage | undefined;
      const onAbort = () => {
        const reason = abortReason(signal!);
        const error = reason instanceof Error ? reason : undefined;
        incoming?.destroy(error);
        request.destroy(error);
        reject(reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => signal?.removeEventListener('abort', onAbort);
      const fail = (error: Error) => {
        settle();
        reject(signal?.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: error }));
      };
      request.once('error', fail);
      request.once('response', (response) => {
        incoming = response;
        const init = { status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers: responseHeaders(response.rawHeaders) };
        if (STATUSES_WITHOUT_BODY.has(init.status)) {
          response.resume().once('end', settle);
          return resolve(new Response(null, init));
        }
        if (response.headers['content-length'] === undefined || response.headers['content-type']?.startsWith('text/event-stream')) {
          response.once('close', settle);
          return resolve(new Response(webStreamOf(response), init));
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', fail);
        response.once('end', () => {
          settle();
          resolve(new BufferedResponse(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), init));
        });
      });
      request.end(body);
    });
  };

  return Object.assign(keepAliveFetch, {
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}

/**
 * A response whose whole body is already in memory: `json()` and `text()` decode the bytes
 * directly instead of through a web stream, which halves the client library's own CPU per request.
 */
class BufferedResponse extends Response {
  readonly #bytes: Buffer;

  constructor(bytes: Buffer, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes;
  }

  static {
    // The DOM typings declare Response's body readers as properties, so they are replaced here.
    Object.defineProperties(this.prototype, {
      text: { value: async function (this: BufferedResponse) { return this.#bytes.toString('utf8'); } },
      json: { value: async function (this: BufferedResponse) { return JSON.parse(this.#bytes.toString('utf8')); } },
      arrayBuffer: { value: async function (this: BufferedResponse) { return new Uint8Array(this.#bytes).buffer; } },
      blob: { value: async function (this: BufferedResponse) { return new Blob([this.#bytes], { type: this.headers.get('content-type') ?? '' }); } },
      clone: { value: function (this: BufferedResponse) { return new BufferedResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers }); } },
      // Readers of the raw stream (rare for JSON) get one made from the bytes on demand.
      body: {
        get: function (this: BufferedResponse) {
          const bytes = this.#bytes;
          return new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(bytes);
              controller.close();
            },
          });
        },
      },
    });
  }
}

/** The body as a web stream; the socket pauses while the reader is behind. Lighter than `Readable.toWeb`. */
function webStreamOf(incoming: http.IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      incoming.on('data', (chunk: Buffer) => {
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 1) <= 0) incoming.pause();
      });
      incoming.once('end', () => controller.close());
      incoming.once('error', (error) => controller.error(error));
    },
    pull() {
      incoming.resume();
    },
    cancel(reason) {
      incoming.destroy(reason instanceof Error ? reason : undefined);
    },
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** The body as text or bytes; `false` for the kinds this fetch leaves to the built-in one. */
function bytesOrText(body: RequestInit['body']): string | Uint8Array | undefined | false {
  if (body === undefined || body === null) return undefined;
  return typeof body === 'string' || body instanceof Uint8Array ? body : false;
}

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  const plain: Record<string, string> = {};
  if (!headers) return plain;
  if (headers instanceof Headers) headers.forEach((value, name) => (plain[name] = value));
  else if (Array.isArray(headers)) for (const [name, value] of headers) plain[name!.toLowerCase()] = value!;
  else for (const [name, value] of Object.entries(headers as Record<string, string>)) plain[name.toLowerCase()] = value;
  return plain;
}

function responseHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  return headers;
}
