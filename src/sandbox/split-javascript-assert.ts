import type TypeScript from 'typescript';
import { loadTypeScript } from './transpile-typescript.js';

/**
 * An assert statement ready to run as the body of `function (assert, expected) { … }`. When
 * `expectedSource` is set, the statement's expected value was cut out: the host evaluates it in a
 * context that never saw model code and passes the copy in as `expected`, so a program that
 * tampers with built-ins (iterators, Map.prototype.set, …) cannot change what it is compared to.
 */
export interface PreparedAssert {
  body: string;
  expectedSource?: string;
  /** The whole statement, for when the expected value cannot be computed without the program. */
  whole: string;
}

const COMPARISONS = new Set(['equal', 'strictEqual', 'deepEqual', 'deepStrictEqual', 'notEqual', 'notStrictEqual', 'notDeepStrictEqual']);

/** `assert EXPR` (Python style) reads as `assert(EXPR)`. */
export function normalizeAssertStatement(statement: string): string {
  const pythonStyle = /^\s*assert\s+(?![.(=])([\s\S]*?);?\s*$/.exec(statement);
  return pythonStyle ? `assert(${pythonStyle[1]});` : statement;
}

export async function splitJavaScriptAssert(statement: string): Promise<PreparedAssert> {
  const ts = await loadTypeScript();
  const text = normalizeAssertStatement(statement);
  const file = ts.createSourceFile('assert.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const only = file.statements.length === 1 ? file.statements[0] : undefined;
  if (!only || !ts.isExpressionStatement(only) || !ts.isCallExpression(only.expression)) return { body: text, whole: text };
  const call = only.expression;
  const callee = call.expression.getText(file);
  const [first, second] = call.arguments;
  if (callee.startsWith('assert.') && COMPARISONS.has(callee.slice('assert.'.length)) && first && second) {
    return { body: `${callee}(${first.getText(file)}, expected);`, expectedSource: `(${second.getText(file)})`, whole: text };
  }
  if ((callee === 'assert' || callee === 'assert.ok') && first && call.arguments.length === 1 && ts.isBinaryExpression(first)) {
    const method = comparisonMethod(ts, first.operatorToken.kind);
    if (method) return { body: `assert.${method}(${first.left.getText(file)}, expected);`, expectedSource: `(${first.right.getText(file)})`, whole: text };
  }
  return { body: text, whole: text };
}

function comparisonMethod(ts: typeof TypeScript, operator: TypeScript.SyntaxKind): string | undefined {
  if (operator === ts.SyntaxKind.EqualsEqualsEqualsToken) return 'strictEqual';
  if (operator === ts.SyntaxKind.EqualsEqualsToken) return 'equal';
  if (operator === ts.SyntaxKind.ExclamationEqualsEqualsToken) return 'notStrictEqual';
  if (operator === ts.SyntaxKind.ExclamationEqualsToken) return 'notEqual';
  return undefined;
}
