// npm run bench:rollout — the OpenAI-compatible client (OpenAIPolicy) under 256 concurrent
// requests against loopback servers in another process.
//
// The target's figures come from an accelerator-bound server (bench/fixtures/batched-model-server.ts):
// sequential batches of up to BATCH_SIZE taking SERVICE_MS each, on a timer, so its capacity does not
// depend on the CPU the client takes. Measured: what bare clients get from it, what OpenAIPolicy
// gets, the client's CPU per request, the most requests in flight (seen by the client and by the
// server), and multi-turn episodes whose slow tool runs while other episodes generate.
// A second, CPU-bound server (the project's real policy server over a scripted model, sharing the
// cores with the client) shows what client CPU costs when the server needs the same cores.
//
// The target's ratio compares OpenAIPolicy with the best of two bare clients (node:http on a
// keep-alive pool, and Node's built-in fetch) on the accelerator-bound server.
// Environment: ROLLOUT_BATCH_SIZE (64), ROLLOUT_SERVICE_MS (32), ROLLOUT_REQUESTS (8192).
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { z } from 'zod';
import { OpenAIPolicy } from '../src/policy/openai/openai-policy.js';
import { runChatEpisode } from '../src/rollout/chat-episode.js';
import { evaluateArithmetic } from '../src/tools/calculator.js';
import { defineTool, type Tool } from '../src/tools/tool.js';

const CONCURRENCY = 256;
const REQUESTS = Number(process.env.ROLLOUT_REQUESTS ?? 8_192);
const BATCH_SIZE = Number(process.env.ROLLOUT_BATCH_SIZE ?? 64);
const SERVICE_MS = Number(process.env.ROLLOUT_SERVICE_MS ?? 32);
const CPU_BOUND_BATCH_DELAY_MS = 20;
const TOOL_MS = 50;

interface Server {
  url: string;
  stop(): void;
}

async function startServer(script: string, args: string[]): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(script, import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

interface ServerStats {
  answered: number;
  batches: number;
  maxOutstanding: number;
  cpuMs: number;
}

const serverStats = async (url: string): Promise<ServerStats> => (await fetch(`${url.replace(/\/v1$/, '')}/stats`)).json() as Promise<ServerStats>;
const resetServerStats = async (url: string) => void (await fetch(`${url.replace(/\/v1$/, '')}/stats/reset`, { method: 'POST' })).arrayBuffer();

const prompt = [{ role: 'user' as const, content: '12*34=' }];
const body = JSON.stringify({ model: 'synthetic', messages: prompt, max_tokens: 16, temperature: 0 });

interface Run {
  requestsPerSecond: number;
  clientCpuMsPerRequest: number;
  maxInFlight?: number;
}

/** Runs `requests` calls of `send`, `concurrent` at a time, timing the wall and the client process's CPU. */
async function measure(send: () => Promise<unknown>, concurrent: number, requests = REQUESTS): Promise<Run> {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrent }, async () => {
      while (next++ < requests) await send();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { requestsPerSecond: requests / seconds, clientCpuMsPerRequest: (used.user + used.system) / 1000 / requests };
}

/** A bare client: Node's built-in fetch, no client library, same concurrency. */
function bareFetchRun(url: string, requests = REQUESTS): Promise<Run> {
  return measure(
    async () => {
      const response = await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await response.json();
    },
    CONCURRENCY,
    requests,
  );
}

/** The leanest client at hand: node:http on a keep-alive pool, no fetch and no library; what the server serves when the client costs least. */
function bareHttpRun(url: string, requests = REQUESTS): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const target = new URL(`${url}/chat/completions`);
  const send = () =>
    new Promise<unknown>((resolve, reject) => {
      const request = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        response.once('error', reject);
      });
      request.once('error', reject);
      request.end(body);
    });
  return measure(send, CONCURRENCY, requests).finally(() => agent.destroy());
}

/** Through OpenAIPolicy: every request is offered at once, its semaphore holds them to the limit. */
async function policyRun(url: string, options: { stream?: boolean } = {}, requests = REQUESTS): Promise<Run> {
  const policy = new OpenAIPolicy({ endpoints: [{ baseURL: url }], model: 'synthetic', maxConcurrency: CONCURRENCY, maxRetries: 3, ...options });
  let maxInFlight = 0;
  const watch = setInterval(() => (maxInFlight = Math.max(maxInFlight, policy.inFlight)), 1);
  try {
    const run = await measure(() => policy.sample({ messages: prompt, maxTokens: 16, temperature: 0 }), requests, requests);
    return { ...run, maxInFlight };
  } finally {
    clearInterval(watch);
    await policy.close();
  }
}

/** The calculator behind a fixed delay, like a sandboxed tool: serialised, 256 calls would take 256 × TOOL_MS. */
const slowCalculator = defineTool({
  name: 'calculator',
  description: 'Evaluates an arithmetic expression exactly.',
  parameters: z.object({ expression: z.string() }),
  handler: async ({ expression }) => {
    await new Promise((resolve) => setTimeout(resolve, TOOL_MS));
    return evaluateArithmetic(expression);
  },
});

