import type { Problem } from '../core/problem.js';
import type { Random } from '../core/random.js';
import type { DifficultyKnob, TaskFamily } from '../core/task-family.js';
import { ANSWER_FORMAT, generatedProblem, generationRandom, parametersOf } from './generated-problem.js';
import { integerKnob, knobNamed, realKnob } from './knobs.js';
import { listAnswerConfig } from './list-answer-config.js';
import { answerResponse, referenceSolution } from './reference-solution.js';

/**
 * Two puzzles with a unique solution, found by truth table: knights and knaves (knights always tell
 * the truth, knaves always lie) and small satisfiability problems. Generation retries random
 * instances until exactly one assignment fits.
 */
const knobs: readonly DifficultyKnob[] = [
  { name: 'people', description: 'people in a knights-and-knaves puzzle', atEasiest: 2, atHardest: 5 },
  { name: 'variables', description: 'variables of a satisfiability puzzle', atEasiest: 2, atHardest: 7 },
  { name: 'clauseWidth', description: 'literals per clause', atEasiest: 2, atHardest: 3 },
  { name: 'compoundShare', description: 'probability that a statement joins two claims', atEasiest: 0, atHardest: 0.6 },
];

/** A knights-and-knaves claim over people by index. */
type Claim =
  | { kind: 'is'; person: number; knight: boolean }
  | { kind: 'same' | 'different'; people: [number, number] }
  | { kind: 'and' | 'or'; claims: [Claim, Claim] }
  | { kind: 'count'; knights: number };

/** A literal: variable index, negated or not. */
interface Literal {
  variable: number;
  negated: boolean;
}

type LogicParameters = { puzzle: 'knights'; statements: Claim[] } | { puzzle: 'sat'; variables: number; clauses: Literal[][] };

const MAX_TRIES = 500;
const PEOPLE = 'ABCDEFGH';
const VARIABLES = 'abcdefgh';

function assignments(count: number): boolean[][] {
  return Array.from({ length: 2 ** count }, (_, bits) => Array.from({ length: count }, (_, index) => ((bits >> index) & 1) === 1));
}

function holds(claim: Claim, knights: readonly boolean[]): boolean {
  switch (claim.kind) {
    case 'is':
      return knights[claim.person] === claim.knight;
    case 'same':
      return knights[claim.people[0]] === knights[claim.people[1]];
    case 'different':
      return knights[claim.people[0]] !== knights[claim.people[1]];
    case 'and':
      return holds(claim.claims[0], knights) && holds(claim.claims[1], knights);
    case 'or':
      return holds(claim.claims[0], knights) || holds(claim.claims[1], knights);
    case 'count':
      return knights.filter(Boolean).length === claim.knights;
  }
}

/** A knight's statement is true and a knave's is false. */
function knightsSolutions(statements: readonly Claim[]): boolean[][] {
  return assignments(statements.length).filter((knights) => statements.every((claim, speaker) => holds(claim, knights) === knights[speaker]));
}

function satSolutions(variables: number, clauses: readonly Literal[][]): boolean[][] {
  return assignments(variables).filter((values) => clauses.every((clause) => clause.some(({ variable, negated }) => values[variable] !== negated)));
}

function randomOther(random: Random, count: number, not: number): number {
  const other = random.int(0, count - 2);
  return other >= not ? other + 1 : other;
}

function randomSimpleClaim(random: Random, people: number, speaker: number): Claim {
  const roll = random.int(0, 9);
  if (roll < 5) return { kind: 'is', person: random.bool(0.8) ? randomOther(random, people, speaker) : speaker, knight: random.bool(0.5) };
  if (roll < 8) {
    const first = random.int(0, people - 1);
    return { kind: random.bool(0.5) ? 'same' : 'different', people: [first, randomOther(random, people, first)] };
  }
  return { kind: 'count', knights: random.int(0, people) };
}

function randomClaim(random: Random, people: number, speaker: number, compoundShare: number): Claim {
  if (!random.bool(compoundShare)) return randomSimpleClaim(random, people, speaker);
  const first = { kind: 'is' as const, person: random.int(0, people - 1), knight: random.bool(0.5) };
  const second = { kind: 'is' as const, person: randomOther(random, people, first.person), knight: random.bool(0.5) };
  return { kind: random.bool(0.5) ? 'and' : 'or', claims: [first, second] };
}

