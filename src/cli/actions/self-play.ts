import path from 'node:path';
import { resolveDatabasePath } from '../../corpus/database-path.js';
import { resumeSelfPlayRun, startSelfPlayRun, type SelfPlayRunConfig, type SelfPlayRunResult } from '../../expand/self-play-run.js';
import type { SelfPlayStepMetrics } from '../../expand/self-play.js';
import { initBackend, loadCheckpoint } from '../../policy/embedded/index.js';
import { UsageError } from '../usage-error.js';

/** The command line's options: the run's settings (the learning rate named `lr` there) and how to start it. */
export interface SelfPlayOptions extends Omit<SelfPlayRunConfig, 'database' | 'learningRate'> {
  init?: string;
  runDir?: string;
  /** A self-play run folder to continue from its last checkpoint. */
  resume?: string;
  db?: string;
  lr: number;
  json?: boolean;
  /** True when --steps was given on the command line (a resume keeps the run's own count otherwise). */
  stepsGiven?: boolean;
}

/**
 * `rlvr train --self-play`: one embedded model proposes problems at its boundary and solves them
 * (Absolute Zero reward, R-Zero repetition penalty); admitted problems enter the corpus with their
 * provenance. The run folder gets checkpoints (policy, optimizer, random streams, corpus marks),
 * the per-step history (self-play.jsonl) and report.html; `--resume DIR` continues it.
 */
export async function runSelfPlayAction(options: SelfPlayOptions): Promise<void> {
  if (!options.init && !options.resume) throw new UsageError('rlvr train --self-play needs --init CHECKPOINT (e.g. from rlvr sft) or --resume RUN_DIR');
  if (options.init && options.resume) throw new UsageError('give either --init (a new run) or --resume (continue a run), not both');
  await initBackend();
  const onStep = (metrics: SelfPlayStepMetrics) => {
    if (!options.json) process.stderr.write(`step ${metrics.step}: ${metrics.admitted}/${metrics.proposals} admitted (corpus ${metrics.corpusSize}), proposer reward ${metrics.meanProposerReward.toFixed(3)}, solver reward ${metrics.meanSolverReward.toFixed(3)}\n`);
  };
  let result: SelfPlayRunResult;
  if (options.resume) {
    result = await resumeSelfPlayRun(options.resume, { onStep }, options.stepsGiven ? { steps: options.steps } : {});
  } else {
    const runDir = options.runDir ?? path.join('runs', `self-play-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`);
    const initial = await loadCheckpoint(options.init!);
    result = await startSelfPlayRun(
      runDir,
      {
        database: resolveDatabasePath(options.db),
        steps: options.steps,
        proposalsPerStep: options.proposalsPerStep,
        problemsPerStep: options.problemsPerStep,
        groupSize: options.groupSize,
        repetitionWeight: options.repetitionWeight,
        band: options.band,
        ...(options.families ? { families: options.families } : {}),
        learningRate: options.lr,
        maxTokens: options.maxTokens,
        warmUpSteps: options.warmUpSteps,
        checkpointEvery: options.checkpointEvery,
        seed: options.seed,
      },
      initial,
      { onStep },
    );
  }
  result.model.dispose();
  const admitted = result.history.reduce((sum, step) => sum + step.admitted, 0);
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ runDir: result.runDir, steps: result.steps, admitted, history: result.history })}\n`
      : `run ${result.runDir}: ${result.steps} self-play steps, ${admitted} problems admitted; report in ${path.join(result.runDir, 'report.html')}\n`,
  );
}
