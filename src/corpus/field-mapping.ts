/** Where a problem field is read from in an input record: `reward_model.ground_truth=answer`. */
export interface FieldMapping {
  from: string[];
  to: string;
}

export const MAPPABLE_FIELDS = ['id', 'family', 'prompt', 'answer', 'tests', 'verifier', 'verifierConfig', 'difficulty', 'source', 'parents', 'metadata'];

/**
 * Parses `--map question=prompt,solution=answer`. Sources are dot paths into the record; a target
 * is a problem field or `metadata.<key>`.
 */
export function parseFieldMap(text: string): FieldMapping[] {
  return text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const parts = pair.split('=');
      if (parts.length !== 2 || !parts[0]!.trim() || !parts[1]!.trim()) {
        throw new RangeError(`--map: expected SOURCE=FIELD pairs separated by commas, received "${pair}"`);
      }
      const from = parts[0]!.trim().split('.');
      const to = parts[1]!.trim();
      if (from.some((segment) => segment === '')) throw new RangeError(`--map: empty path segment in "${parts[0]}"`);
      const isMetadataKey = to.startsWith('metadata.') && to.length > 'metadata.'.length;
      if (!MAPPABLE_FIELDS.includes(to) && !isMetadataKey) {
        throw new RangeError(`--map: unknown target field "${to}" (expected one of ${MAPPABLE_FIELDS.join(', ')} or metadata.<key>)`);
      }
      return { from, to };
    });
}

/** The value at a dot path of a record, or undefined when any step is missing. */
export function valueAtPath(record: unknown, path: readonly string[]): unknown {
  let value = record;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
