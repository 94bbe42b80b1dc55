/**
 * A small LaTeX (and plain-text) expression grammar for final answers: numbers, variables,
 * + - · × ÷ /, implicit products, powers, \frac, \sqrt, |…|, !, \binom and the usual functions.
 * It is deliberately narrow: anything outside it is handed to the computer-algebra fallback.
 */
export type Expression =
  | { type: 'number'; text: string }
  | { type: 'symbol'; name: string }
  | { type: 'negate'; operand: Expression }
  | { type: 'binary'; operator: '+' | '-' | '*' | '/' | '^'; left: Expression; right: Expression }
  | { type: 'call'; name: string; args: Expression[] };

export class ExpressionSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}

/** Symbols with a fixed meaning; every other symbol is a free variable. */
export const CONSTANTS = new Set(['pi', 'e', 'i', 'infinity']);

const UNARY_FUNCTIONS = new Set([
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh', 'ln', 'exp', 'log',
]);
const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa',
  'lambda', 'mu', 'nu', 'xi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Sigma', 'Phi', 'Psi', 'Omega',
]);
const PLAIN_WORDS = ['arcsin', 'arccos', 'arctan', 'sqrt', 'sinh', 'cosh', 'tanh', 'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'exp', 'log', 'ln', 'pi'];
const MULTIPLY_COMMANDS = new Set(['cdot', 'times', 'ast']);

type Token =
  | { kind: 'number'; text: string }
  | { kind: 'letter'; text: string }
  | { kind: 'command'; text: string }
  | { kind: 'punct'; text: string };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    if (/\s/.test(char)) {
      index++;
    } else if (/[0-9.]/.test(char)) {
      const match = /^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+(?![\d.]))?/.exec(source.slice(index, index + 400));
      if (!match) throw new ExpressionSyntaxError(`stray "." at ${index}`);
      tokens.push({ kind: 'number', text: match[0] });
      index += match[0].length;
    } else if (char === '\\') {
      const match = /^\\([a-zA-Z]+|.)/.exec(source.slice(index, index + 40));
      if (!match) throw new ExpressionSyntaxError('a lone backslash');
      tokens.push({ kind: 'command', text: match[1]! });
      index += match[0].length;
    } else if (/[a-zA-Z]/.test(char)) {
      const word = PLAIN_WORDS.find((candidate) => source.startsWith(candidate, index) && !/[a-zA-Z]/.test(source[index + candidate.length] ?? ''));
      if (word) {
        tokens.push({ kind: 'command', text: word });
        index += word.length;
      } else {
        tokens.push({ kind: 'letter', text: char });
        index++;
      }
    } else if ('+-*/^_()[]{}|!'.includes(char)) {
      tokens.push({ kind: 'punct', text: char });
      index++;
    } else {
      throw new ExpressionSyntaxError(`unexpected "${char}"`);
    }
  }
  return tokens;
}

