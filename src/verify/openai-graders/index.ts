export { createOpenAIGraderVerifier, OPENAI_GRADER_DESCRIPTION } from './openai-grader-verifier.js';
export { parseGraderConfig, SUPPORTED_GRADER_TYPES, type GraderConfig } from './grader-config.js';
export { compileFormula, FORMULA_FUNCTIONS } from './formula.js';
export { fuzzyRatio } from './fuzzy-ratio.js';
