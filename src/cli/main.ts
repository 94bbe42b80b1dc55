import { Command, CommanderError } from 'commander';
import { InputError } from '../core/errors.js';
import { commands } from './commands.js';
import { UsageError } from './usage-error.js';

export const EXIT_USAGE = 2;

function buildProgram(): Command {
  const program = new Command('rlvr')
    .description('Reinforcement learning from verifiable rewards: verifiers, corpus, samplers, an embedded policy and its trainer.')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const create of commands) {
    program.addCommand(inheritSettings(create()));
  }
  return program;
}

/** Subcommands need the same error handling as the root, or commander exits on its own. */
function inheritSettings(command: Command): Command {
  command.exitOverride().showHelpAfterError('(run with --help for usage)');
  for (const sub of command.commands) inheritSettings(sub);
  return command;
}

/** Runs the CLI and returns the exit status instead of exiting, so tests can call it in-process. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    if (UsageError.isInstance(error)) {
      process.stderr.write(`rlvr: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (InputError.isInstance(error)) {
      process.stderr.write(`rlvr: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
