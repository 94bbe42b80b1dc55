import { knobValue, type DifficultyKnob } from '../core/task-family.js';
import type { Random } from '../core/random.js';

/**
 * An integer knob at a difficulty: the continuous value is rounded up or down at random with the
 * probability given by its fraction, so difficulty 0.35 sits between 0.3 and 0.4 in expectation.
 */
export function integerKnob(knob: DifficultyKnob, difficulty: number, random: Random): number {
  const value = knobValue(knob, difficulty);
  const lower = Math.floor(value);
  return random.bool(value - lower) ? lower + 1 : lower;
}

/** A continuous knob (a probability, a share) at a difficulty. */
export function realKnob(knob: DifficultyKnob, difficulty: number): number {
  return knobValue(knob, difficulty);
}

/** Finds a knob by name in a family's list, so a typo is an error at the first generation. */
export function knobNamed(knobs: readonly DifficultyKnob[], name: string): DifficultyKnob {
  const knob = knobs.find((candidate) => candidate.name === name);
  if (!knob) throw new Error(`no knob named "${name}" (known: ${knobs.map((k) => k.name).join(', ')})`);
  return knob;
}
