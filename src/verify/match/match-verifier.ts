import { failed, succeeded, type Judgement } from '../../core/verdict.js';
import type { Verifier, VerifyInput } from '../../core/verifier.js';
import { mergeConfig } from '../config-error.js';
import { extractAnswer, type ExtractedAnswer } from '../extract-answer.js';
import { chosenLetters, expectedLetter } from './choice-letters.js';
import { compileFullMatch, fullMatch } from './full-match.js';
import { compileSchema, jsonEqual, parseJsonAnswer } from './json-answer.js';
import { parseMatchConfig, type MatchConfig } from './match-config.js';
import { normalizeText } from './normalize-text.js';
import { parseNumber, withinTolerance } from './parse-number.js';

export const MATCH_DESCRIPTION =
  'Compares the final answer (last <answer> block, else \\boxed{}, else the whole response) with the ground truth: exact, normalized, regex full match, multiple-choice letter, numeric with tolerance, or JSON against a JSON Schema.';

const SHOWN_CHARS = 200;

/**
 * The match verifier. `defaults` is a match config applied to every call (validated now); each
 * call's `input.config` overrides its fields. Without a `mode`, the mode is `exact`.
 */
export function createMatchVerifier(defaults?: Record<string, unknown>): Verifier {
  if (defaults) parseMatchConfig(defaults);
  return {
    name: 'match',
    description: MATCH_DESCRIPTION,
    verify: async (input) => judgeMatch(input, parseMatchConfig(mergeConfig(defaults, input.config))),
  };
}

export function judgeMatch(input: VerifyInput, config: MatchConfig): Judgement {
  if (config.mode === 'multiple-choice') return judgeChoice(input, config.letters);
  const extracted = extractAnswer(input.response);
  const details = { mode: config.mode, extracted: shown(extracted.text), source: extracted.source };
  if (extracted.text.length > config.maxAnswerChars) return failed('too-long', { ...details, maxAnswerChars: config.maxAnswerChars });
  if (extracted.text === '') return failed('no-answer', details);
  switch (config.mode) {
    case 'exact':
      return verdictOf(extracted.text === requireAnswer(input, config.mode), details);
    case 'normalized':
      return verdictOf(normalizeText(extracted.text, config) === normalizeText(requireAnswer(input, config.mode), config), details);
    case 'regex':
      return judgeRegex(extracted, config, details);
    case 'numeric':
      return judgeNumber(input, extracted, config, details);
    case 'json':
      return judgeJson(input, extracted, config, details);
  }
}

function judgeChoice(input: VerifyInput, allowed: string): Judgement {
  const expected = expectedLetter(requireAnswer(input, 'multiple-choice'), allowed);
  if (!expected) throw new Error(`match verifier: the ground truth ${JSON.stringify(input.answer)} names no single letter among ${allowed}`);
  const { letters, source } = chosenLetters(input.response, allowed);
  const details = { mode: 'multiple-choice', chosen: letters, expected, source };
  if (letters.length === 0) return failed('no-answer', details);
  if (letters.length > 1) return failed('multiple-answers', details);
  return verdictOf(letters[0] === expected, details);
}

function judgeRegex(extracted: ExtractedAnswer, config: Extract<MatchConfig, { mode: 'regex' }>, details: Record<string, unknown>): Judgement {
  const regex = compileFullMatch(config.pattern, config.flags);
  let outcome = fullMatch(regex, extracted.text, config.timeoutMs);
  // The vm timeout is wall time: a loaded machine can deschedule a fast match past it. A pattern
  // that truly backtracks times out again; one retry keeps load from failing correct answers.
  if (outcome === 'timeout') outcome = fullMatch(regex, extracted.text, config.timeoutMs);
  if (outcome === 'timeout') return failed('regex-timeout', { ...details, timeoutMs: config.timeoutMs });
  return verdictOf(outcome === 'match', details);
}

function judgeNumber(input: VerifyInput, extracted: ExtractedAnswer, config: Extract<MatchConfig, { mode: 'numeric' }>, details: Record<string, unknown>): Judgement {
  const expected = parseNumber(requireAnswer(input, 'numeric'));
  if (expected === undefined) throw new Error(`match verifier: the ground truth ${JSON.stringify(input.answer)} is not a number`);
  const actual = parseNumber(extracted.text);
  if (actual === undefined) return failed('not-a-number', { ...details, expected });
  return verdictOf(withinTolerance(actual, expected, config.absoluteTolerance, config.relativeTolerance), { ...details, actual, expected });
}

function judgeJson(input: VerifyInput, extracted: ExtractedAnswer, config: Extract<MatchConfig, { mode: 'json' }>, details: Record<string, unknown>): Judgement {
  const parsed = parseJsonAnswer(extracted.text);
  if (!parsed.ok) return failed('invalid-json', { ...details, message: parsed.message });
  if (config.schema) {
    const validate = compileSchema(config.schema);
    if (!validate(parsed.value)) {
      const errors = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
      return failed('schema-mismatch', { ...details, errors });
    }
  }
  if (!config.equal) return succeeded(details);
  const expected = parseJsonAnswer(requireAnswer(input, 'json'));
  if (!expected.ok) throw new Error(`match verifier: the ground truth is not JSON (${expected.message})`);
  return verdictOf(jsonEqual(parsed.value, expected.value), details);
}

function requireAnswer(input: VerifyInput, mode: string): string {
  if (input.answer === undefined) throw new Error(`match verifier: mode ${mode} needs the ground truth in "answer"`);
  return input.answer;
}

function verdictOf(correct: boolean, details: Record<string, unknown>): Judgement {
  return correct ? succeeded(details) : failed('wrong', details);
}

function shown(text: string): string {
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}
