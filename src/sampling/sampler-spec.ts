import { z } from 'zod';
import { InputError } from '../core/errors.js';

const probability = z.number().min(0).max(1);

/**
 * Pooled prior (off when absent): the width of the difficulty buckets that, with the family, make up
 * the pools whose pass rate each problem's rate is shrunk toward (see PooledPassRates).
 */
const poolWidth = z
  .number()
  .gt(0, 'pool is the width of a difficulty bucket: it must be > 0')
  .max(1, 'pool is the width of a difficulty bucket: it must be at most 1')
  .optional();

export const uniformSpecSchema = z.strictObject({ kind: z.literal('uniform') });

/**
 * Easy to hard over `levels` equal bands of the problems' difficulty label. The level advances when
 * the mean score of the last `window` completions at the current level reaches `advanceAt`, and
 * steps back when it falls below `retreatAt`; a share `review` of each batch comes from easier levels.
 */
export const curriculumSpecSchema = z
  .strictObject({
    kind: z.literal('curriculum'),
    levels: z.number().int().min(1).max(1000).default(10),
    advanceAt: probability.default(0.8),
    retreatAt: probability.default(0.2),
    window: z.number().int().min(1).default(128),
    review: probability.default(0.1),
  })
  .refine((spec) => spec.retreatAt < spec.advanceAt, {
    message: 'retreatAt must be below advanceAt',
    path: ['retreatAt'],
  });

/**
 * Kimi k1.5 (arXiv:2501.12599, §2.3.3): P(i) ∝ max(1 − s_i, floor), s_i the smoothed pass rate, or
 * with `pool` the pooled one.
 */
export const prioritizedSpecSchema = z.strictObject({
  kind: z.literal('prioritized'),
  floor: probability.default(0),
  pool: poolWidth,
});

/**
 * Problems near the edge of the policy's ability. Without `lo`/`hi`: weight s(1 − s), the variance
 * of a success, largest at s = 0.5. With them: weight 1 inside [lo, hi] and `outside` (default
 * DEFAULT_BAND_OUTSIDE) elsewhere. A problem never attempted sits at the store's prior pass rate
 * (0.5 under its Beta(1, 1) smoothing), so it gets the top variance weight and falls in any band
 * around 0.5: unexplored problems are tried early, and a few attempts then move them. With `pool`,
 * an unseen problem starts at the pass rate of its family and difficulty bucket instead, so on a
 * corpus too large to try every problem the draws still aim at the pools near the boundary.
 */
export const boundarySpecSchema = z
  .strictObject({
    kind: z.literal('boundary'),
    lo: probability.optional(),
    hi: probability.optional(),
    outside: probability.optional(),
    pool: poolWidth,
  })
  .refine((spec) => (spec.lo ?? 0) <= (spec.hi ?? 1), { message: 'lo must not exceed hi', path: ['lo'] })
  .refine((spec) => spec.outside === undefined || spec.lo !== undefined || spec.hi !== undefined, {
    message: 'outside applies only to the band form: set lo and/or hi',
    path: ['outside'],
  });

/** Band form: weight of a problem outside [lo, hi], so a band that empties as the policy learns still draws. */
export const DEFAULT_BAND_OUTSIDE = 0.01;

export type UniformSpec = z.infer<typeof uniformSpecSchema>;
export type CurriculumSpec = z.infer<typeof curriculumSpecSchema>;
export type PrioritizedSpec = z.infer<typeof prioritizedSpecSchema>;
export type BoundarySpec = z.infer<typeof boundarySpecSchema>;

export interface MixSpec {
  kind: 'mix';
  components: Array<{ weight: number; sampler: SamplerSpec }>;
}

export type SamplerSpec = UniformSpec | CurriculumSpec | PrioritizedSpec | BoundarySpec | MixSpec;

/** A sampler spec before defaults are applied: what a config file or a caller writes. */
export type SamplerSpecInput =
  | z.input<typeof uniformSpecSchema>
  | z.input<typeof curriculumSpecSchema>
  | z.input<typeof prioritizedSpecSchema>
  | z.input<typeof boundarySpecSchema>
  | { kind: 'mix'; components: Array<{ weight: number; sampler: SamplerSpecInput }> };

export const samplerSpecSchema: z.ZodType<SamplerSpec, SamplerSpecInput> = z.lazy(() =>
  z.discriminatedUnion('kind', [uniformSpecSchema, curriculumSpecSchema, prioritizedSpecSchema, boundarySpecSchema, mixSpecSchema]),
);

const mixSpecSchema = z.strictObject({
  kind: z.literal('mix'),
  components: z
    .array(z.strictObject({ weight: z.number().positive(), sampler: samplerSpecSchema }))
    .min(1, 'a mix needs at least one component'),
});

export const SAMPLER_KINDS = ['uniform', 'curriculum', 'prioritized', 'boundary', 'mix'] as const;

