import { Command } from 'commander';
import { positiveInteger } from '../option-parsers.js';

export interface VerifyCommandOptions {
  verifier?: string;
  input?: string;
  output?: string;
  concurrency?: number;
  timeoutMs?: number;
  config?: string;
  list?: boolean;
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description('Verify responses from a JSONL file: one {"id"?, "response", "answer"?, "tests"?, "config"?} per line; writes one verdict per line, in input order.')
    .option('--verifier <name>', 'verifier from the registry (see --list)')
    .option('--input <path>', 'JSONL file of cases, read as a stream')
    .option('--output <path>', 'JSONL file of verdicts, written whole or not at all (default: standard output)')
    .option('--concurrency <n>', 'verifications running at once (default: CPU cores)', positiveInteger)
    .option('--timeout-ms <n>', 'hard time limit of one verification in milliseconds (default: 10000)', positiveInteger)
    .option('--config <json>', 'verifier config (a JSON object) for every line; a line\'s own "config" fields override it')
    .option('--list', 'list the verifiers with their descriptions and exit')
    .action(async (options: VerifyCommandOptions) => {
      const { runVerifyCommand } = await import('../actions/verify.js');
      process.exitCode = await runVerifyCommand(options);
    });
}
