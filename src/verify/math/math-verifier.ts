import { failed, succeeded, type Judgement } from '../../core/verdict.js';
import type { Verifier, VerifyContext, VerifyInput } from '../../core/verifier.js';
import { createConfigParser, mergeConfig } from '../config-error.js';
import { CasCrashError, CasPool, CasTimeoutError } from './cas-pool.js';
import type { ScalarComparison } from './compare-scalars.js';
import { compact } from './compare-scalars.js';
import { extractAnswer, type Extraction } from './extract-answer.js';
import { isEquivalent, type EquivalenceOptions } from './is-equivalent.js';
import { AbsurdAnswerError, checkComputerAlgebraText, checkTextLimits, type TextLimits } from './limits.js';
import { MATH_DEFAULTS, mathConfigSchema, type MathConfig, type MathOptions } from './math-options.js';
import { normalize, type NormalizedAnswer } from './normalize.js';
import { expandPlusMinus, hasPlusMinus } from './plus-minus.js';
import { parseStructure, type AnswerNode } from './structure.js';

interface GroundTruth {
  normalized: NormalizedAnswer;
  node: AnswerNode;
  /** `50\%` also accepts 0.5: the fractional reading of a percentage. */
  fraction?: AnswerNode;
}

/** What one candidate answer was judged to be. */
interface CandidateVerdict {
  reason: 'correct' | 'wrong' | 'hedged' | 'no-answer';
  method: string;
  normalized: string;
}

const GROUND_TRUTH_CACHE_SIZE = 2_000;

/**
 * The `math` verifier: extracts the final answer of a free-form response, normalizes it and the
 * ground truth, and decides equivalence with exact rules first, floating-point and random-point
 * checks next, and the compute engine (in worker threads that are killed on overrun) last.
 * Reasons: correct, wrong, no-answer, hedged, invalid (absurd or unreadable), invalid-input (bad
 * ground truth), timeout. details: {extracted, normalized, method, source}.
 */
export function createMathVerifier(options: MathOptions = {}): Verifier {
  const settings = { ...MATH_DEFAULTS, ...options };
  const parseConfig = createConfigParser('math', mathConfigSchema);
  const defaultConfig = parseConfig(options.config ?? {});
  const limits: TextLimits = { maxAnswerChars: settings.maxAnswerChars, maxNesting: settings.maxNesting };
  const groundTruths = new Map<string, GroundTruth>();
  let pool: CasPool | undefined;
  const casPool = () => (pool ??= new CasPool({ workers: settings.workers, timeoutMs: settings.casTimeoutMs, memoryMb: settings.casMemoryMb }));

  const groundTruthOf = (answer: string): GroundTruth => {
    let known = groundTruths.get(answer);
    if (!known) {
      checkTextLimits(answer, limits);
      known = readGroundTruth(answer);
      if (groundTruths.size >= GROUND_TRUTH_CACHE_SIZE) groundTruths.delete(groundTruths.keys().next().value!);
      groundTruths.set(answer, known);
    }
    return known;
  };

  return {
    name: 'math',
    description: 'Mathematical answers (numbers, fractions, expressions, sets, intervals, tuples, matrices, equations) against a ground truth, strictly.',
    async verify(input: VerifyInput, context: VerifyContext): Promise<Judgement> {
      const config = input.config ? parseConfig(mergeConfig(options.config, input.config)) : defaultConfig;
      if (input.answer === undefined || input.answer.trim() === '') return failed('invalid-input', { message: 'the math verifier needs a ground-truth answer' });
      if (input.response.length > settings.maxResponseChars) {
        return failed('invalid', { message: `response has ${input.response.length} characters, more than the limit of ${settings.maxResponseChars}` });
      }
      let truth: GroundTruth;
      try {
        truth = groundTruthOf(input.answer);
      } catch (error) {
        if (AbsurdAnswerError.isInstance(error)) return failed('invalid-input', { message: `ground truth: ${error.message}` });
        throw error;
      }
      const extraction = extractAnswer(input.response);
      if (!extraction) return failed('no-answer', { method: 'extraction' });
      const comparison: EquivalenceOptions = { ...config, fallback: config.symbolic ? casFallback(casPool, config, context) : undefined };
      try {
        return await judgeExtraction(truth, extraction, comparison, limits);
      } catch (error) {
        const details = { extracted: extraction.text, source: extraction.method, message: error instanceof Error ? error.message : String(error) };
        if (AbsurdAnswerError.isInstance(error) || error instanceof CasCrashError) return failed('invalid', details);
        if (error instanceof CasTimeoutError) return failed('timeout', details);
        throw error;
      }
    },
    async close() {
      await pool?.close();
      pool = undefined;
    },
  };
}

