import { z } from 'zod';
import { describeIssues } from '../verify/describe-issues.js';
import type { Proposal } from './proposal.js';

export type ProposalParse = { proposal: Proposal } | { error: string };

const codeTestsSchema = z.object({
  language: z.enum(['python', 'javascript', 'typescript']),
  cases: z.array(z.object({ input: z.string(), output: z.string() })).optional(),
  asserts: z.array(z.string()).optional(),
  timeoutMs: z.number().int().positive().max(10_000).optional(),
});

const text = z.string().trim().min(1);
/** Numbers are accepted for answers (`"answer": 42`) because JSON writers produce them naturally. */
const answerText = z.union([text, z.number().finite().transform(String)]);

const proposalSchema = z.object({
  statement: text.max(4_000),
  family: text.max(64).optional(),
  answer: answerText.optional(),
  tests: codeTestsSchema.optional(),
  solution: text.max(20_000).optional(),
  verifier: text.max(64).optional(),
});

const JSON_FENCE = /```(?:json)?[ \t]*\n([\s\S]*?)\n[ \t]*```/g;
const TAG_NAMES = ['problem', 'answer', 'tests', 'solution', 'family'] as const;

/**
 * One proposal from a model's response, in either documented form (see src/expand/README.md):
 * a JSON object (bare or in a ```json fence; the last fence wins) or the compact tagged form
 * `<problem>…</problem><answer>…</answer>` the embedded model writes. Strict: a missing or
 * malformed part is an error naming it, never a guess.
 */
export function parseProposal(response: string): ProposalParse {
  const trimmed = response.trim();
  if (!trimmed) return { error: 'the response is empty' };
  if (/<problem>/.test(trimmed)) return parseTagged(trimmed);
  const json = lastJsonCandidate(trimmed);
  if (json === undefined) return { error: 'no JSON object and no <problem> tag in the response' };
  return proposalFromJson(json);
}

/**
 * Several proposals from one response (document extraction): a JSON array, several JSON objects
 * in fences, or several tagged `<problem>` blocks. Each entry is parsed on its own.
 */
export function parseProposals(response: string): ProposalParse[] {
  const trimmed = response.trim();
  if (/<problem>/.test(trimmed)) {
    const blocks = trimmed.split(/(?=<problem>)/).filter((block) => block.includes('<problem>'));
    return blocks.map(parseTagged);
  }
  const fenced = [...trimmed.matchAll(JSON_FENCE)].map((match) => match[1]!);
  const candidates = fenced.length > 0 ? fenced : [trimmed];
  return candidates.flatMap((candidate) => {
    const value = safeJson(candidate);
    if (value === undefined) return [{ error: 'a block is not valid JSON' }];
    return Array.isArray(value) ? value.map(proposalFromValue) : [proposalFromValue(value)];
  });
}

function parseTagged(text: string): ProposalParse {
  const parts: Partial<Record<(typeof TAG_NAMES)[number], string>> = {};
  for (const name of TAG_NAMES) {
    const matches = [...text.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))];
    if (matches.length > 1) return { error: `<${name}> appears ${matches.length} times; one proposal has one` };
    if (matches.length === 1) parts[name] = matches[0]![1]!.trim();
    else if (text.includes(`<${name}>`)) return { error: `<${name}> is not closed` };
  }
  let tests: unknown;
  if (parts.tests !== undefined) {
    tests = safeJson(parts.tests);
    if (tests === undefined) return { error: '<tests> is not valid JSON' };
  }
  return proposalFromValue({
    statement: parts.problem,
    ...(parts.answer !== undefined ? { answer: parts.answer } : {}),
    ...(tests !== undefined ? { tests } : {}),
    ...(parts.solution !== undefined ? { solution: parts.solution } : {}),
    ...(parts.family !== undefined ? { family: parts.family } : {}),
  });
}

function proposalFromJson(json: string): ProposalParse {
  const value = safeJson(json);
  if (value === undefined) return { error: 'the JSON is malformed' };
  return proposalFromValue(value);
}

function proposalFromValue(value: unknown): ProposalParse {
  const parsed = proposalSchema.safeParse(value);
  if (!parsed.success) return { error: describeIssues(parsed.error.issues) };
  const proposal = parsed.data;
  if (proposal.answer === undefined && proposal.tests === undefined) return { error: 'the proposal has neither "answer" nor "tests": nothing to verify against' };
  if (proposal.tests && !proposal.tests.cases?.length && !proposal.tests.asserts?.length) return { error: '"tests" has no cases and no asserts' };
  if (proposal.tests && proposal.solution === undefined) return { error: 'a code problem needs a reference "solution" (a program that passes its tests)' };
  return { proposal: Object.fromEntries(Object.entries(proposal).filter(([, part]) => part !== undefined)) as unknown as Proposal };
}

/** The last ```json fence, else the outermost {...} of the text. */
function lastJsonCandidate(text: string): string | undefined {
  const fenced = [...text.matchAll(JSON_FENCE)].at(-1);
  if (fenced) return fenced[1]!;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
