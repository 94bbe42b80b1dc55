import { Command, Option } from 'commander';
import { commaList, difficultyRange, difficultyRanges, integer, integerAtLeast, nonNegativeNumber, positiveInteger } from '../option-parsers.js';

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
    .option('--families <names>', 'only problems of these families (comma-separated)', commaList)
    .option('--steps <n>', 'RL steps (total, counting resumed ones)', positiveInteger, 100)
    .option('--problems-per-step <n>', 'problems (groups) per step', positiveInteger, 16)
    .option('--group-size <n>', 'completions per problem (G)', integerAtLeast(2), 8)
    .option('--updates-per-batch <n>', 'optimizer passes over each batch (μ)', positiveInteger, 2)
    .option('--mini-batches <n>', 'mini-batches per pass', positiveInteger, 1)
    .option('--lr <rate>', 'learning rate', nonNegativeNumber, 0.0005)
    .option('--kl <beta>', 'β of the k3 KL penalty to the initial policy', nonNegativeNumber, 0)
    .option('--max-tokens <n>', 'completion budget in tokens', positiveInteger, 24)
    .option('--temperature <t>', 'sampling temperature', nonNegativeNumber, 1)
    .addOption(
      new Option('--bands <list>', 'held-out evaluation bands, e.g. 0..0.1,0.1..0.2')
        .argParser(difficultyRanges)
        .default([[0, 0.1], [0.1, 0.2], [0.2, 0.3], [0.3, 0.4]], '0..0.1,0.1..0.2,0.2..0.3,0.3..0.4'),
    )
    .option('--eval-every <n>', 'held-out evaluation every n steps (0 = never during training)', integerAtLeast(0), 0)
    .option('--checkpoint-every <n>', 'checkpoint every n steps', positiveInteger, 25)
    .option('--seed <seed>', 'seed (integer)', integer, 1)
    .option('--tools <names>', 'built-in tools the model may call while it answers (calculator, run_js, run_python, read_file, write_file, list_dir); tool output is masked from the loss', commaList)
    .option('--json', 'print the final result as JSON')
    .option('--self-play', 'self-play instead: the model proposes problems at its boundary and solves them (Absolute Zero reward, R-Zero repetition penalty)')
    .option('--proposals-per-step <n>', 'self-play: problems proposed per step', positiveInteger, 16)
    .option('--repetition-weight <w>', 'self-play: weight of the repetition penalty', nonNegativeNumber, 0.5)
    .option('--band <range>', 'self-play: pass-rate band of the parent problems shown to the proposer', difficultyRange, [0.1, 0.9] as [number, number])
    .option('--warm-up-steps <n>', 'self-play: supervised steps teaching the proposal format first (0 = none)', integer, 200)
    .action(async (options, command: Command) => {
      if (!options.selfPlay) return (await import('../actions/train.js')).runTrainAction(options);
      const { runSelfPlayAction } = await import('../actions/self-play.js');
      return runSelfPlayAction({
        init: options.init,
        runDir: options.runDir,
        resume: options.resume,
        db: options.db,
        steps: options.steps,
        stepsGiven: command.getOptionValueSource('steps') === 'cli',
        proposalsPerStep: options.proposalsPerStep,
        problemsPerStep: options.problemsPerStep,
        groupSize: options.groupSize,
        repetitionWeight: options.repetitionWeight,
        band: options.band,
        families: options.families,
        lr: options.lr,
        maxTokens: options.maxTokens,
        warmUpSteps: options.warmUpSteps,
        checkpointEvery: options.checkpointEvery,
        seed: options.seed,
        json: options.json,
      });
    });
}
