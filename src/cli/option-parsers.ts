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