/** Validates an object spec, applying defaults; throws an InputError naming the bad field. */
export function parseSamplerSpecObject(input: unknown): SamplerSpec {
  const kind = checkKinds(input, 'sampler');
  const result = samplerSpecSchema.safeParse(input);
  if (!result.success) {
    throw new InputError(`invalid ${kind} sampler spec: ${z.prettifyError(result.error)}`, { field: 'sampler' });
  }
  return result.data;
}

/** Checks the kind of a spec and of its mix components first: a union's errors would bury a typo. */
function checkKinds(input: unknown, field: string): string {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(SAMPLER_KINDS as readonly string[]).includes(kind)) {
    throw new InputError(`unknown sampler kind ${JSON.stringify(kind)}; expected one of ${SAMPLER_KINDS.join(', ')}`, {
      field: `${field}.kind`,
    });
  }
  const components = (input as { components?: unknown }).components;
  if (kind === 'mix' && Array.isArray(components)) {
    components.forEach((component, index) => checkKinds((component as { sampler?: unknown } | null)?.sampler, `${field}.components[${index}].sampler`));
  }
  return kind;
}

/**
 * Parses the CLI spelling: `kind` or `kind:key=value,key=value`. A mix names its components with
 * their weights, each optionally with parameters in parentheses:
 * `mix:boundary(lo=0.2,hi=0.8)=0.7,uniform=0.3`.
 */
export function parseSamplerSpec(text: string): SamplerSpec {
  return parseSamplerSpecObject(toSpecObject(text.trim(), text));
}

/** Parses a string spec or validates an object one. */
export function resolveSamplerSpec(spec: string | SamplerSpecInput): SamplerSpec {
  return typeof spec === 'string' ? parseSamplerSpec(spec) : parseSamplerSpecObject(spec);
}

function toSpecObject(text: string, whole: string): Record<string, unknown> {
  const separator = text.indexOf(':');
  const kind = separator < 0 ? text : text.slice(0, separator);
  const body = separator < 0 ? '' : text.slice(separator + 1);
  if (kind === 'mix') return { kind, components: splitTopLevel(body, whole).map((part) => toMixComponent(part, whole)) };
  const spec: Record<string, unknown> = { kind };
  for (const pair of splitTopLevel(body, whole)) {
    const [key, value] = splitPair(pair, whole);
    spec[key] = toNumber(value, `${key}`, whole);
  }
  return spec;
}

function toMixComponent(part: string, whole: string): { weight: number; sampler: Record<string, unknown> } {
  const [component, weightText] = splitPair(part, whole, true);
  const open = component.indexOf('(');
  let inner = component;
  if (open >= 0) {
    if (!component.endsWith(')')) fail(`unbalanced parentheses in "${component}"`, whole);
    inner = `${component.slice(0, open)}:${component.slice(open + 1, -1)}`;
  }
  return { weight: toNumber(weightText, `weight of ${component}`, whole), sampler: toSpecObject(inner, whole) };
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(body: string, whole: string): string[] {
  if (body.trim() === '') return [];
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '(') depth++;
    else if (body[i] === ')' && --depth < 0) fail('unbalanced parentheses', whole);
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (depth !== 0) fail('unbalanced parentheses', whole);
  parts.push(body.slice(start).trim());
  return parts;
}

/** `key=value`; for a mix component the `=` that separates the weight is the last one. */
function splitPair(pair: string, whole: string, last = false): [string, string] {
  const at = last ? pair.lastIndexOf('=') : pair.indexOf('=');
  if (at <= 0 || at === pair.length - 1) fail(`expected key=value, received "${pair}"`, whole);
  if (last && pair.slice(at).includes(')')) fail(`expected component=weight, received "${pair}"`, whole);
  return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
}

function toNumber(value: string, what: string, whole: string): number {
  const number = Number(value);
  if (value === '' || !Number.isFinite(number)) fail(`${what} must be a number, received "${value}"`, whole);
  return number;
}

function fail(message: string, whole: string): never {
  throw new InputError(`sampler spec "${whole}": ${message}`, { field: 'sampler' });
}

/** The canonical string spelling of a spec (round-trips through parseSamplerSpec). */
export function formatSamplerSpec(spec: SamplerSpec): string {
  if (spec.kind === 'mix') {
    return `mix:${spec.components.map(({ weight, sampler }) => `${formatComponent(sampler)}=${weight}`).join(',')}`;
  }
  const parameters = Object.entries(spec).filter(([key, value]) => key !== 'kind' && value !== undefined);
  return parameters.length ? `${spec.kind}:${parameters.map(([key, value]) => `${key}=${value}`).join(',')}` : spec.kind;
}

function formatComponent(spec: SamplerSpec): string {
  const text = formatSamplerSpec(spec);
  const separator = text.indexOf(':');
  return separator < 0 ? text : `${text.slice(0, separator)}(${text.slice(separator + 1)})`;
}
