import { failed, type Judgement } from '../../core/verdict.js';
import type { Verifier, VerifyInput } from '../../core/verifier.js';
import { mergeConfig, VerifierConfigError } from '../config-error.js';
import { extractAnswer } from '../extract-answer.js';
import { parseJsonAnswer } from '../match/json-answer.js';
import { compileGrader, type CompiledGrader } from './compile-grader.js';
import { parseGraderConfig } from './grader-config.js';
import { MissingTemplateValue, type Namespaces } from './template.js';

export const OPENAI_GRADER_DESCRIPTION =
  'Runs an OpenAI reinforcement-fine-tuning grader given as its JSON config: string_check, text_similarity (fuzzy_match) and multi with calculate_output.';

/**
 * The `openai-grader` verifier: its config is the grader JSON (`{"type": "string_check", …}`).
 * Namespaces: `sample.output_text` is the response without its `<think>…</think>` block, trimmed
 * (OpenAI's output_text excludes reasoning); `sample.output_json` is the final answer parsed as
 * JSON; `sample.final_answer` (an extension) is the extracted final answer. `item` holds
 * `answer` (the ground truth), the fields of the answer when it is a JSON object, and the
 * problem's metadata. `reward` is the grader's output; `score` is it clamped to [0, 1].
 */
export function createOpenAIGraderVerifier(defaults?: Record<string, unknown>): Verifier {
  const compiled = new WeakMap<object, CompiledGrader>();
  const compile = (config: Record<string, unknown> | undefined): CompiledGrader => {
    if (!config) throw new VerifierConfigError('openai-grader', 'the config must be the grader JSON, e.g. {"type": "string_check", …}');
    let grader = compiled.get(config);
    if (!grader) {
      try {
        grader = compileGrader(parseGraderConfig(config));
      } catch (error) {
        throw new VerifierConfigError('openai-grader', error instanceof Error ? error.message : String(error));
      }
      compiled.set(config, grader);
    }
    return grader;
  };
  if (defaults) compile(defaults);
  return {
    name: 'openai-grader',
    description: OPENAI_GRADER_DESCRIPTION,
    verify: async (input) => judgeWithGrader(compile(mergeConfig(defaults, input.config)), input),
  };
}

function judgeWithGrader(grade: CompiledGrader, input: VerifyInput): Judgement {
  let outcome;
  try {
    outcome = grade(namespacesOf(input));
  } catch (error) {
    if (error instanceof MissingTemplateValue && error.namespace === 'sample') return failed('no-answer', { message: error.message });
    throw error;
  }
  const score = Math.min(1, Math.max(0, outcome.output));
  const reason = outcome.passed ? 'correct' : score > 0 ? 'partial' : 'wrong';
  return { reward: outcome.output, score, passed: outcome.passed, reason, details: { output: outcome.output, ...(outcome.parts ? { graders: outcome.parts } : {}) } };
}

function namespacesOf(input: VerifyInput): Namespaces {
  const outputText = input.response.replace(/^\s*<think>[\s\S]*?<\/think>/, '').trim();
  const finalAnswer = extractAnswer(outputText).text;
  const parsedOutput = parseJsonAnswer(finalAnswer);
  const parsedAnswer = input.answer === undefined ? undefined : parseJsonAnswer(input.answer);
  const answerFields = parsedAnswer?.ok && isRecord(parsedAnswer.value) ? parsedAnswer.value : {};
  return {
    sample: { output_text: outputText, final_answer: finalAnswer, output_json: parsedOutput.ok ? parsedOutput.value : undefined },
    item: { ...(input.problem?.metadata ?? {}), ...answerFields, ...(input.answer !== undefined ? { answer: input.answer } : {}) },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
