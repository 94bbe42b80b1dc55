import { z } from 'zod';
import type { Judgement, Verdict } from '../../core/verdict.js';
import { failed } from '../../core/verdict.js';
import { runVerifier, type Verifier, type VerifyContext, type VerifyInput } from '../../core/verifier.js';
import { createConfigParser, mergeConfig, VerifierConfigError } from '../config-error.js';

export const RUBRIC_DESCRIPTION =
  'A weighted sum of named component verifiers; every component verdict is logged under its name, weight-0 components are metrics only.';

const componentSchema = z.strictObject({
  name: z.string().min(1),
  verifier: z.string().min(1),
  weight: z.number().refine(Number.isFinite, 'weight must be a finite number'),
  config: z.record(z.string(), z.unknown()).optional(),
});

export const rubricConfigSchema = z.strictObject({ components: z.array(componentSchema).min(1) });

export type RubricConfig = z.output<typeof rubricConfigSchema>;
export type RubricComponent = RubricConfig['components'][number];

export interface RubricOptions {
  /** Finds a component's verifier by registry name (the registry passes its shared set). */
  resolve: (name: string) => Promise<Verifier>;
  /** Names a component may use; when given, an unknown one is a config error. */
  verifierNames?: readonly string[];
  /** A rubric config applied to every call; each call's `input.config` overrides it. */
  defaults?: Record<string, unknown>;
}

/**
 * Rubric: `reward` = Σ weight × component reward (weights may be negative: penalties);
 * `score` = Σ |weight| × component score / Σ |weight| over non-zero weights, so it stays in
 * [0, 1] and is never shaped; `passed` = every non-zero-weight component passed. A component that
 * throws or times out scores 0 with its error in its verdict; the others still count.
 */
export function createRubricVerifier({ resolve, verifierNames, defaults }: RubricOptions): Verifier {
  const parseConfig = createConfigParser('rubric', rubricConfigSchema, (config) => checkComponents(config, verifierNames));
  if (defaults) parseConfig(defaults);
  return {
    name: 'rubric',
    description: RUBRIC_DESCRIPTION,
    verify: async (input, context) => {
      const { components } = parseConfig(mergeConfig(defaults, input.config));
      const verdicts = await Promise.all(components.map((component) => runComponent(component, input, context, resolve)));
      return combine(components, verdicts);
    },
  };
}

function checkComponents(config: RubricConfig, verifierNames: readonly string[] | undefined): void {
  const seen = new Set<string>();
  for (const component of config.components) {
    if (seen.has(component.name)) throw new VerifierConfigError('rubric', `two components are named "${component.name}"`);
    seen.add(component.name);
    if (verifierNames && !verifierNames.includes(component.verifier)) {
      throw new VerifierConfigError('rubric', `component "${component.name}" names unknown verifier "${component.verifier}" (known: ${verifierNames.join(', ')})`);
    }
  }
  if (config.components.every((component) => component.weight === 0)) {
    throw new VerifierConfigError('rubric', 'every component has weight 0; at least one must count');
  }
}

async function runComponent(component: RubricComponent, input: VerifyInput, context: VerifyContext, resolve: RubricOptions['resolve']): Promise<Verdict> {
  try {
    const verifier = await resolve(component.verifier);
    const timeoutMs = Math.max(1, context.deadline - Date.now());
    return await runVerifier(verifier, { ...input, config: component.config }, { timeoutMs, signal: context.signal });
  } catch (error) {
    return { ...failed('error', { message: error instanceof Error ? error.message : String(error) }), ms: 0 };
  }
}

function combine(components: readonly RubricComponent[], verdicts: readonly Verdict[]): Judgement {
  let reward = 0;
  let weightedScore = 0;
  let totalWeight = 0;
  let passedCount = 0;
  let erroredCount = 0;
  const counting = components.filter((component) => component.weight !== 0).length;
  const details: Record<string, unknown> = {};
  components.forEach((component, index) => {
    const verdict = verdicts[index]!;
    details[component.name] = verdict;
    reward += component.weight * verdict.reward;
    if (component.weight === 0) return;
    weightedScore += Math.abs(component.weight) * verdict.score;
    totalWeight += Math.abs(component.weight);
    if (verdict.passed) passedCount++;
    if (verdict.reason === 'error' || verdict.reason === 'timeout') erroredCount++;
  });
  const passed = passedCount === counting;
  const reason = passed ? 'correct' : erroredCount === counting ? 'error' : passedCount > 0 ? 'partial' : 'wrong';
  return { reward, score: weightedScore / totalWeight, passed, reason, details };
}
