import type { Command } from 'commander';

/**
 * Every CLI command, one factory each. A command file declares its options and loads its
 * implementation lazily in the action, so `rlvr --help` stays fast.
 */
export const commands: Array<() => Command> = [
];
