import { z } from 'zod';
import { failed, succeeded, type Judgement } from '../../core/verdict.js';
import type { Verifier } from '../../core/verifier.js';
import { createConfigParser, mergeConfig } from '../config-error.js';

export const FORMAT_DESCRIPTION =
  'The R1 format reward: exactly one <think>…</think> block first, then the answer (by default in <answer>…</answer>), nothing else but white space (configurable).';

const tagName = z.string().regex(/^[A-Za-z][\w-]*$/, 'a tag name is letters, digits, "_" or "-", e.g. "think"');

export const formatConfigSchema = z.strictObject({
  thinkTag: tagName.default('think'),
  /** `null`: the answer is the plain text after the think block. */
  answerTag: tagName.nullable().default('answer'),
  /** Strict: only white space outside the structure and one answer block; lenient: text around the answer block is allowed. */
  strict: z.boolean().default(true),
  allowEmptyThink: z.boolean().default(true),
  allowEmptyAnswer: z.boolean().default(false),
});

export type FormatConfig = z.output<typeof formatConfigSchema>;

const parseFormatConfig = createConfigParser('format', formatConfigSchema);

/** Why a response is malformed, for the verdict's details. */
export type FormatProblem =
  | 'missing-think'
  | 'think-not-first'
  | 'several-think-blocks'
  | 'empty-think'
  | 'missing-answer'
  | 'several-answer-blocks'
  | 'empty-answer'
  | 'text-outside';

export function createFormatVerifier(defaults?: Record<string, unknown>): Verifier {
  if (defaults) parseFormatConfig(defaults);
  return {
    name: 'format',
    description: FORMAT_DESCRIPTION,
    verify: async (input) => judgeFormat(input.response, parseFormatConfig(mergeConfig(defaults, input.config))),
  };
}

export function judgeFormat(response: string, config: FormatConfig): Judgement {
  const problem = findFormatProblem(response, config);
  return problem ? failed('bad-format', { problem }) : succeeded();
}

export function findFormatProblem(response: string, config: FormatConfig): FormatProblem | undefined {
  const [thinkOpen, thinkClose] = [`<${config.thinkTag}>`, `</${config.thinkTag}>`];
  const opens = occurrences(response, thinkOpen);
  const closes = occurrences(response, thinkClose);
  if (opens === 0 || closes === 0) return 'missing-think';
  if (opens > 1 || closes > 1) return 'several-think-blocks';
  const start = response.indexOf(thinkOpen);
  const end = response.indexOf(thinkClose);
  if (response.slice(0, start).trim() !== '' || end < start) return 'think-not-first';
  if (!config.allowEmptyThink && response.slice(start + thinkOpen.length, end).trim() === '') return 'empty-think';
  const rest = response.slice(end + thinkClose.length);
  return config.answerTag === null ? plainAnswerProblem(rest, config) : taggedAnswerProblem(rest, config.answerTag, config);
}

function plainAnswerProblem(rest: string, config: FormatConfig): FormatProblem | undefined {
  if (!config.allowEmptyAnswer && rest.trim() === '') return 'empty-answer';
  return undefined;
}

function taggedAnswerProblem(rest: string, tag: string, config: FormatConfig): FormatProblem | undefined {
  const [open, close] = [`<${tag}>`, `</${tag}>`];
  const blocks = [...rest.matchAll(new RegExp(`${escapeRegex(open)}([\\s\\S]*?)${escapeRegex(close)}`, 'g'))];
  if (blocks.length === 0) return 'missing-answer';
  if (config.strict && (blocks.length > 1 || occurrences(rest, open) > 1 || occurrences(rest, close) > 1)) return 'several-answer-blocks';
  const last = blocks[blocks.length - 1]!;
  if (!config.allowEmptyAnswer && last[1]!.trim() === '') return 'empty-answer';
  if (config.strict) {
    const outside = rest.slice(0, last.index) + rest.slice(last.index + last[0].length);
    if (outside.trim() !== '') return 'text-outside';
  }
  return undefined;
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let index = text.indexOf(needle); index >= 0; index = text.indexOf(needle, index + needle.length)) count++;
  return count;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
