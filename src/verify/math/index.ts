export { createMathVerifier } from './math-verifier.js';
export { mathConfigSchema, MATH_DEFAULTS, type MathConfig, type MathOptions } from './math-options.js';
export { extractAnswer, boxedContents, type Extraction, type ExtractionMethod } from './extract-answer.js';
export { normalize, type NormalizedAnswer, type NormalizeOptions, type CommaRule } from './normalize.js';
export { parseStructure, type AnswerNode } from './structure.js';
export { isEquivalent, type Equivalence, type EquivalenceOptions, type ScalarFallback } from './is-equivalent.js';
export { compareScalars, type ScalarComparison, type ScalarOptions } from './compare-scalars.js';
export { parseExpression, type Expression } from './expression.js';
