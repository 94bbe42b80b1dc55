import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';

const draft07 = new Ajv({ allErrors: true, strict: false });
const draft2020 = new Ajv2020({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>();
const MAX_VALIDATORS = 128;

/** Compiles (once per distinct schema) a JSON Schema validator; draft 2020-12 when `$schema` says so, else draft-07. */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    const ajv = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12') ? draft2020 : draft07;
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      throw new Error(`invalid JSON Schema: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (validators.size >= MAX_VALIDATORS) validators.delete(validators.keys().next().value!);
    validators.set(key, validate);
  }
  return validate;
}

const FENCED = /^```[a-zA-Z]*[ \t]*\n([\s\S]*?)\n?```$/;

/** Parses an answer as JSON, accepting one surrounding Markdown code fence (```json … ```). */
export function parseJsonAnswer(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const fenced = FENCED.exec(text.trim());
  try {
    return { ok: true, value: JSON.parse(fenced ? fenced[1]! : text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Structural equality of JSON values: key order is ignored, types are not (1 ≠ "1", 1 = 1.0). */
export function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left)) {
    const other = right as unknown[];
    return left.length === other.length && left.every((item, index) => jsonEqual(item, other[index]));
  }
  const leftKeys = Object.keys(left);
  const rightRecord = right as Record<string, unknown>;
  if (leftKeys.length !== Object.keys(rightRecord).length) return false;
  return leftKeys.every((key) => Object.hasOwn(rightRecord, key) && jsonEqual((left as Record<string, unknown>)[key], rightRecord[key]));
}
