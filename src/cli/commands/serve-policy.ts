import { Command } from 'commander';
import { positiveInteger } from '../option-parsers.js';

interface ServePolicyOptions {
  checkpoint: string;
  host: string;
  port: number;
  modelName: string;
  listTools?: boolean;
  seed: number;
}

export function servePolicyCommand(): Command {
  return new Command('serve-policy')
    .description('Serve an embedded checkpoint as an OpenAI-compatible API (/v1/models, /v1/chat/completions with tools, /v1/completions).')
    .requiredOption('--checkpoint <dir>', 'checkpoint folder (model.safetensors + config.json), e.g. runs/RUN/checkpoint')
    .option('--host <address>', 'address to listen on; keep loopback unless you mean to expose it', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', (value) => (value === '0' ? 0 : positiveInteger(value)), 8000)
    .option('--model-name <name>', 'the model id clients ask for', 'rlvr-embedded')
    .option('--list-tools', "write the request's tools into the prompt (off: a tiny model knows its tools from training)")
    .option('--seed <n>', 'sampling seed', positiveInteger, 1)
    .action(async (options: ServePolicyOptions) => {
      const [{ initBackend, loadCheckpoint, weightsHash }, { EmbeddedTokenPolicy }, { startPolicyServer }] = await Promise.all([
        import('../../policy/embedded/index.js'),
        import('../../policy/embedded-token-policy.js'),
        import('../../serve/policy-server.js'),
      ]);
      await initBackend();
      const { model, tokenizer } = await loadCheckpoint(options.checkpoint);
      const policy = new EmbeddedTokenPolicy(model, tokenizer, { random: options.seed, version: weightsHash(model) });
      const server = await startPolicyServer({
        policy,
        modelName: options.modelName,
        contextLength: model.config.contextLength,
        host: options.host,
        port: options.port,
        listToolsInPrompt: options.listTools,
      });
      process.stdout.write(`serving ${options.modelName} at ${server.url}\n`);
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, resolve);
      });
      await server.close();
    });
}
