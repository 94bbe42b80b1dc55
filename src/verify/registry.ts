import type { Verifier } from '../core/verifier.js';
import { createFormatVerifier, FORMAT_DESCRIPTION } from './format/index.js';
import { createMatchVerifier, MATCH_DESCRIPTION } from './match/index.js';
import { createOpenAIGraderVerifier, OPENAI_GRADER_DESCRIPTION } from './openai-graders/index.js';
import { createRubricVerifier, RUBRIC_DESCRIPTION } from './rubric/index.js';
import { VerifierSet } from './verifier-set.js';

/** Options a verifier factory accepts (its default config); each verifier validates its own. */
export type VerifierOptions = Record<string, unknown>;

export interface VerifierEntry {
  readonly name: string;
  readonly description: string;
  /** `set` is the set creating the verifier: composite verifiers resolve their parts through it. */
  create(options: VerifierOptions | undefined, set: VerifierSet): Promise<Verifier>;
}

/**
 * Every verifier, one entry each. The heavy ones (computer algebra, sandboxes, compilers) are
 * imported only when first created, so `rlvr verify --verifier match` loads none of them.
 */
const entries: readonly VerifierEntry[] = [
  {
    name: 'math',
    description: 'Mathematical equivalence of the final answer with the ground truth (numbers, fractions, expressions, sets, intervals).',
    create: async (options) => {
      const { createMathVerifier } = await import('./math/index.js');
      return createMathVerifier(options as Parameters<typeof createMathVerifier>[0]);
    },
  },
  {
    name: 'code',
    description: 'Runs the response\'s code against hidden tests (stdin/stdout cases or asserts) in a sandbox.',
    create: async (options) => {
      const { createCodeVerifier } = await import('./code/index.js');
      return createCodeVerifier(options as Parameters<typeof createCodeVerifier>[0]);
    },
  },
  {
    name: 'compile',
    description: 'Checks that the response\'s code compiles / type-checks.',
    create: async () => {
      const { createCompileVerifier } = await import('./compile/index.js');
      return createCompileVerifier();
    },
  },
  { name: 'match', description: MATCH_DESCRIPTION, create: async (options) => createMatchVerifier(options) },
  { name: 'format', description: FORMAT_DESCRIPTION, create: async (options) => createFormatVerifier(options) },
  {
    name: 'rubric',
    description: RUBRIC_DESCRIPTION,
    create: async (options, set) => createRubricVerifier({ resolve: (name) => set.get(name), verifierNames: verifierNames(), defaults: options }),
  },
  { name: 'openai-grader', description: OPENAI_GRADER_DESCRIPTION, create: async (options) => createOpenAIGraderVerifier(options) },
  {
    name: 'llm-judge',
    description: 'A judge model that knows the reference answer reasons step by step and returns a strict JSON verdict; options {ask: AskJudge, samples?}.',
    create: async (options) => {
      const { createLlmJudgeVerifier } = await import('./llm-judge/llm-judge-verifier.js');
      if (typeof options?.ask !== 'function') throw new Error('llm-judge needs a judge policy (for example --judge-policy openai --judge-base-url URL --judge-model NAME)');
      return createLlmJudgeVerifier(options as unknown as Parameters<typeof createLlmJudgeVerifier>[0]);
    },
  },
  { name: 'countdown', description: 'Countdown answers: an expression over the given numbers (each at most once) equal to the target; config {numbers, target}.', create: async () => (await import('./countdown/countdown-verifier.js')).createCountdownVerifier() },
];

const byName = indexByName(entries);

function indexByName(list: readonly VerifierEntry[]): ReadonlyMap<string, VerifierEntry> {
  const map = new Map<string, VerifierEntry>();
  for (const entry of list) {
    if (map.has(entry.name)) throw new Error(`verifier registry: the name "${entry.name}" is registered twice`);
    map.set(entry.name, entry);
  }
  return map;
}

/** Thrown for a name that is not in the registry; the message lists the known ones. */
export class UnknownVerifierError extends Error {
  constructor(readonly verifier: string) {
    super(`unknown verifier "${verifier}" (known: ${verifierNames().join(', ')})`);
    this.name = 'UnknownVerifierError';
  }

  static isInstance(error: unknown): error is UnknownVerifierError {
    return error instanceof Error && error.name === 'UnknownVerifierError';
  }
}

export function verifierNames(): string[] {
  return [...byName.keys()];
}

export function describeVerifiers(): Array<{ name: string; description: string }> {
  return entries.map(({ name, description }) => ({ name, description }));
}

export function verifierEntry(name: string): VerifierEntry {
  const entry = byName.get(name);
  if (!entry) throw new UnknownVerifierError(name);
  return entry;
}

/**
 * One verifier, standalone: it owns what it creates (a rubric's components included), and its
 * `close()` releases all of it. Callers that use several verifiers share one `VerifierSet`.
 */
export async function createVerifier(name: string, options?: VerifierOptions): Promise<Verifier> {
  verifierEntry(name);
  const set = new VerifierSet(options ? { [name]: options } : {});
  const verifier = await set.get(name).catch(async (error: unknown) => {
    await set.close();
    throw error;
  });
  return {
    name: verifier.name,
    description: verifier.description,
    verify: (input, context) => verifier.verify(input, context),
    close: () => set.close(),
  };
}

/** For tests of the registry's own rule. */
export { indexByName as indexVerifierEntries };
