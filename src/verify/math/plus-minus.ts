const PLUS_MINUS = /\\(?:pm|mp)(?![a-zA-Z])/;

/** Beyond two signs (four values) a `\pm` answer is not a plausible final answer. */
const MAX_SIGNS = 2;

export const hasPlusMinus = (text: string): boolean => PLUS_MINUS.test(text);

/**
 * The values `a \pm b` stands for: `a + b` and `a - b` (`\mp` gives the same set). Each sign is
 * expanded independently, so `\pm 1 \pm i` gives four values.
 */
export function expandPlusMinus(text: string): string[] {
  let values = [text];
  for (let sign = 0; sign < MAX_SIGNS && values.some(hasPlusMinus); sign++) {
    values = values.flatMap((value) => [value.replace(PLUS_MINUS, '+'), value.replace(PLUS_MINUS, '-')]);
  }
  return values;
}
