export { createFormatVerifier, findFormatProblem, formatConfigSchema, judgeFormat, FORMAT_DESCRIPTION, type FormatConfig, type FormatProblem } from './format-verifier.js';