async function toolEpisodes(url: string) {
  const policy = new OpenAIPolicy({ endpoints: [{ baseURL: url }], model: 'synthetic', maxConcurrency: CONCURRENCY, maxRetries: 3 });
  const started = performance.now();
  const episodes = await Promise.all(Array.from({ length: CONCURRENCY }, () => runChatEpisode(policy, prompt, { tools: [slowCalculator as Tool], temperature: 0 })));
  const wallMs = performance.now() - started;
  await policy.close();
  const toolMsSummed = episodes.flatMap((episode) => episode.toolCalls).reduce((sum, call) => sum + call.ms, 0);
  const batchesNeeded = Math.ceil(CONCURRENCY / BATCH_SIZE) * 2;
  return {
    episodes: episodes.length,
    answeredCorrectly: episodes.filter((episode) => episode.finish === 'answer' && episode.response.includes('408')).length,
    wallMs: Math.round(wallMs),
    toolMsSummed: Math.round(toolMsSummed),
    /** Perfect overlap: the server never idles for a tool (or only while the last first-turn batch's tools run). */
    lowerBoundMs: Math.max(batchesNeeded * SERVICE_MS, (batchesNeeded / 2 + 1) * SERVICE_MS + TOOL_MS),
    /** Generation and tools one after another, as a loop without overlap would run them. */
    serialMs: batchesNeeded * SERVICE_MS + Math.round(toolMsSummed),
  };
}

const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

async function acceleratorBound() {
  const server = await startServer('./fixtures/batched-model-server.ts', [String(BATCH_SIZE), String(SERVICE_MS)]);
  try {
    await bareHttpRun(server.url); // warm-up: connections, JIT
    await policyRun(server.url);
    await resetServerStats(server.url);
    const bareHttp = await bareHttpRun(server.url);
    const bareServer = await serverStats(server.url);
    const bareFetch = await bareFetchRun(server.url);
    await resetServerStats(server.url);
    const client = await policyRun(server.url);
    const clientServer = await serverStats(server.url);
    const streamed = await policyRun(server.url, { stream: true }, REQUESTS / 2);
    await resetServerStats(server.url);
    const tools = await toolEpisodes(server.url);
    const toolServer = await serverStats(server.url);
    const capacity = (BATCH_SIZE * 1000) / SERVICE_MS;
    const served = Math.max(bareHttp.requestsPerSecond, bareFetch.requestsPerSecond);
    return {
      server: `batches of up to ${BATCH_SIZE}, ${SERVICE_MS} ms each, one at a time: capacity ${round(capacity)} req/s`,
      serverCpuMsPerRequest: round(bareServer.cpuMs / bareServer.answered, 3),
      bareHttp: { requestsPerSecond: round(bareHttp.requestsPerSecond), clientCpuMsPerRequest: round(bareHttp.clientCpuMsPerRequest, 3) },
      bareFetch: { requestsPerSecond: round(bareFetch.requestsPerSecond), clientCpuMsPerRequest: round(bareFetch.clientCpuMsPerRequest, 3) },
      policy: {
        requestsPerSecond: round(client.requestsPerSecond),
        /** The target's ratio: OpenAIPolicy against the best bare client on the same server. */
        overBestBareClient: round(client.requestsPerSecond / served, 3),
        overCapacity: round(client.requestsPerSecond / capacity, 3),
        clientCpuMsPerRequest: round(client.clientCpuMsPerRequest, 3),
        maxInFlightSeenByClient: client.maxInFlight,
        maxInFlightSeenByServer: clientServer.maxOutstanding,
      },
      policyStreamed: { requestsPerSecond: round(streamed.requestsPerSecond), clientCpuMsPerRequest: round(streamed.clientCpuMsPerRequest, 3) },
      toolEpisodes: { ...tools, maxInFlightSeenByServer: toolServer.maxOutstanding },
      loadAverage: load(),
    };
  } finally {
    server.stop();
  }
}

async function cpuBound() {
  const server = await startServer('./fixtures/synthetic-server.ts', [String(CPU_BOUND_BATCH_DELAY_MS)]);
  try {
    await bareFetchRun(server.url, REQUESTS / 4);
    const bareHttp = await bareHttpRun(server.url, REQUESTS / 2);
    const bareFetch = await bareFetchRun(server.url, REQUESTS / 2);
    const client = await policyRun(server.url, {}, REQUESTS / 2);
    const served = Math.max(bareHttp.requestsPerSecond, bareFetch.requestsPerSecond);
    return {
      server: `the project's policy server, scripted model, ${CPU_BOUND_BATCH_DELAY_MS} ms per batch, sharing the client's cores`,
      bareHttp: { requestsPerSecond: round(bareHttp.requestsPerSecond), clientCpuMsPerRequest: round(bareHttp.clientCpuMsPerRequest, 3) },
      bareFetch: { requestsPerSecond: round(bareFetch.requestsPerSecond), clientCpuMsPerRequest: round(bareFetch.clientCpuMsPerRequest, 3) },
      policy: { requestsPerSecond: round(client.requestsPerSecond), overBestBareClient: round(client.requestsPerSecond / served, 3), clientCpuMsPerRequest: round(client.clientCpuMsPerRequest, 3) },
      loadAverage: load(),
    };
  } finally {
    server.stop();
  }
}

const results = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores, Node ${process.versions.node}`,
  loadAverageAtStart: load(),
  concurrency: CONCURRENCY,
  requests: REQUESTS,
  acceleratorBound: await acceleratorBound(),
  cpuBound: await cpuBound(),
};
console.log(JSON.stringify(results, null, 2));
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(new URL('./results/rollout.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
