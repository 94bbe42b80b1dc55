import type { Problem } from './problem.js';
import type { Random } from './random.js';

/** One parameter of a family that the difficulty drives, declared as data for `corpus families`. */
export interface DifficultyKnob {
  name: string;
  description: string;
  /** The knob's value at difficulty 0 and at difficulty 1; values in between are interpolated smoothly. */
  atEasiest: number;
  atHardest: number;
}

/** A worked solution: what a perfect model would write. `response` is a full response the verifier accepts. */
export interface ReferenceSolution {
  response: string;
  answer: string;
  /** Step-by-step reasoning, when the family has a natural one (used as the SFT thinking trace). */
  reasoning?: string;
}

/**
 * A procedural task family: problems are a pure function of (seed, difficulty), each checked by
 * the family's reference solver, so the corpus can grow without labels.
 */
export interface TaskFamily {
  readonly name: string;
  readonly description: string;
  /** The skill it exercises, for reports (`arithmetic`, `search`, `logic`, `code`, …). */
  readonly skill: string;
  /** Name of the verifier in the registry that checks answers to this family. */
  readonly verifier: string;
  readonly knobs: readonly DifficultyKnob[];
  /** Deterministic: the same seed and difficulty give the same problem. */
  generate(seed: number, difficulty: number): Problem;
  solve(problem: Problem): ReferenceSolution;
  /** A plausible but wrong response, for conformance tests and verifier audits. */
  wrongResponse(problem: Problem, random: Random): string;
  /** A size measure that rises with difficulty (solution length, search-space size, …). */
  referenceMeasure(problem: Problem): number;
}

/** Linear interpolation of a knob at a difficulty in [0, 1]. */
export function knobValue(knob: DifficultyKnob, difficulty: number): number {
  const d = Math.min(1, Math.max(0, difficulty));
  return knob.atEasiest + (knob.atHardest - knob.atEasiest) * d;
}
