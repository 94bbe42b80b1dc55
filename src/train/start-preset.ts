import type { TrainerConfigInput } from './config.js';
import type { TargetStyle } from './compact-format.js';
import type { Band } from './evaluate.js';
import type { TransformerConfigInput } from '../policy/embedded/model.js';

/** The built-in end-to-end run of `rlvr start`: every number that shapes it, in one place. */
export interface StartPreset {
  family: string;
  corpus: {
    /** Training problems (what RL draws from), difficulties spread evenly over [minDifficulty (default 0), maxDifficulty]. */
    trainProblems: number;
    minDifficulty?: number;
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
 * Addition, the family whose difficulty steps smoothly from one digit to many. SFT teaches sums
 * of difficulty ≤ 0.2 (1–3 digit operands, 2–3 of them, by the family's random rounding) with the
 * reversed-digits scratchpad for only 400 steps: a model that is right sometimes rather than
 * mostly (held-out [0, 0.1) near 17–31% sampled pass@1 with pass@8 63–77%), so RL has answers
 * to reinforce. After 600 SFT steps RL, which sharpens what the model already samples, stopped at
 * the pre-RL pass@8 of the boundary band (+16.9 ± 2.1 over seeds 1–3). RL then draws
 * training problems of difficulty [0, 0.2] (20,000 generated, ~9,600 distinct once duplicates and
 * held-out prompts are removed) with the boundary sampler pooled by difficulty buckets of 0.1,
 * so unseen problems start at their bucket's pass rate and draws aim at the bucket nearest 50%,
 * whichever band that is; 1,200 steps. The trainer is DAPO-style (token-level loss, clip-higher,
 * dynamic filtering, no KL) scaled to a 2-layer width-64 model (lr 2e-4 instead of 1e-6, G = 8).
 * Measured 2026-11-25 (BENCHMARKS.md, "Trainer"): RL raises the boundary band's sampled pass@1
 * by +25.0 ± 6.5 points over seeds 1–3 (+25.1, +31.5, +18.5). The weaker SFT start is the price:
 * after RL the model is below the 600-step preset's on [0, 0.2), and pass@8 on [0, 0.1) falls.
 * 500 SFT steps gave +19.0; 400 with RL on [0.1, 0.2] only gave +17.2. About 9–10 CPU minutes.
 */
export const startPreset: StartPreset = {
  family: 'addition',
  corpus: { trainProblems: 20_000, minDifficulty: 0, maxDifficulty: 0.2, heldoutPerBand: 100 },
  bands: [
    [0, 0.1],
    [0.1, 0.2],
    [0.2, 0.3],
    [0.3, 0.4],
  ],
  model: { layers: 2, width: 64, heads: 4, contextLength: 48 },
  sft: { difficulty: [0, 0.2], steps: 400, batchSize: 64, learningRate: 3e-3, targetStyle: 'reversed' },
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
      optimizer: { learningRate: 2e-4, weightDecay: 0, maxGradNorm: 1, schedule: { kind: 'constant', warmupSteps: 5 } },
    },
    sampler: 'boundary:pool=0.1',
    problemsPerStep: 16,
    steps: 1_200,
    checkpointEvery: 50,
    showRolloutEvery: 50,
    evalEvery: 100,
  },
};
