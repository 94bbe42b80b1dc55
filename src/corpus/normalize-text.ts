import * as crypto from 'node:crypto';

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const WHITESPACE_RUN = /\s+/g;
/** Two whitespace characters in a row, or one that is not a plain space. */
const NEEDS_COLLAPSING = /\s\s|[^\S ]/;

/**
 * The form two prompts are compared in: Unicode NFKC (full-width digits, ligatures and the like
 * fold to their plain forms), lower case, runs of whitespace collapsed to one space, trimmed.
 */
export function normalizeText(text: string): string {
  const folded = (ASCII_ONLY.test(text) ? text : text.normalize('NFKC')).toLowerCase();
  // Most prompts are already single-spaced; replacing every space with itself would copy them.
  return (NEEDS_COLLAPSING.test(folded) ? folded.replace(WHITESPACE_RUN, ' ') : folded).trim();
}

// crypto.hash (one call, no Hash object) arrived in Node 20.12; older 20.x falls back.
const sha1Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha1', text) : (text) => crypto.createHash('sha1').update(text).digest('hex');

/** Exact-duplicate key of a prompt: SHA-1 of its normalized text, hex. */
export function normalizedHash(text: string): string {
  return sha1Hex(normalizeText(text));
}
