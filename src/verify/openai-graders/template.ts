/**
 * OpenAI grader templates: `{{ namespace.path }}` with namespace `item` (the dataset row) or
 * `sample` (the model output), and a JSON-path-like path (`a.b`, `a[0]`). Parsed once; a missing
 * value is reported with the namespace it was looked up in, so callers can tell a model that
 * omitted a field (sample) from a dataset that lacks one (item).
 */
export type Namespace = 'item' | 'sample';
export type Namespaces = Record<Namespace, unknown>;
export type Template = (namespaces: Namespaces) => string;

export class MissingTemplateValue extends Error {
  constructor(
    readonly namespace: Namespace,
    readonly reference: string,
  ) {
    super(`template {{${reference}}}: ${namespace} has no value there`);
    this.name = 'MissingTemplateValue';
  }
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const SEGMENT = /\.?([A-Za-z_][\w-]*)|\[(\d+)\]|\["([^"]*)"\]/y;

export function compileTemplate(template: string): Template {
  const parts: Array<string | { namespace: Namespace; path: Array<string | number>; reference: string }> = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, match.index));
    parts.push(parseReference(match[1]!));
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  return (namespaces) =>
    parts
      .map((part) => {
        if (typeof part === 'string') return part;
        const value = lookUp(namespaces[part.namespace], part.path);
        if (value === undefined || value === null) throw new MissingTemplateValue(part.namespace, part.reference);
        return typeof value === 'string' ? value : JSON.stringify(value);
      })
      .join('');
}

function parseReference(reference: string): { namespace: Namespace; path: Array<string | number>; reference: string } {
  const path: Array<string | number> = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < reference.length) {
    const match = SEGMENT.exec(reference);
    if (!match) throw new Error(`template {{${reference}}}: cannot read the path (use namespace.field, field[0] or field["key"])`);
    path.push(match[2] !== undefined ? Number(match[2]) : (match[1] ?? match[3])!);
  }
  const [namespace, ...rest] = path;
  if (namespace !== 'item' && namespace !== 'sample') {
    throw new Error(`template {{${reference}}}: the namespace must be "item" or "sample"`);
  }
  if (rest.length === 0) throw new Error(`template {{${reference}}}: name a variable, e.g. {{${namespace}.answer}}`);
  return { namespace, path: rest, reference };
}

function lookUp(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}
