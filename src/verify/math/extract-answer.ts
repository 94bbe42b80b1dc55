/** Which rule found the final answer, in precedence order. */
export type ExtractionMethod = 'answer-tag' | 'boxed' | 'answer-phrase' | 'math-block' | 'final-number';

export interface Extraction {
  /** The final answer's raw text. */
  text: string;
  method: ExtractionMethod;
  /**
   * Every candidate the winning rule found, when it can find several that must agree (all
   * `\boxed{}` of a response): a response that boxes different answers is hedging.
   */
  candidates: string[];
}

const BOX_COMMAND = /\\(?:boxed|fbox)\s*/g;
const ANSWER_PHRASE = /(?:final answer|the answer|answer)\s*(?:is|:|=)\s*:?\s*/gi;
const FINAL_NUMBER = /(-?\d[\d,]*(?:\.\d+)?|-?\.\d+)\s*[.!]?\s*$/;

/**
 * The final answer of a free-form response. Precedence (first rule that finds something wins):
 * 1. the last `<answer>…</answer>` block (project convention), its inner `\boxed{}` if it has one;
 * 2. `\boxed{…}` / `\fbox{…}` with nested braces; all of them are returned as candidates;
 * 3. the text after the last "final answer:" / "the answer is", up to the end of its sentence;
 * 4. the last display or inline math block (`$$…$$`, `\[…\]`, `\(…\)`, `$…$`);
 * 5. a number that ends the response.
 * Returns undefined when none applies.
 */
export function extractAnswer(response: string): Extraction | undefined {
  const tagged = lastAnswerTag(response);
  if (tagged !== undefined) {
    const inner = boxedContents(tagged);
    if (inner.length > 0) return { text: inner[inner.length - 1]!, method: 'answer-tag', candidates: inner };
    return { text: tagged.trim(), method: 'answer-tag', candidates: [tagged.trim()] };
  }
  const boxed = boxedContents(response);
  if (boxed.length > 0) return { text: boxed[boxed.length - 1]!, method: 'boxed', candidates: boxed };
  for (const rule of [answerPhrase, lastMathBlock, finalNumber]) {
    const found = rule(response);
    if (found) return found;
  }
  return undefined;
}

/** The last complete `<answer>…</answer>` block, found from the end (a lazy regex is quadratic on many unclosed tags). */
function lastAnswerTag(response: string): string | undefined {
  const close = response.lastIndexOf('</answer>');
  if (close < 0) return undefined;
  const open = response.lastIndexOf('<answer>', close);
  return open < 0 ? undefined : response.slice(open + '<answer>'.length, close);
}

/** Contents of every `\boxed{…}` and `\fbox{…}` in order; `\boxed 5` (no braces) takes one token. */
export function boxedContents(text: string): string[] {
  const contents: string[] = [];
  let closers: Int32Array | undefined;
  let endOfLastBox = 0;
  for (const match of text.matchAll(BOX_COMMAND)) {
    if (match.index < endOfLastBox) continue;
    const start = match.index + match[0].length;
    if (text[start] === '{') {
      closers ??= matchBraces(text);
      const close = closers[start]!;
      if (close < 0) continue;
      contents.push(unwrapBoxes(text.slice(start + 1, close).trim()));
      endOfLastBox = close + 1;
    } else {
      const token = /^[^\s$]+/.exec(text.slice(start, start + 200));
      if (token && match[0].endsWith(' ')) contents.push(token[0]);
    }
  }
  return contents;
}

/** `\boxed{\boxed{5}}` is one answer, 5. */
function unwrapBoxes(content: string): string {
  for (let level = 0; level < 4; level++) {
    const inner = /^\\(?:boxed|fbox)\s*\{([\s\S]*)\}$/.exec(content);
    if (!inner || matchBraces(content)[content.indexOf('{')] !== content.length - 1) return content;
    content = inner[1]!.trim();
  }
  return content;
}

/**
 * For each `{`, the index of its matching `}` (-1 when unclosed), in one pass: scanning from
 * every brace separately is quadratic on a response of a million unclosed `\boxed{`.
 */
function matchBraces(text: string): Int32Array {
  const closers = new Int32Array(text.length).fill(-1);
  const open: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') index++;
    else if (char === '{') open.push(index);
    else if (char === '}' && open.length > 0) closers[open.pop()!] = index;
  }
  return closers;
}

function answerPhrase(response: string): Extraction | undefined {
  let last: RegExpExecArray | undefined;
  for (const match of response.matchAll(ANSWER_PHRASE)) last = match;
  if (!last) return undefined;
  const rest = response.slice(last.index + last[0].length);
  const sentence = endOfSentence(rest).trim();
  return sentence ? { text: sentence, method: 'answer-phrase', candidates: [sentence] } : undefined;
}

/** Up to a line break or a period that ends a sentence (not a decimal point, not inside `$…$`). */
function endOfSentence(text: string): string {
  let inMath = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '$' && text[index - 1] !== '\\') inMath = !inMath;
    if (char === '\n' && !inMath) return text.slice(0, index);
    if (char === '.' && !inMath && !/\d/.test(text[index + 1] ?? '')) return text.slice(0, index);
  }
  return text;
}

function lastMathBlock(response: string): Extraction | undefined {
  const last = lastDelimitedMath(response)?.trim();
  return last ? { text: last, method: 'math-block', candidates: [last] } : undefined;
}

const MATH_DELIMITERS: [open: string, close: string][] = [
  ['$$', '$$'],
  ['\\[', '\\]'],
  ['\\(', '\\)'],
  ['$', '$'],
];

/**
 * Content of the last `$$…$$`, `\[…\]`, `\(…\)` or `$…$` block, in one left-to-right pass. Once
 * a delimiter has no closer, later openers of that kind are skipped, so unclosed delimiters
 * cannot make the scan quadratic.
 */
function lastDelimitedMath(text: string): string | undefined {
  let last: string | undefined;
  const unclosed = new Set<string>();
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char !== '$' && char !== '\\') {
      index++;
      continue;
    }
    if (char === '\\' && text[index + 1] === '$') {
      index += 2;
      continue;
    }
    const delimiter = MATH_DELIMITERS.find(([open]) => !unclosed.has(open) && text.startsWith(open, index));
    if (!delimiter) {
      index += char === '\\' ? 2 : 1;
      continue;
    }
    const [open, close] = delimiter;
    const closeAt = findCloser(text, close, index + open.length);
    if (closeAt < 0) {
      unclosed.add(open);
      index += open.length;
      continue;
    }
    last = text.slice(index + open.length, closeAt);
    index = closeAt + close.length;
  }
  return last;
}

function findCloser(text: string, close: string, from: number): number {
  let at = text.indexOf(close, from);
  while (close === '$' && at > 0 && text[at - 1] === '\\') at = text.indexOf(close, at + 1);
  return at;
}

function finalNumber(response: string): Extraction | undefined {
  const match = FINAL_NUMBER.exec(response.slice(-200));
  return match ? { text: match[1]!, method: 'final-number', candidates: [match[1]!] } : undefined;
}
