import { InvalidArgumentError } from 'commander';

/** Option parsers for commander: a bad value becomes a usage error (exit 2) naming the value. */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError(`expected a positive integer, received "${value}"`);
  return number;
}

export function integer(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(number)) throw new InvalidArgumentError(`expected an integer, received "${value}"`);
  return number;
}

/** A number in (0, 1]. */
export function fraction(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !(number > 0 && number <= 1)) throw new InvalidArgumentError(`expected a number in (0, 1], received "${value}"`);
  return number;
}

export function nonNegativeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new InvalidArgumentError(`expected a number >= 0, received "${value}"`);
  return number;
}

export function commaList(value: string): string[] {
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError(`expected a comma-separated list, received "${value}"`);
  return items;
}

/** `LO..HI` within [0, 1], or a single value. */
export function difficultyRange(value: string): [number, number] {
  const parts = value.split('..').map(Number);
  const [lo, hi] = parts.length === 1 ? [parts[0]!, parts[0]!] : parts;
  if (parts.length > 2 || !Number.isFinite(lo) || !Number.isFinite(hi) || lo! < 0 || hi! > 1 || lo! > hi!) {
    throw new InvalidArgumentError(`expected LO..HI with 0 <= LO <= HI <= 1 (e.g. 0.2..0.6), received "${value}"`);
  }
  return [lo!, hi!];
}

/** An integer >= `minimum` (e.g. a group size of at least 2). */
export function integerAtLeast(minimum: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(number) || number < minimum) {
      throw new InvalidArgumentError(`expected an integer >= ${minimum}, received "${value}"`);
    }
    return number;
  };
}

export function positiveNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new InvalidArgumentError(`expected a number > 0, received "${value}"`);
  return number;
}

/** Comma-separated `LO..HI` ranges within [0, 1], e.g. evaluation bands `0..0.1,0.1..0.2`. */
export function difficultyRanges(value: string): Array<[number, number]> {
  return commaList(value).map((part) => {
    try {
      return difficultyRange(part);
    } catch {
      throw new InvalidArgumentError(`expected comma-separated LO..HI ranges with 0 <= LO <= HI <= 1 (e.g. 0..0.1,0.1..0.2), received "${value}"`);
    }
  });
}

/** `HI` (the top of a range; its bottom unspecified) or `LO..HI`, within [0, 1]. */
export function difficultyBound(value: string): { low?: number; high: number } {
  const [low, high] = difficultyRange(value);
  return value.includes('..') ? { low, high } : { high };
}
