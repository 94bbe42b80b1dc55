/**
 * The shape of an answer, read from its normalized text before any algebra: a single value, a
 * relation, an unordered list, a set, a delimited sequence (tuple or interval), a union of
 * those, a matrix, or prose.
 */
export type AnswerNode =
  | { kind: 'scalar'; text: string }
  | { kind: 'relation'; parts: AnswerNode[]; operators: RelationOperator[] }
  | { kind: 'list'; items: AnswerNode[] }
  | { kind: 'set'; items: AnswerNode[] }
  | { kind: 'sequence'; open: '(' | '['; close: ')' | ']'; items: AnswerNode[] }
  | { kind: 'union'; items: AnswerNode[] }
  | { kind: 'matrix'; rows: AnswerNode[][] }
  | { kind: 'text'; text: string };

export type RelationOperator = '=' | '<' | '≤' | '≠';

const SET_OPEN = '⦃';
const SET_CLOSE = '⦄';
const FLIPPED: Record<string, RelationOperator> = { '>': '<', '≥': '≤' };
/** `vmatrix` is a determinant (a number), so it is not read as a matrix. */
const MATRIX = /^\\begin\{([pbB]?matrix|array)\}(?:\{[^{}]*\})?([\s\S]*)\\end\{\1\}$/;

export function parseStructure(normalized: string): AnswerNode {
  return parseNode(normalized.replace(/\\\{/g, SET_OPEN).replace(/\\\}/g, SET_CLOSE).trim());
}

function parseNode(text: string): AnswerNode {
  if (/\\text\{/.test(text)) return { kind: 'text', text: text.replace(/\\text\{([^{}]*)\}/g, '$1').replace(/\s+/g, ' ').trim().toLowerCase() };
  if (text === '\\emptyset') return { kind: 'set', items: [] };
  if (isWord(text)) return { kind: 'text', text: text.toLowerCase() };
  const commaParts = splitTopLevel(text, ',');
  if (commaParts.length > 1) return { kind: 'list', items: commaParts.map(parseNode) };
  const unionParts = splitTopLevel(text, '∪');
  if (unionParts.length > 1) return { kind: 'union', items: unionParts.map(parseNode) };
  const relation = parseRelation(text);
  if (relation) return relation;
  const matrix = MATRIX.exec(text);
  if (matrix) return parseMatrix(matrix[2]!);
  if (text.startsWith(SET_OPEN) && closingIndex(text, 0) === text.length - 1) {
    const inner = text.slice(1, -1).trim();
    return { kind: 'set', items: inner === '' ? [] : splitTopLevel(inner, ',').map(parseNode) };
  }
  const sequence = parseSequence(text);
  if (sequence) return sequence;
  return { kind: 'scalar', text };
}

const FUNCTION_WORDS = /^(?:sqrt|sin|cos|tan|sec|csc|cot|arcsin|arccos|arctan|sinh|cosh|tanh|exp|log|ln|pi)$/i;

/**
 * Plain words of three letters or more (`Monday`, `yes`, `impossible`) are text, not a product
 * of variables: answers are far more often words than three-letter monomials.
 */
function isWord(text: string): boolean {
  return /^[A-Za-z]{3,}(?: [A-Za-z]+)*$/.test(text) && !text.split(' ').some((word) => FUNCTION_WORDS.test(word));
}

function parseRelation(text: string): AnswerNode | undefined {
  const pieces = splitRelations(text);
  if (pieces.length === 1) return undefined;
  const parts: string[] = [];
  const operators: string[] = [];
  pieces.forEach((piece, index) => (index % 2 === 0 ? parts : operators).push(piece));
  const flipped = operators.every((operator) => operator in FLIPPED);
  const ordered = flipped ? parts.reverse() : parts;
  const canonical = (flipped ? operators.reverse().map((operator) => FLIPPED[operator]!) : operators) as RelationOperator[];
  if (canonical.some((operator) => operator in FLIPPED)) return { kind: 'text', text };
  return { kind: 'relation', parts: ordered.map((part) => parseNode(part.trim())), operators: canonical };
}

/** Alternating [part, operator, part, …] at nesting depth 0. */
function splitRelations(text: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    depth += nestingChange(text, index);
    if (depth === 0 && '=<>≤≥≠'.includes(char)) {
      pieces.push(text.slice(start, index), char);
      start = index + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

function parseMatrix(body: string): AnswerNode {
  const rows = body
    .split(/\\\\/)
    .map((row) => row.trim())
    .filter((row) => row !== '' && row !== '\\hline')
    .map((row) => row.split('&').map((cell) => parseNode(cell.trim())));
  return { kind: 'matrix', rows };
}

/** `(a, b)`, `[a, b)`, `(-\infty, 3]`: a comma at depth 1 and the outer brackets enclosing everything. */
function parseSequence(text: string): AnswerNode | undefined {
  const open = text[0];
  const close = text[text.length - 1];
  if ((open !== '(' && open !== '[') || (close !== ')' && close !== ']')) return undefined;
  if (closingIndex(text, 0) !== text.length - 1) return undefined;
  const items = splitTopLevel(text.slice(1, -1), ',');
  if (items.length < 2) return undefined;
  return { kind: 'sequence', open, close, items: items.map((item) => parseNode(item.trim())) };
}

/** +1 at an opener, -1 at a closer (round and square brackets are interchangeable, for intervals). */
function nestingChange(text: string, index: number): number {
  const char = text[index]!;
  if (char === '(' || char === '[' || char === '{' || char === SET_OPEN) return 1;
  if (char === ')' || char === ']' || char === '}' || char === SET_CLOSE) return -1;
  if (text.startsWith('\\begin', index)) return 1;
  if (text.startsWith('\\end', index)) return -1;
  return 0;
}

function closingIndex(text: string, openIndex: number): number {
  let depth = 0;
  for (let index = openIndex; index < text.length; index++) {
    depth += nestingChange(text, index);
    if (depth === 0) return index;
  }
  return -1;
}

export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    depth += nestingChange(text, index);
    if (depth === 0 && text[index] === separator) {
      parts.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}
