import type { Command } from 'commander';
import { verifyCommand } from './commands/verify.js';
import { corpusCommand } from './commands/corpus.js';
import { sftCommand } from './commands/sft.js';
import { trainCommand } from './commands/train.js';
import { startCommand } from './commands/start.js';
import { evalCommand } from './commands/eval.js';
import { servePolicyCommand } from './commands/serve-policy.js';
import { verifierCommand } from './commands/verifier.js';
import { expandCommand } from './commands/expand.js';

/**
 * Every CLI command, one factory each. A command file declares its options and loads its
 * implementation lazily in the action, so `rlvr --help` stays fast.
 */
export const commands: Array<() => Command> = [
  verifyCommand,
  corpusCommand,
  sftCommand,
  trainCommand,
  startCommand,
  evalCommand,
  servePolicyCommand,
  verifierCommand,
  expandCommand,
];
