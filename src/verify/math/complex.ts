/** Complex arithmetic for numeric checks: answers like `3+2i` and roots of negatives evaluate too. */
export interface Complex {
  re: number;
  im: number;
}

export const complex = (re: number, im = 0): Complex => ({ re, im });

export const add = (a: Complex, b: Complex): Complex => complex(a.re + b.re, a.im + b.im);
export const subtract = (a: Complex, b: Complex): Complex => complex(a.re - b.re, a.im - b.im);
export const multiply = (a: Complex, b: Complex): Complex => complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);

export function divide(a: Complex, b: Complex): Complex {
  const denominator = b.re * b.re + b.im * b.im;
  if (denominator === 0) return complex(NaN, NaN);
  return complex((a.re * b.re + a.im * b.im) / denominator, (a.im * b.re - a.re * b.im) / denominator);
}

export const magnitude = (a: Complex): number => Math.hypot(a.re, a.im);
export const isFinite = (a: Complex): boolean => Number.isFinite(a.re) && Number.isFinite(a.im);

export function exp(a: Complex): Complex {
  const scale = Math.exp(a.re);
  return a.im === 0 ? complex(scale) : complex(scale * Math.cos(a.im), scale * Math.sin(a.im));
}

/** Principal branch. */
export function log(a: Complex): Complex {
  if (a.im === 0 && a.re > 0) return complex(Math.log(a.re));
  return complex(Math.log(magnitude(a)), Math.atan2(a.im, a.re));
}

/** Integer exponents by repeated squaring keep `(-2)^3` exactly real; others use the principal branch. */
export function power(base: Complex, exponent: Complex): Complex {
  if (exponent.im === 0 && Number.isInteger(exponent.re) && Math.abs(exponent.re) <= 1024) {
    let result = complex(1);
    let factor = base;
    let remaining = Math.abs(exponent.re);
    while (remaining > 0) {
      if (remaining % 2 === 1) result = multiply(result, factor);
      factor = multiply(factor, factor);
      remaining = Math.floor(remaining / 2);
    }
    return exponent.re < 0 ? divide(complex(1), result) : result;
  }
  if (base.im === 0 && base.re > 0 && exponent.im === 0) return complex(Math.pow(base.re, exponent.re));
  if (base.re === 0 && base.im === 0) return exponent.re > 0 ? complex(0) : complex(NaN, NaN);
  return exp(multiply(exponent, log(base)));
}

export function sqrt(a: Complex): Complex {
  if (a.im === 0) return a.re >= 0 ? complex(Math.sqrt(a.re)) : complex(0, Math.sqrt(-a.re));
  return power(a, complex(0.5));
}

export function sin(a: Complex): Complex {
  return complex(Math.sin(a.re) * Math.cosh(a.im), Math.cos(a.re) * Math.sinh(a.im));
}

export function cos(a: Complex): Complex {
  return complex(Math.cos(a.re) * Math.cosh(a.im), -Math.sin(a.re) * Math.sinh(a.im));
}

/** Functions only defined here for real arguments; a complex argument gives NaN (undecided). */
export function realOnly(fn: (x: number) => number): (a: Complex) => Complex {
  return (a) => (a.im === 0 ? complex(fn(a.re)) : complex(NaN, NaN));
}
