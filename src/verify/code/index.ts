export { createCodeVerifier, type CodeVerifierOptions } from './code-verifier.js';
export { normalizeCodeTests, type NormalizedTests } from './code-tests.js';
export { extractCode, type ExtractedCode } from './extract-code.js';
export { normalizeOutput, outputsMatch } from './compare-output.js';
