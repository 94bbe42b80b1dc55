import { Command } from 'commander';
import { commaList, difficultyRange, nonNegativeNumber, positiveInteger } from '../option-parsers.js';
import { withPolicyOptions } from '../policy-options.js';

export function expandCommand(): Command {
  const command = new Command('expand')
    .description('Grow the corpus: a proposer model writes new problems from the boundary (or from documents); each is validated (parse, verifiable, novel, safe, deterministic, consistent, learnable by the solver) and admitted with provenance.')
    .option('--n <n>', 'proposals to make (with --from-docs: the most problems to extract)', positiveInteger, 32)
    .option('--family <names>', 'parents from these families only (comma-separated)', commaList)
    .option('--from-docs <dir>', 'extract problems from the .txt, .md and .html files of this folder instead (needs a chat proposer)')
    .option('--band <range>', 'pass-rate band LO..HI of the parents shown to the proposer', difficultyRange, [0.2, 0.8] as [number, number])
    .option('--accept-band <range>', 'admit a problem when the solver pass rate is in LO..HI and strictly between 0 and 1', difficultyRange, [0, 1] as [number, number])
    .option('-k, --k <k>', 'solver rollouts per proposal (learnability and answer agreement)', positiveInteger, 8)
    .option('--min-agreement <n>', 'solver samples that must reproduce an answer no family solver can check', positiveInteger, 2)
    .option('--parents <n>', 'boundary problems shown per proposal', positiveInteger, 3)
    .option('--batch-size <n>', 'proposals validated together (solver rollouts are batched)', positiveInteger, 16)
    .option('--concurrency <n>', 'proposals checked in the sandbox at once', positiveInteger, 4)
    .option('--sandbox-timeout-ms <n>', 'time limit of one run of a reference program', positiveInteger, 2_000)
    .option('--temperature <t>', 'solver sampling temperature', nonNegativeNumber, 1)
    .option('--max-tokens <n>', 'solver tokens per response', positiveInteger, 512)
    .option('--proposer-temperature <t>', 'proposer sampling temperature', nonNegativeNumber, 1)
    .option('--proposer-max-tokens <n>', 'proposer tokens per response', positiveInteger, 1_024)
    .option('--seed <n>', 'seed (parent draws, embedded sampling)', positiveInteger, 1)
    .option('--db <path>', 'corpus database (default: $RLVR_DB or rlvr.db)')
    .option('--report <file>', 'also write the report as an HTML page')
    .option('--json', 'print the report as JSON');
  withPolicyOptions(command, 'proposer-');
  withPolicyOptions(command, 'solver-');
  return command.action(async (options: Record<string, unknown>) => {
    const { runExpandCommand } = await import('../actions/expand.js');
    await runExpandCommand(options);
  });
}
