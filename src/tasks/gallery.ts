import type { DifficultyKnob } from '../core/task-family.js';
import { families } from './registry.js';

/** One sample of a family, for `corpus families` and documentation. */
export interface GalleryEntry {
  family: string;
  description: string;
  skill: string;
  verifier: string;
  knobs: readonly DifficultyKnob[];
  difficulty: number;
  id: string;
  prompt: string;
  compactPrompt: string;
  answer: string;
  compactAnswer: string;
  /** The reference solver's full response (with its <think> trace when it has one). */
  referenceResponse: string;
}

/** One problem per registered family at each requested difficulty, all from the same seed. */
export function gallery(seed = 0, difficulties: readonly number[] = [0.5]): GalleryEntry[] {
  return families.flatMap((family) =>
    difficulties.map((difficulty) => {
      const problem = family.generate(seed, difficulty);
      const solution = family.solve(problem);
      const compactAnswer = problem.metadata['compactAnswer'];
      return {
        family: family.name,
        description: family.description,
        skill: family.skill,
        verifier: family.verifier,
        knobs: family.knobs,
        difficulty: problem.difficulty,
        id: problem.id,
        prompt: problem.prompt,
        compactPrompt: String(problem.metadata['compactPrompt']),
        answer: problem.answer ?? solution.answer,
        compactAnswer: typeof compactAnswer === 'string' ? compactAnswer : (problem.answer ?? solution.answer),
        referenceResponse: solution.response,
      };
    }),
  );
}
