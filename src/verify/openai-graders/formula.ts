/**
 * Safe arithmetic for a multi grader's `calculate_output`: numbers, grader names, + − × ÷, `^`
 * (power, right-associative), parentheses, unary minus, and the functions min, max, abs, floor,
 * ceil, round, exp, sqrt, log (natural). Parsed once into a tree; nothing is ever handed to `eval`.
 */
export type Formula = (values: Readonly<Record<string, number>>) => number;

type Node =
  | { kind: 'number'; value: number }
  | { kind: 'name'; name: string }
  | { kind: 'unary'; operator: '-' | '+'; operand: Node }
  | { kind: 'binary'; operator: '+' | '-' | '*' | '/' | '^'; left: Node; right: Node }
  | { kind: 'call'; callee: string; args: Node[] };

const FUNCTIONS: Record<string, { arity: [number, number]; apply: (...args: number[]) => number }> = {
  min: { arity: [1, Infinity], apply: Math.min },
  max: { arity: [1, Infinity], apply: Math.max },
  abs: { arity: [1, 1], apply: Math.abs },
  floor: { arity: [1, 1], apply: Math.floor },
  ceil: { arity: [1, 1], apply: Math.ceil },
  round: { arity: [1, 1], apply: Math.round },
  exp: { arity: [1, 1], apply: Math.exp },
  sqrt: { arity: [1, 1], apply: Math.sqrt },
  log: { arity: [1, 1], apply: Math.log },
};

export const FORMULA_FUNCTIONS = Object.keys(FUNCTIONS);
const MAX_FORMULA_CHARS = 2_000;
const MAX_DEPTH = 64;
const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][\w]*)|([-+*/^(),]))/y;

type Token = { kind: 'number'; value: number } | { kind: 'name'; name: string } | { kind: 'symbol'; symbol: string };

/** Parses `text`; names must be in `names`. Throws with the position of the first problem. */
export function compileFormula(text: string, names: readonly string[]): Formula {
  if (text.length > MAX_FORMULA_CHARS) throw new Error(`calculate_output is longer than ${MAX_FORMULA_CHARS} characters`);
  const tokens = tokenize(text);
  const parser = new Parser(tokens, text, new Set(names));
  const tree = parser.parseExpression(0);
  parser.expectEnd();
  return (values) => evaluate(tree, values);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) {
      if (text.slice(start).trim() === '') break;
      throw new Error(`calculate_output: unexpected character ${JSON.stringify(text.slice(start).trim()[0])} at position ${start + text.slice(start).search(/\S/)}`);
    }
    if (match[1] !== undefined) tokens.push({ kind: 'number', value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: 'name', name: match[2] });
    else tokens.push({ kind: 'symbol', symbol: match[3]! });
  }
  return tokens;
}

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly names: ReadonlySet<string>,
  ) {}

  parseExpression(depth: number): Node {
    if (depth > MAX_DEPTH) throw new Error('calculate_output is nested too deeply');
    let left = this.parseTerm(depth);
    while (this.peekSymbol('+') || this.peekSymbol('-')) {
      const operator = this.nextSymbol() as '+' | '-';
      left = { kind: 'binary', operator, left, right: this.parseTerm(depth) };
    }
    return left;
  }

  expectEnd(): void {
    if (this.position < this.tokens.length) throw new Error(`calculate_output: unexpected ${describe(this.tokens[this.position]!)} in ${JSON.stringify(this.text)}`);
  }

  private parseTerm(depth: number): Node {
    let left = this.parseUnary(depth);
    while (this.peekSymbol('*') || this.peekSymbol('/')) {
      const operator = this.nextSymbol() as '*' | '/';
      left = { kind: 'binary', operator, left, right: this.parseUnary(depth) };
    }
    return left;
  }

  private parseUnary(depth: number): Node {
    if (this.peekSymbol('-') || this.peekSymbol('+')) {
      const operator = this.nextSymbol() as '-' | '+';
      return { kind: 'unary', operator, operand: this.parseUnary(depth + 1) };
    }
    const base = this.parsePrimary(depth);
    if (!this.peekSymbol('^')) return base;
    this.nextSymbol();
    return { kind: 'binary', operator: '^', left: base, right: this.parseUnary(depth + 1) };
  }

  private parsePrimary(depth: number): Node {
    const token = this.tokens[this.position++];
    if (!token) throw new Error(`calculate_output ends too early: ${JSON.stringify(this.text)}`);
    if (token.kind === 'number') return { kind: 'number', value: token.value };
    if (token.kind === 'symbol') {
      if (token.symbol !== '(') throw new Error(`calculate_output: unexpected ${describe(token)} in ${JSON.stringify(this.text)}`);
      const inner = this.parseExpression(depth + 1);
      this.expectSymbol(')');
      return inner;
    }
    if (this.peekSymbol('(')) return this.parseCall(token.name, depth);
    if (!this.names.has(token.name)) {
      throw new Error(`calculate_output: unknown name "${token.name}" (graders: ${[...this.names].join(', ') || 'none'})`);
    }
    return { kind: 'name', name: token.name };
  }

  private parseCall(callee: string, depth: number): Node {
    const fn = Object.hasOwn(FUNCTIONS, callee) ? FUNCTIONS[callee] : undefined;
    if (!fn) throw new Error(`calculate_output: unknown function "${callee}" (known: ${FORMULA_FUNCTIONS.join(', ')})`);
    this.expectSymbol('(');
    const args: Node[] = [];
    if (!this.peekSymbol(')')) {
      do args.push(this.parseExpression(depth + 1));
      while (this.peekSymbol(',') && this.nextSymbol());
    }
    this.expectSymbol(')');
    const [least, most] = fn.arity;
    if (args.length < least || args.length > most) throw new Error(`calculate_output: ${callee} takes ${least === most ? least : `at least ${least}`} argument(s), received ${args.length}`);
    return { kind: 'call', callee, args };
  }

  private peekSymbol(symbol: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === 'symbol' && token.symbol === symbol;
  }

  private nextSymbol(): string {
    const token = this.tokens[this.position++] as { symbol: string };
    return token.symbol;
  }

  private expectSymbol(symbol: string): void {
    if (!this.peekSymbol(symbol)) {
      const found = this.tokens[this.position];
      throw new Error(`calculate_output: expected "${symbol}" but found ${found ? describe(found) : 'the end'} in ${JSON.stringify(this.text)}`);
    }
    this.position++;
  }
}

function describe(token: Token): string {
  if (token.kind === 'number') return `number ${token.value}`;
  if (token.kind === 'name') return `name "${token.name}"`;
  return `"${token.symbol}"`;
}

function evaluate(node: Node, values: Readonly<Record<string, number>>): number {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'name': {
      const value = values[node.name];
      if (value === undefined) throw new Error(`calculate_output: no value for "${node.name}"`);
      return value;
    }
    case 'unary':
      return node.operator === '-' ? -evaluate(node.operand, values) : evaluate(node.operand, values);
    case 'binary':
      return applyOperator(node.operator, evaluate(node.left, values), evaluate(node.right, values));
    case 'call':
      return FUNCTIONS[node.callee]!.apply(...node.args.map((arg) => evaluate(arg, values)));
  }
}

function applyOperator(operator: '+' | '-' | '*' | '/' | '^', left: number, right: number): number {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
    case '^':
      return left ** right;
  }
}