function readGroundTruth(answer: string): GroundTruth {
  const normalized = normalize(answer, { commas: 'thousands' });
  const node = expandIfPlusMinus(parseStructure(normalized.text));
  const fraction = normalized.percent && node.kind === 'scalar' ? ({ kind: 'scalar', text: `\\frac{${node.text}}{100}` } as const) : undefined;
  return { normalized, node, fraction };
}

/** Several candidates (all `\boxed{}` of a response) must all be right; disagreeing ones are a hedge. */
async function judgeExtraction(truth: GroundTruth, extraction: Extraction, options: EquivalenceOptions, limits: TextLimits): Promise<Judgement> {
  const distinct = [...new Map(extraction.candidates.map((candidate) => [compact(candidate), candidate])).values()];
  for (const candidate of distinct) checkTextLimits(candidate, limits);
  const verdicts: CandidateVerdict[] = [];
  for (const candidate of distinct) verdicts.push(await judgeCandidate(truth, candidate, options));
  const final = verdicts[verdicts.length - 1]!;
  const details = { extracted: extraction.text, normalized: final.normalized, method: final.method, source: extraction.method };
  if (verdicts.length > 1 && verdicts.some((verdict) => verdict.reason !== 'correct')) {
    return failed('hedged', { ...details, method: 'disagreeing-candidates', candidates: distinct });
  }
  return final.reason === 'correct' ? succeeded(details) : failed(final.reason, details);
}

async function judgeCandidate(truth: GroundTruth, candidate: string, options: EquivalenceOptions): Promise<CandidateVerdict> {
  const commas = truth.node.kind === 'scalar' ? 'thousands-or-decimal' : 'separator';
  const answer = normalize(candidate, { commas });
  const normalized = answer.text;
  if (normalized === '') return { reason: 'no-answer', method: 'empty', normalized };
  if (answer.connective && !truth.normalized.connective) return { reason: 'hedged', method: 'connective', normalized };
  if (hasPlusMinus(normalized) && !hasPlusMinus(truth.normalized.text) && !isCollection(truth.node)) return { reason: 'hedged', method: 'plus-minus', normalized };
  const node = expandIfPlusMinus(parseStructure(normalized));
  if (node.kind === 'list' && (truth.node.kind === 'scalar' || truth.node.kind === 'relation')) return { reason: 'hedged', method: 'several-values', normalized };
  if (node.kind === 'text' && truth.node.kind !== 'text') return { reason: 'wrong', method: 'prose', normalized };
  const equivalence = await isEquivalent(truth.node, node, options);
  if (equivalence.equal) return { reason: 'correct', method: equivalence.method, normalized };
  if (truth.fraction && node.kind === 'scalar' && !answer.percent) {
    const asFraction = await isEquivalent(truth.fraction, node, options);
    if (asFraction.equal) return { reason: 'correct', method: `percent-as-fraction:${asFraction.method}`, normalized };
  }
  return { reason: 'wrong', method: equivalence.method, normalized };
}

const isCollection = (node: AnswerNode): boolean => node.kind === 'list' || node.kind === 'set';

function expandIfPlusMinus(node: AnswerNode): AnswerNode {
  return node.kind === 'scalar' && hasPlusMinus(node.text) ? { kind: 'list', items: expandPlusMinus(node.text).map((text) => ({ kind: 'scalar', text })) } : node;
}

function casFallback(pool: () => CasPool, config: MathConfig, context: VerifyContext) {
  return async (expected: string, actual: string): Promise<ScalarComparison> => {
    checkComputerAlgebraText(actual);
    const response = await pool().compare({ expected, actual, tolerance: config.tolerance, randomPoints: config.randomPoints, seed: config.seed }, context.deadline, context.signal);
    return { equal: response.equal === true, method: response.method };
  };
}