function describeClaim(claim: Claim): string {
  switch (claim.kind) {
    case 'is':
      return `${PEOPLE[claim.person]} is a ${claim.knight ? 'knight' : 'knave'}`;
    case 'same':
      return `${PEOPLE[claim.people[0]]} and ${PEOPLE[claim.people[1]]} are of the same kind`;
    case 'different':
      return `${PEOPLE[claim.people[0]]} and ${PEOPLE[claim.people[1]]} are of different kinds`;
    case 'and':
      return `${describeClaim(claim.claims[0])} and ${describeClaim(claim.claims[1])}`;
    case 'or':
      return `${describeClaim(claim.claims[0])} or ${describeClaim(claim.claims[1])} (or both)`;
    case 'count':
      return `exactly ${claim.knights} of us ${claim.knights === 1 ? 'is a knight' : 'are knights'}`;
  }
}

/** `+B` B is a knight, `-B` a knave, `B=C` same kind, `B^C` different, `&` and `|` join, `#2` exactly two knights. */
function compactClaim(claim: Claim): string {
  switch (claim.kind) {
    case 'is':
      return `${claim.knight ? '+' : '-'}${PEOPLE[claim.person]}`;
    case 'same':
      return `${PEOPLE[claim.people[0]]}=${PEOPLE[claim.people[1]]}`;
    case 'different':
      return `${PEOPLE[claim.people[0]]}^${PEOPLE[claim.people[1]]}`;
    case 'and':
      return `${compactClaim(claim.claims[0])}&${compactClaim(claim.claims[1])}`;
    case 'or':
      return `${compactClaim(claim.claims[0])}|${compactClaim(claim.claims[1])}`;
    case 'count':
      return `#${claim.knights}`;
  }
}

function generateKnights(random: Random, difficulty: number): LogicParameters {
  const people = integerKnob(knobNamed(knobs, 'people'), difficulty, random);
  const compoundShare = realKnob(knobNamed(knobs, 'compoundShare'), difficulty);
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const statements = Array.from({ length: people }, (_, speaker) => randomClaim(random, people, speaker, compoundShare));
    if (knightsSolutions(statements).length === 1) return { puzzle: 'knights', statements };
  }
  throw new Error(`logic: no knights-and-knaves puzzle with a unique solution for ${people} people after ${MAX_TRIES} tries`);
}

function randomClause(random: Random, variables: number, width: number, hidden: readonly boolean[]): Literal[] {
  for (;;) {
    const chosen = random.shuffle(Array.from({ length: variables }, (_, index) => index)).slice(0, width);
    const clause = chosen.sort((a, b) => a - b).map((variable) => ({ variable, negated: random.bool(0.5) }));
    if (clause.some(({ variable, negated }) => hidden[variable] !== negated)) return clause;
  }
}

/** Clauses true under a hidden assignment, added until it is the only solution. */
function generateSat(random: Random, difficulty: number): LogicParameters {
  const variables = integerKnob(knobNamed(knobs, 'variables'), difficulty, random);
  // A clause over every variable rules out a single assignment: the puzzle degenerates into a list.
  const width = Math.min(Math.max(2, variables - 1), integerKnob(knobNamed(knobs, 'clauseWidth'), difficulty, random));
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const hidden = Array.from({ length: variables }, () => random.bool(0.5));
    const clauses: Literal[][] = [];
    while (clauses.length < 6 * variables) {
      clauses.push(randomClause(random, variables, width, hidden));
      if (satSolutions(variables, clauses).length === 1) return { puzzle: 'sat', variables, clauses: withoutRedundantClauses(variables, clauses) };
    }
  }
  throw new Error(`logic: no satisfiability puzzle with a unique solution for ${variables} variables after ${MAX_TRIES} tries`);
}

/** Drops clauses whose removal keeps the solution unique, so the puzzle has no filler. */
function withoutRedundantClauses(variables: number, clauses: Literal[][]): Literal[][] {
  const kept = [...clauses];
  for (let index = kept.length - 1; index >= 0; index--) {
    const without = kept.filter((_, other) => other !== index);
    if (satSolutions(variables, without).length === 1) kept.splice(index, 1);
  }
  return kept;
}

function literalText({ variable, negated }: Literal, negation: string): string {
  return `${negated ? negation : ''}${VARIABLES[variable]}`;
}

function answerItems(parameters: LogicParameters): string[] {
  if (parameters.puzzle === 'knights') {
    return knightsSolutions(parameters.statements)[0]!.map((knight, person) => `${PEOPLE[person]}=${knight ? 'knight' : 'knave'}`);
  }
  return satSolutions(parameters.variables, parameters.clauses)[0]!.map((value, variable) => `${VARIABLES[variable]}=${value ? 1 : 0}`);
}

