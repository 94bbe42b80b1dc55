/** An exact fraction of big integers, always reduced, with a positive denominator. */
export class Rational {
  private constructor(
    readonly numerator: bigint,
    readonly denominator: bigint,
  ) {}

  static of(numerator: bigint, denominator = 1n): Rational {
    if (denominator === 0n) throw new RangeError('division by zero');
    const sign = denominator < 0n ? -1n : 1n;
    const divisor = gcd(abs(numerator), abs(denominator)) || 1n;
    return new Rational((sign * numerator) / divisor, (sign * denominator) / divisor);
  }

  /** Parses `123`, `-4.5`, `0.001` exactly. */
  static parseDecimal(text: string): Rational {
    const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
    if (!match) throw new SyntaxError(`not a number: ${text}`);
    const fraction = match[2] ?? '';
    return Rational.of(BigInt(match[1]! + fraction), 10n ** BigInt(fraction.length));
  }

  add(other: Rational): Rational {
    return Rational.of(this.numerator * other.denominator + other.numerator * this.denominator, this.denominator * other.denominator);
  }

  subtract(other: Rational): Rational {
    return this.add(other.negate());
  }

  multiply(other: Rational): Rational {
    return Rational.of(this.numerator * other.numerator, this.denominator * other.denominator);
  }

  divide(other: Rational): Rational {
    if (other.numerator === 0n) throw new RangeError('division by zero');
    return Rational.of(this.numerator * other.denominator, this.denominator * other.numerator);
  }

  /** Remainder of integer operands, with the sign of the divisor (as in Python). */
  modulo(other: Rational): Rational {
    if (!this.isInteger() || !other.isInteger()) throw new RangeError('% needs integer operands');
    if (other.numerator === 0n) throw new RangeError('modulo by zero');
    const remainder = this.numerator % other.numerator;
    return Rational.of(remainder !== 0n && remainder < 0n !== other.numerator < 0n ? remainder + other.numerator : remainder);
  }

  power(exponent: Rational): Rational {
    if (!exponent.isInteger()) throw new RangeError('exponents must be integers');
    const magnitude = abs(exponent.numerator);
    const raised = Rational.of(this.numerator ** magnitude, this.denominator ** magnitude);
    return exponent.numerator < 0n ? Rational.of(1n).divide(raised) : raised;
  }

  negate(): Rational {
    return Rational.of(-this.numerator, this.denominator);
  }

  isInteger(): boolean {
    return this.denominator === 1n;
  }

  /** Digits of the larger of numerator and denominator: a size guard against runaway results. */
  digits(): number {
    return Math.max(abs(this.numerator).toString().length, this.denominator.toString().length);
  }

  toString(): string {
    if (this.isInteger()) return this.numerator.toString();
    return `${this.numerator}/${this.denominator}`;
  }

  toDecimal(places: number): string {
    const negative = this.numerator < 0n;
    const scaled = (abs(this.numerator) * 10n ** BigInt(places)) / this.denominator;
    const text = scaled.toString().padStart(places + 1, '0');
    const decimal = `${text.slice(0, -places)}.${text.slice(-places)}`.replace(/\.?0+$/, '');
    return `${negative ? '-' : ''}${decimal}`;
  }
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
