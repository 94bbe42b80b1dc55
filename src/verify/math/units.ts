/**
 * Unit and currency words that may follow (or, for currencies, precede) a numeric answer. They are
 * dropped only when what remains is a number, so a variable named `m` or `h` is never lost.
 */
const UNIT_WORDS = [
  'mm', 'cm', 'm', 'km', 'meter', 'meters', 'metre', 'metres', 'centimeter', 'centimeters', 'millimeter', 'millimeters',
  'kilometer', 'kilometers', 'in', 'inch', 'inches', 'ft', 'foot', 'feet', 'yd', 'yard', 'yards', 'mi', 'mile', 'miles',
  'mg', 'g', 'kg', 'gram', 'grams', 'kilogram', 'kilograms', 'lb', 'lbs', 'pound', 'pounds', 'oz', 'ounce', 'ounces', 'ton', 'tons',
  'ml', 'mL', 'l', 'L', 'liter', 'liters', 'litre', 'litres', 'gallon', 'gallons',
  's', 'sec', 'second', 'seconds', 'min', 'minute', 'minutes', 'h', 'hr', 'hrs', 'hour', 'hours', 'day', 'days',
  'week', 'weeks', 'month', 'months', 'year', 'years',
  'mph', 'km/h', 'kmh', 'm/s', 'km/hr', 'miles/hour', 'mi/h',
  'dollar', 'dollars', 'usd', 'USD', 'cent', 'cents', 'euro', 'euros', 'eur', 'EUR',
  'unit', 'units', 'sq', 'square', 'cubic', 'sq units', 'square units', 'cubic units', 'square feet', 'square meters',
  'square inches', 'square centimeters', 'cubic feet', 'cubic meters', 'cubic centimeters', 'sq ft', 'sq m',
  'degree', 'degrees', 'deg', 'radian', 'radians', 'rad', 'percent',
];

const UNIT_SET = new Set(UNIT_WORDS.map((word) => word.toLowerCase()));

/** True for a unit word, optionally squared or cubed (`cm^2`, `m^{3}`). */
export function isUnit(text: string): boolean {
  const bare = text.trim().replace(/\^\{?[23]\}?$/, '').replace(/\s+/g, ' ').toLowerCase();
  return bare.length > 0 && UNIT_SET.has(bare);
}

/** A value followed by a phrase of one, two or three words (`cm`, `square units`, `sq ft`), maybe squared. */
const TRAILING_UNIT = [1, 2, 3].map((words) => new RegExp(`^(.*?)(\\s*)((?:[a-zA-Z][a-zA-Z/]*\\s*){${words}}(?:\\^\\{?[23]\\}?)?)$`));

/** A number with a unit is short; longer text is not scanned (the trailing-unit pattern is quadratic). */
const MAX_UNIT_TEXT = 200;

const CURRENCY_PREFIX = /^(?:\\\$|\$|usd|us\$|€|£|¥|rs\.?|eur)\s*/i;

/**
 * Strips currency symbols in front and one unit phrase (up to three words) behind a value
 * (`\$1,200`, `12 km/h`, `3 cm^2`, `\frac{1}{2} cm`). The value left must have no letters
 * outside LaTeX commands, so `2x cm` and `5m` keep their variables; one-letter units need a space.
 */
export function stripUnits(text: string): { text: string; stripped: boolean } {
  const withoutCurrency = text.replace(CURRENCY_PREFIX, '').trim();
  const currencyStripped = withoutCurrency !== text.trim();
  if (isPlainValue(withoutCurrency)) return { text: withoutCurrency, stripped: currencyStripped };
  if (withoutCurrency.length > MAX_UNIT_TEXT) return { text, stripped: false };
  for (const pattern of TRAILING_UNIT) {
    const match = pattern.exec(withoutCurrency);
    if (!match) continue;
    const [, value, space, unit] = match as unknown as [string, string, string, string];
    const spaced = space.length > 0;
    if (isUnit(unit) && isPlainValue(value.trim()) && (spaced || unit.trim().length > 1)) return { text: value.trim(), stripped: true };
  }
  return { text, stripped: false };
}

/** Digits, operators and LaTeX commands only: no variable a unit could be mistaken for. */
function isPlainValue(text: string): boolean {
  return /\d/.test(text) && !/[a-zA-Z]/.test(text.replace(/\\[a-zA-Z]+/g, ''));
}
