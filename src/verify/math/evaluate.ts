import * as C from './complex.js';
import type { Complex } from './complex.js';
import type { Expression } from './expression.js';

/** Values of the free variables at one evaluation point. */
export type Point = ReadonlyMap<string, number>;

const CONSTANT_VALUES: Record<string, Complex> = {
  pi: C.complex(Math.PI),
  e: C.complex(Math.E),
  i: C.complex(0, 1),
  infinity: C.complex(Infinity),
};

const FUNCTIONS: Record<string, (value: Complex) => Complex> = {
  sin: C.sin,
  cos: C.cos,
  tan: (x) => C.divide(C.sin(x), C.cos(x)),
  sec: (x) => C.divide(C.complex(1), C.cos(x)),
  csc: (x) => C.divide(C.complex(1), C.sin(x)),
  cot: (x) => C.divide(C.cos(x), C.sin(x)),
  arcsin: C.realOnly(Math.asin),
  arccos: C.realOnly(Math.acos),
  arctan: C.realOnly(Math.atan),
  sinh: C.realOnly(Math.sinh),
  cosh: C.realOnly(Math.cosh),
  tanh: C.realOnly(Math.tanh),
  ln: C.log,
  log: (x) => C.divide(C.log(x), C.complex(Math.LN10)),
  exp: C.exp,
  sqrt: C.sqrt,
  abs: (x) => C.complex(C.magnitude(x)),
  factorial: C.realOnly(factorial),
};

/**
 * Floating-point value of an expression at a point. Never throws and never runs long: the work is
 * linear in the expression's size, and overflow gives Infinity or NaN, which callers treat as
 * "undecided".
 */
export function evaluate(expression: Expression, point: Point = new Map()): Complex {
  switch (expression.type) {
    case 'number':
      return C.complex(Number(expression.text));
    case 'symbol': {
      const constant = CONSTANT_VALUES[expression.name];
      if (constant) return constant;
      const value = point.get(expression.name);
      return value === undefined ? C.complex(NaN, NaN) : C.complex(value);
    }
    case 'negate': {
      const value = evaluate(expression.operand, point);
      return C.complex(-value.re, -value.im);
    }
    case 'binary': {
      const left = evaluate(expression.left, point);
      const right = evaluate(expression.right, point);
      if (expression.operator === '+') return C.add(left, right);
      if (expression.operator === '-') return C.subtract(left, right);
      if (expression.operator === '*') return C.multiply(left, right);
      if (expression.operator === '/') return C.divide(left, right);
      return C.power(left, right);
    }
    case 'call':
      return evaluateCall(expression.name, expression.args.map((argument) => evaluate(argument, point)));
  }
}

function evaluateCall(name: string, args: Complex[]): Complex {
  const [first, second] = args as [Complex, Complex | undefined];
  if (name === 'root') return C.power(first, C.divide(C.complex(1), second!));
  if (name === 'logBase') return C.divide(C.log(first), C.log(second!));
  if (name === 'binom') return binomial(first, second!);
  const fn = FUNCTIONS[name];
  return fn ? fn(first) : C.complex(NaN, NaN);
}

function factorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) return NaN;
  if (n > 170) return Infinity;
  let result = 1;
  for (let k = 2; k <= n; k++) result *= k;
  return result;
}

function binomial(n: Complex, k: Complex): Complex {
  if (n.im !== 0 || k.im !== 0 || !Number.isInteger(n.re) || !Number.isInteger(k.re) || k.re < 0 || n.re < 0 || n.re > 1e5) return C.complex(NaN, NaN);
  if (k.re > n.re) return C.complex(0);
  let result = 1;
  const steps = Math.min(k.re, n.re - k.re);
  for (let step = 1; step <= steps; step++) result = (result * (n.re - steps + step)) / step;
  return C.complex(Math.round(result));
}
