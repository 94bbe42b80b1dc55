import type { TaskFamily } from '../core/task-family.js';
import { addition } from './addition.js';
import { baseConversion } from './base-conversion.js';
import { countdown } from './countdown.js';
import { jsFunction } from './js-function.js';
import { linearEquation } from './linear-equation.js';
import { logic } from './logic.js';
import { modular } from './modular.js';
import { multiplication } from './multiplication.js';
import { sorting } from './sorting.js';
import { stringOps } from './string-ops.js';

/** Every procedural task family, in one explicit list (no import side effects). */
export const families: readonly TaskFamily[] = checkedFamilies([
  addition,
  multiplication,
  countdown,
  sorting,
  modular,
  linearEquation,
  stringOps,
  logic,
  jsFunction,
  baseConversion,
]);

/** Rejects a list where two families share a name (their problem ids would collide). */
export function checkedFamilies(list: readonly TaskFamily[]): readonly TaskFamily[] {
  const seen = new Set<string>();
  for (const family of list) {
    if (seen.has(family.name)) throw new Error(`task family "${family.name}" is registered twice`);
    seen.add(family.name);
  }
  return list;
}

export function familyNames(): string[] {
  return families.map((family) => family.name);
}

export function getFamily(name: string): TaskFamily {
  const family = families.find((candidate) => candidate.name === name);
  if (!family) throw new Error(`unknown task family "${name}" (known: ${familyNames().join(', ')})`);
  return family;
}
