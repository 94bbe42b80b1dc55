import { Command } from 'commander';

export function trainCommand(): Command {
  return new Command('train')
    .description('RL from verifiable rewards on the corpus: sample groups, verify, group-relative advantages, policy update; checkpoints and metrics.jsonl in the run folder.')
    .option('--init <dir>', 'checkpoint to start from (e.g. the output of rlvr sft); required unless --resume')
    .option('--run-dir <dir>', 'run folder to create (default runs/train-<time>)')
    .option('--resume <dir>', 'continue the run in this folder from its last checkpoint')
    .option('--db <path>', 'corpus database file (default: $RLVR_DB, else rlvr.db)')
    .option('--recipe <name>', 'start from a published recipe: r1Grpo, drGrpo or dapo (then scaled by the flags below)')
    .option('--loss-type <type>', 'grpo, dr_grpo or dapo', 'dapo')
    .option('--sampler <spec>', 'sampler spec, e.g. boundary, prioritized:floor=0.05, curriculum', 'boundary')
    .option('--families <names>', 'only problems of these families (comma-separated)')
    .option('--steps <n>', 'RL steps (total, counting resumed ones)', '100')
    .option('--problems-per-step <n>', 'problems (groups) per step', '16')
    .option('--group-size <n>', 'completions per problem (G)', '8')
    .option('--updates-per-batch <n>', 'optimizer passes over each batch (μ)', '2')
    .option('--mini-batches <n>', 'mini-batches per pass', '1')
    .option('--lr <rate>', 'learning rate', '0.0005')
    .option('--kl <beta>', 'β of the k3 KL penalty to the initial policy', '0')
    .option('--max-tokens <n>', 'completion budget in tokens', '24')
    .option('--temperature <t>', 'sampling temperature', '1')
    .option('--bands <list>', 'held-out evaluation bands, e.g. 0..0.1,0.1..0.2', '0..0.1,0.1..0.2,0.2..0.3,0.3..0.4')
    .option('--eval-every <n>', 'held-out evaluation every n steps (0 = never during training)', '0')
    .option('--checkpoint-every <n>', 'checkpoint every n steps', '25')
    .option('--seed <seed>', 'seed (integer)', '1')
    .option('--json', 'print the final result as JSON')
    .action(async (options) => (await import('../../train/train-actions.js')).runTrainAction(options));
}
