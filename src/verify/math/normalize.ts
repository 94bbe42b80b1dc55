import { isUnit, stripUnits } from './units.js';

/** An answer rewritten to a canonical LaTeX-like spelling, with what the rewriting removed. */
export interface NormalizedAnswer {
  /** Canonical text (single spaces; `\{ \}` kept; relations as `= < > ≤ ≥ ≠`; `\cup` as `∪`). */
  text: string;
  /** A percent sign was removed: the number is in percent. */
  percent: boolean;
  /** A connective (`or`, `and`) joined several answers; it is replaced by a comma. */
  connective: boolean;
  /** Words that are neither units nor connectives: the answer contains prose. */
  prose: string[];
}

/**
 * How to read a comma between digits when the whole answer is one number:
 * - `thousands`: `1,234,567` is one number, `1,5` is a list (ground truths: authors write `.`);
 * - `thousands-or-decimal`: also `1,5` → 1.5 (answers, when the ground truth is a single value);
 * - `separator`: every comma separates items (answers, when the ground truth is a list, tuple, …).
 */
export type CommaRule = 'thousands' | 'thousands-or-decimal' | 'separator';

export interface NormalizeOptions {
  commas?: CommaRule;
}

const UNICODE: [RegExp, string][] = [
  [/π/g, '\\pi '],
  [/∞/g, '\\infty '],
  [/√/g, '\\sqrt '],
  [/[×✕]/g, '\\times '],
  [/[·⋅]/g, '\\cdot '],
  [/÷/g, '\\div '],
  [/[−–—]/g, '-'],
  [/±/g, '\\pm '],
  [/∪/g, '\\cup '],
  [/∅/g, '\\emptyset '],
];

const RELATIONS: [RegExp, string][] = [
  [/\\(?:leqslant|leq|le)(?![a-zA-Z])|<=/g, '≤'],
  [/\\(?:geqslant|geq|ge)(?![a-zA-Z])|>=/g, '≥'],
  [/\\(?:neq|ne)(?![a-zA-Z])|!=/g, '≠'],
  [/\\lt(?![a-zA-Z])/g, '<'],
  [/\\gt(?![a-zA-Z])/g, '>'],
  [/\\cup(?![a-zA-Z])/g, '∪'],
  [/\\(?:lor|vee)(?![a-zA-Z])/g, ' \\text{or} '],
  [/\\(?:land|wedge)(?![a-zA-Z])/g, ' \\text{and} '],
];

const TEXT_MACROS = /\\(?:text|textbf|textit|textrm|textnormal|mathrm|mathbf|mathit|mathsf|mbox|boldsymbol)\s*\{([^{}]*)\}(\s*\^\s*\{?\s*[23]\s*\}?)?/g;
const CONNECTIVES = new Set(['or', 'and', 'or equivalently']);

/** Rewrites one extracted answer (or a ground truth) to canonical form; see the README table for every rule. */
export function normalize(raw: string, options: NormalizeOptions = {}): NormalizedAnswer {
  const state: NormalizedAnswer = { text: raw, percent: false, connective: false, prose: [] };
  let text = stripDelimiters(raw.trim());
  for (const [pattern, replacement] of UNICODE) text = text.replace(pattern, replacement);
  text = rewriteCommands(text);
  text = text.replace(/(\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|°|\\degree)/g, ' ');
  if (/\\%|%/.test(text)) {
    state.percent = true;
    text = text.replace(/\\?%/g, ' ');
  }
  for (const [pattern, replacement] of RELATIONS) text = text.replace(pattern, replacement);
  text = unwrapTextMacros(text, state);
  text = text.replace(/\\\$|\$/g, ' ');
  text = text.replace(/\s+/g, ' ').trim().replace(/[.;]+$/, '').trim();
  text = stripMembership(text);
  text = normalizeNumber(text, options.commas ?? 'thousands', state);
  state.text = text.replace(/\s+/g, ' ').trim();
  return state;
}

function stripDelimiters(text: string): string {
  for (;;) {
    const match = /^(?:\$\$([\s\S]*)\$\$|\$([\s\S]*)\$|\\\(([\s\S]*)\\\)|\\\[([\s\S]*)\\\])$/.exec(text);
    if (!match) return text;
    text = (match[1] ?? match[2] ?? match[3] ?? match[4]!).trim();
  }
}

function rewriteCommands(text: string): string {
  return text
    .replace(/\\[dtc]frac(?![a-zA-Z])/g, '\\frac')
    .replace(/\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|Bigg)(?![a-zA-Z])\s*(\.)?/g, '')
    .replace(/\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits)(?![a-zA-Z])/g, '')
    .replace(/(\d)\s*(?:\\[,!;:]|\{,\})\s*(?=\d)/g, (whole, digit: string) => (whole.includes('{,}') ? `${digit}.` : digit))
    .replace(/\\(?:[,!;:>]|quad|qquad)(?![a-zA-Z])|\\ |~/g, ' ')
    .replace(/\\(?:mathbb|mathcal|mathfrak)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\\varnothing|\\emptyset|\\\{\s*\\\}/g, '\\emptyset');
}

/** `\text{cm}` goes, `\text{ or }` becomes a comma and marks a hedge, other words are kept as prose. */
function unwrapTextMacros(text: string, state: NormalizedAnswer): string {
  return text.replace(TEXT_MACROS, (_whole, content: string, power: string | undefined) => {
    const words = content.trim();
    if (isUnit(words)) return ' ';
    if (power) return ` ${unwrapTextMacros(`\\text{${content}}`, state)}${power} `;
    if (words === '') return ' ';
    if (CONNECTIVES.has(words.toLowerCase())) {
      state.connective = true;
      return ' , ';
    }
    if (/^\(?[A-Za-z]\)?$/.test(words) || /^[^A-Za-z]*$/.test(words)) return ` ${words} `;
    state.prose.push(words);
    return ` \\text{${words}} `;
  });
}

/** `x \in [1, 2]` answers the question "which x"; the interval is the answer. */
function stripMembership(text: string): string {
  return text.replace(/^[a-zA-Z]\s*\\in\s+/, '');
}

/**
 * Number-level rules: currency and units around a number, plain-text `or`, thousands separators
 * (`1,234,567`, `1 234`) and the decimal comma (`1,5` → 1.5) as the comma rule allows.
 */
function normalizeNumber(text: string, commas: CommaRule, state: NormalizedAnswer): string {
  if (/(^|\s)(or|and)(\s|$)/i.test(text) && !/\\text/.test(text)) {
    state.connective = true;
    text = text.replace(/\s+(?:or|and)\s+/gi, ' , ');
  }
  text = stripUnits(text).text;
  if (/^[-+]?\d{1,3}( \d{3})+(\.\d+)?$/.test(text)) text = text.replace(/ /g, '');
  if (commas === 'separator') return text;
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return text.replace(/,/g, '');
  if (commas === 'thousands-or-decimal' && /^[-+]?\d+,\d+$/.test(text)) return text.replace(',', '.');
  return text;
}
