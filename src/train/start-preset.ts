import type { TrainerConfigInput } from './config.js';
import type { TargetStyle } from './compact-format.js';
import type { Band } from './evaluate.js';
import type { TransformerConfigInput } from '../policy/embedded/model.js';

/** The built-in end-to-end run of `rlvr start`: every number that shapes it, in one place. */
export interface StartPreset {
  family: string;
  corpus: {
    /** Training problems, difficulties spread evenly over [0, maxDifficulty]. */
    trainProblems: number;
    maxDifficulty: number;
    /** Held-out problems per evaluation band. */
    heldoutPerBand: number;
  };
  bands: Band[];
  model: Omit<TransformerConfigInput, 'vocabSize'>;
  sft: { difficulty: [number, number]; steps: number; batchSize: number; learningRate: number; targetStyle: TargetStyle };
  rl: {
    trainer: TrainerConfigInput;
    sampler: string;
    problemsPerStep: number;
    steps: number;
    checkpointEvery: number;
    showRolloutEvery: number;
    /** Held-out evaluation every this many RL steps (0 = only before and after). */
    evalEvery?: number;
  };
}

/**
 * Addition, the family whose difficulty steps smoothly from one digit to many. SFT teaches 1–2
 * digit sums (difficulty ≤ 0.2, a few 3-digit operands by the family's random rounding); RL then
 * trains on the whole [0, 0.4] range with the boundary sampler, which concentrates on problems
 * solved about half the time, i.e. the 3-digit band the SFT model only partly masters.
 * The trainer is DAPO-style (token-level loss, clip-higher, dynamic filtering, no KL), scaled to
 * a 2-layer width-64 model: a far larger learning rate than the paper's 1e-6, G = 8.
 */
export const startPreset: StartPreset = {
  family: 'addition',
  corpus: { trainProblems: 800, maxDifficulty: 0.4, heldoutPerBand: 100 },
  bands: [
    [0, 0.1],
    [0.1, 0.2],
    [0.2, 0.3],
    [0.3, 0.4],
  ],
  model: { layers: 2, width: 64, heads: 4, contextLength: 48 },
  sft: { difficulty: [0, 0.2], steps: 600, batchSize: 64, learningRate: 3e-3, targetStyle: 'reversed' },
  rl: {
    trainer: {
      lossType: 'dapo',
      groupSize: 8,
      clipEpsilonLow: 0.2,
      clipEpsilonHigh: 0.28,
      klCoefficient: 0,
      maxCompletionTokens: 24,
      updatesPerBatch: 2,
      miniBatches: 1,
      temperature: 1,
      optimizer: { learningRate: 1e-4, weightDecay: 0, maxGradNorm: 1, schedule: { kind: 'constant', warmupSteps: 5 } },
    },
    sampler: 'boundary',
    problemsPerStep: 16,
    steps: 150,
    checkpointEvery: 25,
    showRolloutEvery: 25,
  },
};
