import { describe, expect, it } from 'vitest';
import { normalizedHash, normalizeText } from './normalize-text.js';

describe('normalizeText', () => {
  it('folds case, Unicode forms and every kind of whitespace run to one space', () => {
    expect(normalizeText('  Compute  12 +\t30\n\n= ?  ')).toBe('compute 12 + 30 = ?');
    expect(normalizeText('a\u00a0b\u3000c\r\nd')).toBe('a b c d');
    expect(normalizeText('ＣＯＭＰＵＴＥ １２')).toBe('compute 12');
    expect(normalizeText('already single spaced text')).toBe('already single spaced text');
  });

  it('gives prompts that differ only in case and spacing the same hash', () => {
    expect(normalizedHash('What is 2 + 2?')).toBe(normalizedHash(' what  IS 2\t+ 2? '));
    expect(normalizedHash('What is 2 + 2?')).not.toBe(normalizedHash('What is 2 + 3?'));
    expect(normalizedHash('x')).toMatch(/^[0-9a-f]{40}$/);
  });
});
