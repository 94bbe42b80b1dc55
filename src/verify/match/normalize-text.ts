import type { NormalizedConfig } from './match-config.js';

export type NormalizeOptions = Pick<NormalizedConfig, 'caseSensitive' | 'collapseWhitespace' | 'stripPunctuation' | 'removeArticles' | 'unicode'>;

const PUNCTUATION = /\p{P}/gu;
const ARTICLES = /(?<![\p{L}\p{N}])(?:a|an|the)(?![\p{L}\p{N}])/giu;
const WHITESPACE = /\s+/gu;

/**
 * Text normalized for comparison, SQuAD-style when every option is on: Unicode compatibility
 * form, lower case, punctuation removed, articles optionally removed, runs of white space as one
 * space. Punctuation removal also joins what it separated ("3.14" → "314", "U.S." → "us"): use numeric mode for numbers.
 */
export function normalizeText(text: string, options: NormalizeOptions): string {
  let normalized = options.unicode === 'none' ? text : text.normalize(options.unicode);
  if (!options.caseSensitive) normalized = normalized.toLowerCase();
  if (options.stripPunctuation) normalized = normalized.replace(PUNCTUATION, '');
  if (options.removeArticles) normalized = normalized.replace(ARTICLES, ' ');
  if (options.collapseWhitespace) normalized = normalized.replace(WHITESPACE, ' ');
  return normalized.trim();
}
