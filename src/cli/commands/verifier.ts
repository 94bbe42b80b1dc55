import { Command } from 'commander';
import { commaList, positiveInteger } from '../option-parsers.js';
import { withPolicyOptions, type PolicyFlags } from '../policy-options.js';

export interface AuditOptions {
  verifier: string;
  labeled: string;
  config?: string;
  concurrency: number;
  timeoutMs: number;
  judgeSamples: number;
  judgeTools?: string[];
  judgeDocs?: string;
  json?: boolean;
}

export function verifierCommand(): Command {
  const audit = new Command('audit')
    .description('Measure a verifier on a labeled JSONL set ({"response", "answer"?, "tests"?, "label": true|false} per line): false-positive and false-negative rates with 95% intervals.')
    .requiredOption('--verifier <name>', 'verifier from the registry (llm-judge takes the --judge-* options)')
    .requiredOption('--labeled <file>', 'labeled JSONL file')
    .option('--config <json>', "verifier config (a JSON object) for every line; a line's own config overrides it")
    .option('--concurrency <n>', 'verifications at once', positiveInteger, 4)
    .option('--timeout-ms <n>', 'hard limit of one verification', positiveInteger, 60_000)
    .option('--judge-samples <k>', 'llm-judge: judge samples per response (strict majority passes)', positiveInteger, 1)
    .option('--judge-tools <names>', 'llm-judge: tools the judge may call to check a claim before deciding (calculator, run_js, run_python, search_docs, …)', commaList)
    .option('--judge-docs <dir>', 'llm-judge: folder of documents for search_docs')
    .option('--json', 'print the report as JSON');
  withPolicyOptions(audit, 'judge-').action(async (options: AuditOptions & { [key: string]: unknown }) => {
    const { runAudit } = await import('../actions/audit.js');
    await runAudit(options, judgeFlags(options));
  });
  return new Command('verifier').description('Inspect verifiers: audit one against labeled data.').addCommand(audit);
}

function judgeFlags(options: Record<string, unknown>): PolicyFlags {
  return {
    policy: options.judgePolicy as string | undefined,
    baseUrl: options.judgeBaseUrl as string | undefined,
    model: options.judgeModel as string | undefined,
    apiKey: options.judgeApiKey as string | undefined,
    concurrency: options.judgeConcurrency as number | undefined,
    requestTimeoutMs: options.judgeRequestTimeoutMs as number | undefined,
    stream: options.judgeStream as boolean | undefined,
  };
}
