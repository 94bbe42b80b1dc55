import { Command } from 'commander';
import { difficultyRange, integer, nonNegativeNumber, positiveInteger } from '../option-parsers.js';

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
    .option('--tools <names>', 'built-in tools the model may call while it answers (calculator, run_js, run_python, read_file, write_file, list_dir); tool output is masked from the loss')
    .option('--json', 'print the final result as JSON')
    .option('--self-play', 'self-play instead: the model proposes problems at its boundary and solves them (Absolute Zero reward, R-Zero repetition penalty)')
    .option('--proposals-per-step <n>', 'self-play: problems proposed per step', positiveInteger, 16)
    .option('--repetition-weight <w>', 'self-play: weight of the repetition penalty', nonNegativeNumber, 0.5)
    .option('--band <range>', 'self-play: pass-rate band of the parent problems shown to the proposer', difficultyRange, [0.1, 0.9] as [number, number])
    .option('--warm-up-steps <n>', 'self-play: supervised steps teaching the proposal format first (0 = none)', integer, 200)
    .action(async (options) => {
      if (!options.selfPlay) return (await import('../actions/train.js')).runTrainAction(options);
      const { runSelfPlayAction } = await import('../actions/self-play.js');
      const number = (name: string, parse: (text: string) => number) => parse(String(options[name]));
      return runSelfPlayAction({
        init: options.init,
        runDir: options.runDir,
        db: options.db,
        steps: number('steps', positiveInteger),
        proposalsPerStep: options.proposalsPerStep,
        problemsPerStep: number('problemsPerStep', positiveInteger),
        groupSize: number('groupSize', positiveInteger),
        repetitionWeight: options.repetitionWeight,
        band: options.band,
        families: options.families?.split(',').map((name: string) => name.trim()),
        lr: number('lr', nonNegativeNumber),
        maxTokens: number('maxTokens', positiveInteger),
        warmUpSteps: options.warmUpSteps,
        seed: number('seed', integer),
        json: options.json,
      });
    });
}
