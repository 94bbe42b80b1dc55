import { Command } from 'commander';

export function sftCommand(): Command {
  return new Command('sft')
    .description('Supervised fine-tuning of the embedded model on reference solutions of procedural families (loss on completion tokens only).')
    .requiredOption('--out <dir>', 'checkpoint directory to write')
    .option('--families <names>', 'comma-separated task families', 'addition')
    .option('--difficulty <range>', 'difficulty range LO..HI of the generated problems', '0..0.2')
    .option('--steps <n>', 'optimizer steps', '600')
    .option('--batch-size <n>', 'sequences per step', '64')
    .option('--lr <rate>', 'peak learning rate (cosine decay, 20 warmup steps)', '0.003')
    .option('--target <style>', 'target completion: answer, reasoning (the family\'s trace) or reversed (answer digits reversed in <think>)', 'reversed')
    .option('--layers <n>', 'transformer layers of a new model', '2')
    .option('--width <n>', 'model width of a new model', '64')
    .option('--heads <n>', 'attention heads of a new model', '4')
    .option('--context <n>', 'context length of a new model', '48')
    .option('--init <dir>', 'continue from this checkpoint instead of a new model')
    .option('--seed <seed>', 'seed (integer)', '1')
    .option('--json', 'print the result as JSON')
    .action(async (options) => (await import('../actions/train.js')).runSftAction(options));
}
