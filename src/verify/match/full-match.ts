import vm from 'node:vm';

/**
 * Regex full matches, guarded twice against catastrophic backtracking:
 * 1. patterns with a repeated group that itself repeats (`(a+)+`, `(\w*)*`, `(?:x{2,})*`) are
 *    rejected when the config is read: they are the classic exponential case;
 * 2. every match runs in a `node:vm` context with a timeout, which interrupts V8's backtracking
 *    engine even for the slow patterns the first check misses (overlapping alternations such as
 *    `(a|a)*`). The watchdog costs about 0.2 ms per match, the price of a hard bound.
 * The answer's length is capped before matching (config `maxAnswerChars`).
 */
const sandbox = vm.createContext(Object.create(null) as Record<string, unknown>);
const matchScript = new vm.Script('pattern.lastIndex = 0; pattern.test(subject)');
const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 256;

/** Full match: the whole subject, whatever the flags (`m` does not turn `$` into "end of a line" here). */
export function compileFullMatch(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let regex = compiled.get(key);
  if (!regex) {
    try {
      regex = new RegExp(`(?:${pattern})(?![\\s\\S])`, `${flags}y`);
    } catch (error) {
      throw new Error(`invalid regex /${pattern}/${flags}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, regex);
  }
  return regex;
}

export type FullMatchResult = 'match' | 'no-match' | 'timeout';

export function fullMatch(regex: RegExp, subject: string, timeoutMs: number): FullMatchResult {
  sandbox.pattern = regex;
  sandbox.subject = subject;
  try {
    return matchScript.runInContext(sandbox, { timeout: timeoutMs }) ? 'match' : 'no-match';
  } catch (error) {
    // The error comes from the sandbox's realm, so it is not an instance of this realm's Error.
    if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timeout';
    throw error;
  } finally {
    sandbox.subject = undefined;
  }
}

/** Throws when a repeated group contains a repeating quantifier (star height above one). */
export function assertSafePattern(pattern: string): void {
  const groupRepeats: boolean[] = [];
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index]!;
    if (char === '\\') {
      index += 2;
      continue;
    }
    if (char === '[') {
      index = endOfClass(pattern, index);
      continue;
    }
    if (char === '(') {
      groupRepeats.push(false);
      index++;
      continue;
    }
    if (char === ')') {
      const innerRepeats = groupRepeats.pop() ?? false;
      const quantifier = repeatingQuantifierAt(pattern, index + 1);
      if (innerRepeats && quantifier) {
        throw new Error(`unsafe regex: a repeated group contains a repeat ("${pattern.slice(0, index + 1 + quantifier)}"), which can backtrack exponentially; rewrite it without nesting quantifiers`);
      }
      if (groupRepeats.length > 0 && (innerRepeats || quantifier)) groupRepeats[groupRepeats.length - 1] = true;
      index += 1 + quantifier;
      continue;
    }
    const quantifier = repeatingQuantifierAt(pattern, index);
    if (quantifier && groupRepeats.length > 0) groupRepeats[groupRepeats.length - 1] = true;
    index += Math.max(1, quantifier);
  }
}

function endOfClass(pattern: string, open: number): number {
  let index = open + 1;
  if (pattern[index] === '^') index++;
  if (pattern[index] === ']') index++;
  while (index < pattern.length && pattern[index] !== ']') index += pattern[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** Length of a quantifier that repeats (`*`, `+`, `{n,}`, `{n,m}` with m > 1) at `index`, else 0. */
function repeatingQuantifierAt(pattern: string, index: number): number {
  const char = pattern[index];
  if (char === '*' || char === '+') return 1;
  if (char !== '{') return 0;
  const braces = /^\{(\d*)(,(\d*))?\}/.exec(pattern.slice(index, index + 24));
  if (!braces) return 0;
  const [text, low, comma, high] = braces;
  const repeats = comma ? high === '' || Number(high) > 1 : Number(low) > 1;
  return repeats ? text.length : 0;
}
