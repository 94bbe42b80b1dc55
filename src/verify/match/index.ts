export { createMatchVerifier, judgeMatch, MATCH_DESCRIPTION } from './match-verifier.js';
export { matchConfigSchema, parseMatchConfig, type MatchConfig, type MatchMode } from './match-config.js';
