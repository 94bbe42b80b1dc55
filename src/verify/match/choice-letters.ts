import { extractAnswer } from '../extract-answer.js';

/** Where the chosen letters were read. */
export type ChoiceSource = 'answer-tag' | 'boxed' | 'answer-phrase' | 'last-line';

export interface ChosenLetters {
  /** Distinct letters, upper case, in the order written; more than one means the response hedged. */
  letters: string[];
  source: ChoiceSource;
}

const CUE = /\b(?:answer|choice|option)\s*(?:is|:|=)\s*:?\s*(?:(?:option|choice)\s+)?/gi;
const LATEX_TEXT = /\\(?:text|textbf|mathrm|mathbf)\{([^{}]*)\}/g;
const SEPARATOR = /\s*(?:,|;|\/|&|\+|\band\b|\bor\b)?\s*/y;

/**
 * The letters a response chose among `allowed`:
 * - inside the final `<answer>` block or `\boxed{}`: every standalone letter counts, so
 *   "<answer>A or C</answer>" chose two;
 * - otherwise after the last "answer is" / "answer:" / "option is" phrase followed by letters, the
 *   list of letters it starts with ("The answer is (B) because…" chose B; "…is A and C" chose two);
 * - otherwise the list the last non-empty line starts with ("**B**", "B) Paris", "(C)").
 * Accepted spellings: B, (B), B), [B], **B**, \text{B}; lower case only in brackets ("(b)").
 */
export function chosenLetters(response: string, allowed: string): ChosenLetters {
  const extracted = extractAnswer(response);
  if (extracted.source !== 'response') {
    return { letters: allLetters(clean(extracted.text), allowed), source: extracted.source };
  }
  const cues = [...response.matchAll(CUE)];
  for (let index = cues.length - 1; index >= 0; index--) {
    const cue = cues[index]!;
    const rest = clean(response.slice(cue.index + cue[0].length).split('\n', 1)[0]!);
    const letters = leadingLetters(rest, allowed);
    if (letters.length > 0) return { letters: withHedges(letters, rest, allowed), source: 'answer-phrase' };
  }
  const lastLine = clean(response.trimEnd().split('\n').pop() ?? '');
  return { letters: withHedges(leadingLetters(lastLine, allowed), lastLine, allowed), source: 'last-line' };
}

/**
 * "The answer is A, or maybe B": when the sentence that states the letters also says "or",
 * "either" or "/", every letter in it counts, so a hedge cannot hide behind the first letter.
 */
function withHedges(letters: string[], text: string, allowed: string): string[] {
  if (letters.length === 0) return letters;
  const sentence = text.split(/[.!?](?:\s|$)/, 1)[0]!;
  if (!/\bor\b|\beither\b|\//i.test(sentence)) return letters;
  return [...new Set([...letters, ...allLetters(sentence, allowed)])];
}

/** The single letter a ground truth names ("B", "(B)", "B) Paris"), or undefined when it names none or several. */
export function expectedLetter(answer: string, allowed: string): string | undefined {
  const letters = leadingLetters(clean(answer), allowed);
  return letters.length === 1 ? letters[0] : undefined;
}

function clean(text: string): string {
  return text.replace(LATEX_TEXT, '$1').replace(/[*`$]/g, '').trim();
}

/** Reads one letter at `index`: B, (B), [B], (b), [b]; "I" before a lower-case word is the pronoun. */
function letterAt(text: string, index: number): { letter: string; end: number } | undefined {
  const bracketed = /[([]([A-Za-z])[)\]]/y;
  bracketed.lastIndex = index;
  const inBrackets = bracketed.exec(text);
  if (inBrackets) return { letter: inBrackets[1]!.toUpperCase(), end: bracketed.lastIndex };
  const bare = /([A-Z])(?![\p{L}\p{N}])/uy;
  bare.lastIndex = index;
  const plain = bare.exec(text);
  if (!plain) return undefined;
  if (plain[1] === 'I' && /^\s+(?!(?:and|or|nor)\b)[a-z]/.test(text.slice(bare.lastIndex))) return undefined;
  return { letter: plain[1]!, end: bare.lastIndex };
}

function leadingLetters(text: string, allowed: string): string[] {
  const letters: string[] = [];
  let index = 0;
  for (;;) {
    const found = letterAt(text, index);
    if (!found || !allowed.includes(found.letter)) break;
    if (!letters.includes(found.letter)) letters.push(found.letter);
    index = found.end;
    if (text[index] === ')' || text[index] === ':') index++;
    if (text[index] === '.') {
      // A full stop ends the list ("B. A is wrong…") unless a conjunction follows ("A. or C").
      if (!/^\.\s*(?:,|;|\/|&|\+|and\b|or\b)/.test(text.slice(index))) break;
      index++;
    }
    SEPARATOR.lastIndex = index;
    SEPARATOR.exec(text);
    index = SEPARATOR.lastIndex;
  }
  return letters;
}

function allLetters(text: string, allowed: string): string[] {
  if (/^[a-z]$/.test(text)) return allowed.includes(text.toUpperCase()) ? [text.toUpperCase()] : [];
  const letters: string[] = [];
  for (let index = 0; index < text.length; index++) {
    if (index > 0 && /[\p{L}\p{N}]/u.test(text[index - 1]!)) continue;
    const found = letterAt(text, index);
    if (!found || !allowed.includes(found.letter)) continue;
    if (!letters.includes(found.letter)) letters.push(found.letter);
    index = found.end - 1;
  }
  return letters;
}
