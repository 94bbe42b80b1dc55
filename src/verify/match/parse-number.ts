const PLAIN = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const FRACTION = /^([+-]?\d+)\s*\/\s*(\d+)$/;
const LATEX_FRACTION = /^([+-]?)\\[dt]?frac\{([+-]?\d+)\}\{(\d+)\}$/;

/**
 * The number an answer states, or undefined. Accepts integers, decimals, scientific notation,
 * thousands separators ("1,234"), fractions ("3/4", "\frac{3}{4}") and a surrounding `$…$`; the
 * whole text must be the number: "about 5" or "5 apples" are not numbers here.
 */
export function parseNumber(text: string): number | undefined {
  const cleaned = text
    .trim()
    .replace(/^\$+|\$+$/g, '')
    .replace(/^\\\(|\\\)$/g, '')
    .replace(/\\[,!; ]|\u2009|\u202f/g, '')
    .replace(/(\d)\.$/, '$1')
    .trim();
  if (cleaned === '' || cleaned === '+' || cleaned === '-') return undefined;
  if (PLAIN.test(cleaned) && /\d/.test(cleaned)) return Number(cleaned.replace(/,/g, ''));
  const fraction = FRACTION.exec(cleaned);
  if (fraction) return divide(Number(fraction[1]), Number(fraction[2]));
  const latex = LATEX_FRACTION.exec(cleaned);
  if (latex) {
    const value = divide(Number(latex[2]), Number(latex[3]));
    return value === undefined ? undefined : (latex[1] === '-' ? -1 : 1) * value;
  }
  return undefined;
}

function divide(numerator: number, denominator: number): number | undefined {
  return denominator === 0 ? undefined : numerator / denominator;
}

/** Within tolerance: |actual − expected| ≤ max(absolute, relative × |expected|). */
export function withinTolerance(actual: number, expected: number, absolute: number, relative: number): boolean {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= Math.max(absolute, relative * Math.abs(expected));
}