export function parseExpression(source: string): Expression {
  const parser = new Parser(tokenize(source));
  const expression = parser.parseSum();
  if (!parser.atEnd()) throw new ExpressionSyntaxError(`unexpected "${parser.peekText()}"`);
  return expression;
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

class Parser {
  private position = 0;
  private absoluteDepth = 0;

  constructor(private readonly tokens: Token[]) {}

  atEnd(): boolean {
    return this.position >= this.tokens.length;
  }

  peekText(): string {
    return this.tokens[this.position]?.text ?? 'end';
  }

  parseSum(): Expression {
    let left = this.parseProduct();
    for (;;) {
      const token = this.tokens[this.position];
      if (token?.kind !== 'punct' || (token.text !== '+' && token.text !== '-')) return left;
      this.position++;
      left = { type: 'binary', operator: token.text, left, right: this.parseProduct() };
    }
  }

  private parseProduct(): Expression {
    let left = this.parseUnary();
    for (;;) {
      const token = this.tokens[this.position];
      if (!token) return left;
      if ((token.kind === 'punct' && (token.text === '*' || token.text === '/')) || (token.kind === 'command' && (MULTIPLY_COMMANDS.has(token.text) || token.text === 'div'))) {
        this.position++;
        const operator = token.text === '/' || token.text === 'div' ? '/' : '*';
        left = { type: 'binary', operator, left, right: this.parseUnary() };
      } else if (this.startsAtom(token)) {
        left = { type: 'binary', operator: '*', left, right: this.parsePower() };
      } else {
        return left;
      }
    }
  }

  private parseUnary(): Expression {
    const token = this.tokens[this.position];
    if (token?.kind === 'punct' && (token.text === '-' || token.text === '+')) {
      this.position++;
      const operand = this.parseUnary();
      return token.text === '-' ? { type: 'negate', operand } : operand;
    }
    return this.parsePower();
  }

  private parsePower(): Expression {
    const base = this.parsePostfix();
    if (this.peekText() !== '^') return base;
    this.position++;
    const exponent = this.parseExponent();
    return { type: 'binary', operator: '^', left: base, right: exponent };
  }

  /** `x^2`, `x^{n+1}`, `x^-1` and towers `9^9^9`, right-associative. */
  private parseExponent(): Expression {
    const token = this.tokens[this.position];
    if (token?.kind === 'punct' && (token.text === '-' || token.text === '+')) {
      this.position++;
      const operand = this.parseExponent();
      return token.text === '-' ? { type: 'negate', operand } : operand;
    }
    const base = this.parseAtom();
    if (this.peekText() !== '^') return base;
    this.position++;
    return { type: 'binary', operator: '^', left: base, right: this.parseExponent() };
  }

  private parsePostfix(): Expression {
    let operand = this.parseAtom();
    while (this.peekText() === '!') {
      this.position++;
      operand = { type: 'call', name: 'factorial', args: [operand] };
    }
    return operand;
  }

  private startsAtom(token: Token): boolean {
    if (token.kind === 'number' || token.kind === 'letter') return true;
    if (token.kind === 'command') return !MULTIPLY_COMMANDS.has(token.text) && token.text !== 'div';
    if (token.text === '|') return this.absoluteDepth === 0;
    return token.text === '(' || token.text === '[' || token.text === '{';
  }

  private parseAtom(): Expression {
    const token = this.tokens[this.position++];
    if (!token) throw new ExpressionSyntaxError('unexpected end');
    switch (token.kind) {
      case 'number':
        return { type: 'number', text: token.text };
      case 'letter':
        return this.parseSymbol(token.text);
      case 'command':
        return this.parseCommand(token.text);
      case 'punct':
        if (token.text in CLOSERS) return this.parseGroup(CLOSERS[token.text]!);
        if (token.text === '|') {
          this.absoluteDepth++;
          const inner = this.parseSum();
          this.absoluteDepth--;
          this.expect('|');
          return { type: 'call', name: 'abs', args: [inner] };
        }
        throw new ExpressionSyntaxError(`unexpected "${token.text}"`);
    }
  }

  private parseGroup(closer: string): Expression {
    const depth = this.absoluteDepth;
    this.absoluteDepth = 0;
    const inner = this.parseSum();
    this.absoluteDepth = depth;
    this.expect(closer);
    return inner;
  }

  private parseSymbol(name: string): Expression {
    if (this.peekText() !== '_') return { type: 'symbol', name };
    this.position++;
    const subscript = this.tokens[this.position++];
    if (!subscript) throw new ExpressionSyntaxError('subscript without content');
    if (subscript.text !== '{') return { type: 'symbol', name: `${name}_${subscript.text}` };
    const parts: string[] = [];
    while (this.peekText() !== '}') {
      const part = this.tokens[this.position++];
      if (!part) throw new ExpressionSyntaxError('unclosed subscript');
      parts.push(part.text);
    }
    this.position++;
    return { type: 'symbol', name: `${name}_${parts.join('')}` };
  }

  private parseCommand(name: string): Expression {
    if (name === 'pi') return { type: 'symbol', name: 'pi' };
    if (name === 'infty') return { type: 'symbol', name: 'infinity' };
    if (GREEK.has(name)) return { type: 'symbol', name };
    if (name === 'frac') return { type: 'binary', operator: '/', left: this.parseArgument(), right: this.parseArgument() };
    if (name === 'binom') return { type: 'call', name: 'binom', args: [this.parseArgument(), this.parseArgument()] };
    if (name === 'sqrt') return this.parseRoot();
    if (UNARY_FUNCTIONS.has(name)) return this.parseFunction(name);
    throw new ExpressionSyntaxError(`unsupported command \\${name}`);
  }

  private parseRoot(): Expression {
    if (this.peekText() === '[') {
      this.position++;
      const index = this.parseGroup(']');
      return { type: 'call', name: 'root', args: [this.parseArgument(), index] };
    }
    return { type: 'call', name: 'sqrt', args: [this.parseArgument()] };
  }

  /** `\sin x`, `\sin^2 x`, `\log_2 8`, `\ln(x+1)`: the argument is a group or an implicit product. */
  private parseFunction(name: string): Expression {
    let base: Expression | undefined;
    let power: Expression | undefined;
    if (name === 'log' && this.peekText() === '_') {
      this.position++;
      base = this.parseAtom();
    }
    if (this.peekText() === '^') {
      this.position++;
      power = this.parseExponent();
    }
    const argument = this.parseFunctionArgument();
    const call: Expression = base ? { type: 'call', name: 'logBase', args: [argument, base] } : { type: 'call', name, args: [argument] };
    return power ? { type: 'binary', operator: '^', left: call, right: power } : call;
  }

  private parseFunctionArgument(): Expression {
    let argument = this.parsePower();
    for (;;) {
      const token = this.tokens[this.position];
      if (!token || !this.startsAtom(token) || token.kind === 'command' || token.text === '(') return argument;
      argument = { type: 'binary', operator: '*', left: argument, right: this.parsePower() };
    }
  }

  /** A macro argument: `{…}`, `(…)` in plain text, or one token (`\frac12` reads as 1/2). */
  private parseArgument(): Expression {
    const token = this.tokens[this.position];
    if (token?.kind === 'number' && token.text.length > 1 && /^\d+$/.test(token.text)) {
      this.tokens[this.position] = { kind: 'number', text: token.text.slice(1) };
      return { type: 'number', text: token.text[0]! };
    }
    return this.parseAtom();
  }

  private expect(text: string): void {
    const token = this.tokens[this.position++];
    if (token?.text !== text || token.kind !== 'punct') throw new ExpressionSyntaxError(`expected "${text}"`);
  }
}

/** Free variables of an expression (constants excluded), sorted. */
export function freeVariables(expression: Expression): string[] {
  const names = new Set<string>();
  const visit = (node: Expression): void => {
    if (node.type === 'symbol') {
      if (!CONSTANTS.has(node.name)) names.add(node.name);
    } else if (node.type === 'negate') {
      visit(node.operand);
    } else if (node.type === 'binary') {
      visit(node.left);
      visit(node.right);
    } else if (node.type === 'call') {
      node.args.forEach(visit);
    }
  };
  visit(expression);
  return [...names].sort();
}

/** True when a decimal point appears: the value was written as an approximation. */
export function hasDecimalLiteral(expression: Expression): boolean {
  if (expression.type === 'number') return expression.text.includes('.');
  if (expression.type === 'negate') return hasDecimalLiteral(expression.operand);
  if (expression.type === 'binary') return hasDecimalLiteral(expression.left) || hasDecimalLiteral(expression.right);
  if (expression.type === 'call') return expression.args.some(hasDecimalLiteral);
  return false;
}
