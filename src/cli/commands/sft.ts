import { Command, Option } from 'commander';
import { TARGET_STYLES } from '../../train/compact-format.js';
import { commaList, difficultyRange, integer, integerAtLeast, positiveInteger, positiveNumber } from '../option-parsers.js';

export function sftCommand(): Command {
  return new Command('sft')
    .description('Supervised fine-tuning of the embedded model on reference solutions of procedural families (loss on completion tokens only).')
    .requiredOption('--out <dir>', 'checkpoint directory to write')
    .addOption(new Option('--families <names>', 'comma-separated task families').argParser(commaList).default(['addition'], 'addition'))
    .addOption(new Option('--difficulty <range>', 'difficulty range LO..HI of the generated problems').argParser(difficultyRange).default([0, 0.2], '0..0.2'))
    .option('--steps <n>', 'optimizer steps', positiveInteger, 600)
    .option('--batch-size <n>', 'sequences per step', positiveInteger, 64)
    .option('--lr <rate>', 'peak learning rate (cosine decay, 20 warmup steps)', positiveNumber, 0.003)
    .addOption(
      new Option('--target <style>', 'target completion: answer, reasoning (the family\'s trace) or reversed (answer digits reversed in <think>)')
        .choices(TARGET_STYLES)
        .default('reversed'),
    )
    .option(
      '--tools <names>',
      'train on worked tool calls instead: the call, the real tool output (masked from the loss, as in rlvr train --tools), the answer; tools with demonstrations: calculator',
      commaList,
    )
    .option('--layers <n>', 'transformer layers of a new model', positiveInteger, 2)
    .option('--width <n>', 'model width of a new model', positiveInteger, 64)
    .option('--heads <n>', 'attention heads of a new model', positiveInteger, 4)
    .option('--context <n>', 'context length of a new model (tool demonstrations need room: e.g. 72 for multiplication)', integerAtLeast(2), 48)
    .option('--init <dir>', 'continue from this checkpoint instead of a new model')
    .option('--seed <seed>', 'seed (integer)', integer, 1)
    .option('--json', 'print the result as JSON')
    .action(async (options) => (await import('../actions/train.js')).runSftAction(options));
}
