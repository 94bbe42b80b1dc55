const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

export interface ListAnswerOptions {
  caseSensitive?: boolean;
  /** Other spellings accepted verbatim (e.g. the compact answer the embedded model writes). */
  alternatives?: readonly string[];
}

/**
 * A `match` verifier config (regex mode) accepting a comma-separated answer with optional spaces
 * around commas and `=` signs and optional square brackets: `1,2,3`, `1, 2, 3` and `[1, 2, 3]` all
 * pass, while `12,3` does not (normalized mode would strip the commas and accept it).
 */
export function listAnswerConfig(items: readonly string[], options: ListAnswerOptions = {}): Record<string, unknown> {
  const item = (text: string) => text.split('=').map(escapeRegex).join('\\s*=\\s*');
  const list = `\\[?\\s*${items.map(item).join('\\s*,\\s*')}\\s*\\]?`;
  const pattern = [list, ...(options.alternatives ?? []).map(escapeRegex)].map((branch) => `(?:${branch})`).join('|');
  // The pattern is linear, so a generous watchdog only guards against a machine under load.
  return { mode: 'regex', pattern, flags: options.caseSensitive === false ? 'i' : '', timeoutMs: 1000 };
}
