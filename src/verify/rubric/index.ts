export { createRubricVerifier, rubricConfigSchema, RUBRIC_DESCRIPTION, type RubricComponent, type RubricConfig, type RubricOptions } from './rubric-verifier.js';
