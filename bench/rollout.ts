// npm run bench:rollout — the OpenAI-compatible client under 256 concurrent episodes against a
// loopback server in another process: the concurrency bound, client CPU per request, throughput
// against a bare HTTP client, and tool execution overlapping other episodes' generation.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { OpenAIPolicy } from '../src/policy/openai/openai-policy.js';
import { runChatEpisode } from '../src/rollout/chat-episode.js';
import { calculatorTool } from '../src/tools/calculator.js';
import type { Tool } from '../src/tools/tool.js';

const CONCURRENCY = 256;
const REQUESTS = 4_096;
const BATCH_DELAY_MS = 20;

async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./fixtures/synthetic-server.ts', import.meta.url).pathname, String(BATCH_DELAY_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
  return { url, stop: () => child.kill('SIGTERM') };
}

const body = (model: string) => JSON.stringify({ model, messages: [{ role: 'user', content: '12*34=' }], max_tokens: 16, temperature: 0 });

/** What the server can serve: bare fetch calls, no client library, same concurrency. */
async function bareThroughput(url: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) {
        const response = await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body('synthetic') });
        await response.json();
      }
    }),
  );
  return REQUESTS / ((performance.now() - started) / 1000);
}

async function clientRun(url: string) {
  const policy = new OpenAIPolicy({ endpoints: [{ baseURL: url }], model: 'synthetic', maxConcurrency: CONCURRENCY, maxRetries: 0 });
  let maxInFlight = 0;
  const watch = setInterval(() => (maxInFlight = Math.max(maxInFlight, policy.inFlight)), 1);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: REQUESTS }, () => policy.sample({ messages: [{ role: 'user', content: '12*34=' }], maxTokens: 16, temperature: 0 })));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(watch);
  return { throughput: REQUESTS / seconds, cpuMsPerRequest: (used.user + used.system) / 1000 / REQUESTS, maxInFlight };
}

async function toolEpisodes(url: string) {
  const policy = new OpenAIPolicy({ endpoints: [{ baseURL: url }], model: 'synthetic', maxConcurrency: CONCURRENCY, maxRetries: 0 });
  const started = performance.now();
  const episodes = await Promise.all(
    Array.from({ length: CONCURRENCY }, () => runChatEpisode(policy, [{ role: 'user', content: '12*34=' }], { tools: [calculatorTool as Tool], temperature: 0 })),
  );
  const wallMs = performance.now() - started;
  const toolMs = episodes.flatMap((episode) => episode.toolCalls).reduce((sum, call) => sum + call.ms, 0);
  return { episodes: episodes.length, answered: episodes.filter((episode) => episode.finish === 'answer').length, wallMs, toolMsSummed: toolMs };
}

const server = await startServer();
try {
  await bareThroughput(server.url); // warm-up
  const bare = await bareThroughput(server.url);
  const client = await clientRun(server.url);
  const tools = await toolEpisodes(server.url);
  const results = {
    concurrency: CONCURRENCY,
    requests: REQUESTS,
    serverThroughputRequestsPerSecond: Math.round(bare),
    clientThroughputRequestsPerSecond: Math.round(client.throughput),
    throughputRatio: Number((client.throughput / bare).toFixed(3)),
    clientCpuMsPerRequest: Number(client.cpuMsPerRequest.toFixed(3)),
    maxInFlight: client.maxInFlight,
    toolEpisodes: tools,
  };
  console.table(results);
  console.log(JSON.stringify(results.toolEpisodes));
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(new URL('./results/rollout.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  server.stop();
}
