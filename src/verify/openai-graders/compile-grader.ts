import { compileFormula } from './formula.js';
import { fuzzyRatio } from './fuzzy-ratio.js';
import type { GraderConfig, MultiGrader, StringCheckGrader, TextSimilarityGrader } from './grader-config.js';
import { compileTemplate, type Namespaces } from './template.js';

export interface GraderOutcome {
  /** The grader's output: the RFT reward (a multi grader's formula may leave [0, 1]). */
  output: number;
  passed: boolean;
  /** Outputs of a multi grader's graders, by name. */
  parts?: Record<string, GraderOutcome>;
}

export type CompiledGrader = (namespaces: Namespaces) => GraderOutcome;

/** Turns validated grader JSON into a function; templates and formulas are parsed here, once. */
export function compileGrader(grader: GraderConfig): CompiledGrader {
  switch (grader.type) {
    case 'string_check':
      return compileStringCheck(grader);
    case 'text_similarity':
      return compileTextSimilarity(grader);
    case 'multi':
      return compileMulti(grader);
  }
}

/** eq / ne: case-sensitive (in)equality; like / ilike: the input contains the reference, (in)sensitive to case. */
function compileStringCheck(grader: StringCheckGrader): CompiledGrader {
  const [input, reference] = [compileTemplate(grader.input), compileTemplate(grader.reference)];
  const check = {
    eq: (text: string, expected: string) => text === expected,
    ne: (text: string, expected: string) => text !== expected,
    like: (text: string, expected: string) => text.includes(expected),
    ilike: (text: string, expected: string) => text.toLowerCase().includes(expected.toLowerCase()),
  }[grader.operation];
  return (namespaces) => {
    const passed = check(input(namespaces), reference(namespaces));
    return { output: passed ? 1 : 0, passed };
  };
}

function compileTextSimilarity(grader: TextSimilarityGrader): CompiledGrader {
  const [input, reference] = [compileTemplate(grader.input), compileTemplate(grader.reference)];
  return (namespaces) => {
    const output = fuzzyRatio(input(namespaces), reference(namespaces));
    return { output, passed: output >= grader.pass_threshold };
  };
}

function compileMulti(grader: MultiGrader): CompiledGrader {
  const graders = Object.entries(grader.graders).map(([name, inner]) => [name, compileGrader(inner)] as const);
  const formula = compileFormula(grader.calculate_output, graders.map(([name]) => name));
  const threshold = grader.pass_threshold ?? 1;
  return (namespaces) => {
    const parts: Record<string, GraderOutcome> = {};
    const values: Record<string, number> = {};
    for (const [name, grade] of graders) {
      parts[name] = grade(namespaces);
      values[name] = parts[name].output;
    }
    const output = formula(values);
    if (!Number.isFinite(output)) throw new Error(`calculate_output ${JSON.stringify(grader.calculate_output)} gave ${output} for ${JSON.stringify(values)}`);
    return { output, passed: output >= threshold, parts };
  };
}