function knightsCompactAnswer(items: readonly string[]): string {
  return items.map((item) => `${item.endsWith('=knight') ? '+' : '-'}${item[0]}`).join('');
}

function describe(parameters: LogicParameters): { prompt: string; compactPrompt: string } {
  if (parameters.puzzle === 'knights') {
    const names = PEOPLE.slice(0, parameters.statements.length).split('');
    const said = parameters.statements.map((claim, speaker) => `${names[speaker]} says: "${describeClaim(claim)}."`).join(' ');
    return {
      prompt:
        `On an island, knights always tell the truth and knaves always lie. You meet ${names.join(', ')}. ${said} ` +
        `Who is a knight and who is a knave? Answer like ${names.map((name, index) => `${name}=${index % 2 ? 'knave' : 'knight'}`).join(',')}. ${ANSWER_FORMAT}`,
      compactPrompt: `kk:${parameters.statements.map((claim, speaker) => `${names[speaker]}:${compactClaim(claim)}`).join(';')}>`,
    };
  }
  const names = VARIABLES.slice(0, parameters.variables).split('');
  const clauses = parameters.clauses.map((clause) => `(${clause.map((literal) => literalText(literal, 'NOT ')).join(' OR ')})`).join(' AND ');
  return {
    prompt:
      `Find the values (1 for true, 0 for false) of ${names.join(', ')} that make this formula true: ${clauses}. ` +
      `Exactly one assignment works. Answer like ${names.map((name, index) => `${name}=${index % 2}`).join(',')}. ${ANSWER_FORMAT}`,
    compactPrompt: `sat:${parameters.clauses.map((clause) => clause.map((literal) => literalText(literal, '-')).join('')).join(',')}>`,
  };
}

function generate(seed: number, difficulty: number): Problem {
  const random = generationRandom(logic.name, seed, difficulty);
  const parameters = random.bool(0.5) ? generateKnights(random, difficulty) : generateSat(random, difficulty);
  const items = answerItems(parameters);
  const { prompt, compactPrompt } = describe(parameters);
  // Knights answers have a compact spelling for the embedded model (`+A-B`); the verifier takes both.
  const compactAnswer = parameters.puzzle === 'knights' ? knightsCompactAnswer(items) : undefined;
  return generatedProblem({
    family: logic.name,
    seed,
    difficulty,
    prompt,
    answer: items.join(','),
    compactPrompt,
    ...(compactAnswer !== undefined ? { compactAnswer } : {}),
    verifier: logic.verifier,
    verifierConfig: listAnswerConfig(items, { caseSensitive: parameters.puzzle === 'sat', alternatives: compactAnswer !== undefined ? [compactAnswer] : [] }),
    parameters,
  });
}

function solve(problem: Problem) {
  return referenceSolution(answerItems(parametersOf<LogicParameters>(problem)).join(','));
}

/** The solution with one person's kind or one variable's value flipped. */
function wrongResponse(problem: Problem, random: Random): string {
  const items = solve(problem).answer.split(',');
  const index = random.int(0, items.length - 1);
  const flips: Record<string, string> = { knight: 'knave', knave: 'knight', '1': '0', '0': '1' };
  const [name, value] = items[index]!.split('=') as [string, string];
  items[index] = `${name}=${flips[value]}`;
  return answerResponse(items.join(','));
}

function atoms(claim: Claim): number {
  return claim.kind === 'and' || claim.kind === 'or' ? atoms(claim.claims[0]) + atoms(claim.claims[1]) : 1;
}

/** Unknowns plus half the atoms of the constraints. */
function referenceMeasure(problem: Problem): number {
  const parameters = parametersOf<LogicParameters>(problem);
  if (parameters.puzzle === 'knights') {
    return parameters.statements.length + parameters.statements.reduce((sum, claim) => sum + atoms(claim), 0) / 2;
  }
  return parameters.variables + parameters.clauses.reduce((sum, clause) => sum + clause.length, 0) / 2;
}

export const logic: TaskFamily = {
  name: 'logic',
  description: 'Knights-and-knaves and satisfiability puzzles with a unique solution.',
  skill: 'logic',
  verifier: 'match',
  knobs,
  generate,
  solve,
  wrongResponse,
  referenceMeasure,
};
