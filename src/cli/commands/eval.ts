import { Command } from 'commander';
import { commaList, difficultyRange, nonNegativeNumber, positiveInteger } from '../option-parsers.js';
import { withPolicyOptions, type PolicyFlags } from '../policy-options.js';

export interface EvalOptions extends PolicyFlags {
  family?: string[];
  difficulty: [number, number];
  corpusFilter?: string;
  n: number;
  k: number;
  tools?: string[];
  docs?: string;
  temperature: number;
  maxTokens: number;
  bands: number;
  seed: number;
  db?: string;
  record: boolean;
  episodes?: string;
  json?: boolean;
}

export function evalCommand(): Command {
  const command = new Command('eval')
    .description('Evaluate a policy: pass@1 and pass@k (unbiased) per difficulty band and family, tool use, tokens and latency. Attempts go into the corpus.')
    .option('--family <names>', 'generate fresh problems of these families (comma-separated)', commaList)
    .option('--difficulty <range>', 'difficulty range of generated problems, LO..HI', difficultyRange, [0, 1] as [number, number])
    .option('--corpus-filter <filter>', 'take problems from the corpus instead: family=F,split=heldout,min=0.2,max=0.6,source=generated')
    .option('--n <n>', 'problems (per family when generating)', positiveInteger, 50)
    .option('-k, --k <k>', 'samples per problem (k of pass@k)', positiveInteger, 4)
    .option('--tools <names>', 'tools the policy may call: calculator, run_js, run_python, read_file, write_file, list_dir, search_docs', commaList)
    .option('--docs <dir>', 'folder of documents for search_docs')
    .option('--temperature <t>', 'sampling temperature', nonNegativeNumber, 1)
    .option('--max-tokens <n>', 'tokens per model turn', positiveInteger, 512)
    .option('--bands <n>', 'difficulty bands over [0, 1]', positiveInteger, 5)
    .option('--seed <n>', 'seed for generated problems and sampling', positiveInteger, 1)
    .option('--db <path>', 'corpus that receives the attempts (default: $RLVR_DB or rlvr.db)')
    .option('--no-record', 'do not write attempts to the corpus')
    .option('--episodes <file>', 'also save every episode as JSONL for an external trainer: messages, token ids with loss mask and logprobs (embedded policy), reward, group-relative advantage')
    .option('--json', 'print the report as JSON');
  return withPolicyOptions(command).action(async (options: EvalOptions) => {
    const { runEval } = await import('../actions/eval.js');
    await runEval(options);
  });
}
