import { readFile } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';
import { parseBatchLine } from '../batch-line.js';
import type { LabeledCase } from './audit-verifier.js';

/**
 * Reads a labeled JSONL file: the lines of `rlvr verify --input` plus `"label": true|false` (is the
 * response truly correct?). An audit needs every label, so the first bad line stops it, named.
 */
export async function readLabeledCases(file: string, defaultConfig?: Record<string, unknown>): Promise<LabeledCase[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read the labeled set (${error.code ?? error.message})`, { file });
  });
  const cases: LabeledCase[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const lineNumber = index + 1;
    const parsed = parseBatchLine(line, lineNumber, defaultConfig);
    if (!parsed.ok) throw new InputError(parsed.message, { file, line: lineNumber });
    const label = (JSON.parse(line) as { label?: unknown }).label;
    if (typeof label !== 'boolean') throw new InputError('expected true or false (is the response correct?)', { file, line: lineNumber, field: 'label' });
    cases.push({ id: String(parsed.id), label, ...parsed.input });
  }
  if (cases.length === 0) throw new InputError('the labeled set is empty', { file });
  return cases;
}
