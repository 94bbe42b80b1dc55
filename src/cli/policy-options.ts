import type { Command } from 'commander';
import type { EvaluationTarget } from '../rollout/evaluate.js';
import { positiveInteger } from './option-parsers.js';
import { UsageError } from './usage-error.js';

export interface PolicyFlags {
  policy?: string;
  baseUrl?: string;
  model?: string;
  apiKey?: string;
  concurrency?: number;
  requestTimeoutMs?: number;
  stream?: boolean;
  tokenIds?: boolean;
  seed?: number;
}

/** Adds the flags that choose a policy: the embedded model or an OpenAI-compatible server. */
export function withPolicyOptions(command: Command, prefix = ''): Command {
  const flag = (name: string) => `--${prefix}${name}`;
  return command
    .option(`${flag('policy')} <spec>`, 'embedded:CHECKPOINT_DIR, or openai (an OpenAI-compatible server: vLLM, SGLang, llama.cpp, Ollama, OpenAI)')
    .option(`${flag('base-url')} <urls>`, 'server URL(s) for openai, comma-separated to balance load (default: $OPENAI_BASE_URL)')
    .option(`${flag('model')} <name>`, 'model name on the server (default: $RLVR_MODEL)')
    .option(`${flag('api-key')} <key>`, 'API key (default: $OPENAI_API_KEY)')
    .option(`${flag('concurrency')} <n>`, 'requests in flight at once (openai)', positiveInteger, 64)
    .option(`${flag('request-timeout-ms')} <n>`, 'time limit of one request (openai)', positiveInteger, 120_000)
    .option(`${flag('stream')}`, 'stream responses (openai)')
    .option(`${flag('token-ids')}`, "ask for token ids and log-probabilities (vLLM's return_tokens_as_token_ids)");
}

/** Builds the policy the flags describe; wrong or missing flags are usage errors. */
export async function policyFromFlags(flags: PolicyFlags, seed = 1): Promise<EvaluationTarget> {
  const spec = flags.policy ?? (flags.baseUrl || process.env.OPENAI_BASE_URL ? 'openai' : undefined);
  if (!spec) throw new UsageError('choose a policy: --policy embedded:CHECKPOINT_DIR or --policy openai --base-url URL --model NAME');
  if (spec.startsWith('embedded:')) return embeddedTarget(spec.slice('embedded:'.length), seed);
  if (spec !== 'openai') throw new UsageError(`unknown policy "${spec}": use embedded:CHECKPOINT_DIR or openai`);

  const urls = (flags.baseUrl ?? process.env.OPENAI_BASE_URL ?? '').split(',').map((url) => url.trim()).filter(Boolean);
  if (urls.length === 0) throw new UsageError('--policy openai needs --base-url URL (or $OPENAI_BASE_URL)');
  for (const url of urls) {
    if (!URL.canParse(url)) throw new UsageError(`--base-url: "${url}" is not a URL`);
  }
  const model = flags.model ?? process.env.RLVR_MODEL;
  if (!model) throw new UsageError('--policy openai needs --model NAME (or $RLVR_MODEL)');
  const { OpenAIPolicy } = await import('../policy/openai/openai-policy.js');
  const apiKey = flags.apiKey ?? process.env.OPENAI_API_KEY;
  const policy = new OpenAIPolicy({
    endpoints: urls.map((baseURL) => ({ baseURL, apiKey })),
    model,
    maxConcurrency: flags.concurrency,
    timeoutMs: flags.requestTimeoutMs,
    stream: flags.stream,
    logprobs: flags.tokenIds,
    returnTokenIds: flags.tokenIds,
  });
  return { kind: 'chat', policy, maxConcurrentEpisodes: flags.concurrency };
}

async function embeddedTarget(directory: string, seed: number): Promise<EvaluationTarget> {
  if (!directory) throw new UsageError('--policy embedded: needs a checkpoint folder, e.g. embedded:runs/RUN/checkpoint');
  const [{ initBackend, loadCheckpoint, weightsHash }, { EmbeddedTokenPolicy }] = await Promise.all([
    import('../policy/embedded/index.js'),
    import('../policy/embedded-token-policy.js'),
  ]);
  await initBackend();
  const { model, tokenizer } = await loadCheckpoint(directory);
  const version = weightsHash(model);
  const policy = new EmbeddedTokenPolicy(model, tokenizer, { random: seed, version, id: `embedded:${directory}` });
  return { kind: 'tokens', policy, maxSequenceTokens: model.config.contextLength };
}
