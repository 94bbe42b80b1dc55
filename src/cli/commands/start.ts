import { Command } from 'commander';
import { difficultyBound, integer, integerAtLeast, nonNegativeNumber, positiveInteger } from '../option-parsers.js';

export function startCommand(): Command {
  return new Command('start')
    .description(
      'The main job: build a corpus, SFT the embedded model on easy addition, evaluate, RL with a boundary-seeking sampler, evaluate again; writes runs/<id>/ with report.html.',
    )
    .option('--seed <seed>', 'seed of the whole run (integer)', integer, 1)
    .option('--runs-dir <dir>', 'where the run folder is created', 'runs')
    .option('--sft-steps <n>', 'override the preset\'s SFT steps', positiveInteger)
    .option('--rl-steps <n>', 'override the preset\'s RL steps', positiveInteger)
    .option('--sampler <spec>', 'override the preset\'s sampler (uniform, curriculum, prioritized, boundary, …)')
    .option('--train-problems <n>', 'override the preset\'s number of training problems', positiveInteger)
    .option('--max-difficulty <d>', 'override the preset\'s training difficulties: HI moves the hardest (the easiest follows it down), LO..HI sets both', difficultyBound)
    .option('--lr <rate>', 'override the preset\'s RL learning rate', nonNegativeNumber)
    .option('--kl <beta>', 'override the preset\'s KL coefficient β', nonNegativeNumber)
    .option('--eval-every <n>', 'override the preset\'s held-out evaluation interval in RL steps (0 = only before and after)', integerAtLeast(0))
    .option('--sft-checkpoint <dir>', 'skip SFT and start from this checkpoint (e.g. runs/<id>/sft of an earlier run)')
    .option('--json', 'print summary.json on stdout instead of the progress bar and table')
    .action(async (options) => (await import('../actions/train.js')).runStartAction(options));
}
